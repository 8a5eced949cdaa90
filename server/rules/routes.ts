// The rules page and its three forms, for the cohort's members and organisers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Membership, memberOf, requireMember } from '../core/access.ts';
import { fieldError } from '../core/forms.ts';
import { currentHouseRules } from '../core/house-rules.ts';
import { paths } from '../core/paths.ts';
import { isFragmentRequest } from '../core/views.ts';
import { NotAllowedError, NotFoundError } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import { checkAnswer, checkProposal, checkVote, openPerMember } from './forms.ts';
import { proposalsCloseAt, renderRulesPage } from './pages.ts';
import {
  answerObjection,
  castVote,
  countOpenProposalsBy,
  createProposal,
  findProposal,
  listProposals,
} from './queries.ts';

type CohortParams = { cohort: string };
type ProposalParams = CohortParams & { id: string };
type Body = Record<string, unknown>;
const schema = params({ cohort: slugParam });
const proposalSchema = params({ cohort: slugParam, id: idParam });

type Proposal = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

// The proposal a vote or an answer is about. Missing is a 404, not the member's to act
// on is a 403, and closed sends the page back with a notice (then nothing is returned),
// so that both forms refuse in the same way and in the same order.
async function openProposal(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: ProposalParams }>,
  reply: FastifyReply,
  mayAct: (proposal: Proposal, member: Membership) => boolean = () => true,
): Promise<{ member: Membership; proposal: Proposal } | undefined> {
  const member = memberOf(request);
  const proposal = await findProposal(app.db, member.cohort.id, Number(request.params.id));
  if (!proposal) throw new NotFoundError();
  if (!mayAct(proposal, member)) throw new NotAllowedError();
  if (proposal.status !== 'open') {
    await renderRulesPage(app, request, reply, member, {
      status: 422,
      notice: 'rules.error.voteClosed',
    });
    return undefined;
  }
  return { member, proposal };
}

export default async function rulesRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));

  app.get<{ Params: CohortParams }>('/c/:cohort/rules', { schema }, (request, reply) =>
    renderRulesPage(app, request, reply, memberOf(request)),
  );

  app.post<{ Params: CohortParams; Body: Body }>(
    '/c/:cohort/rules/proposals',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const now = app.clock();
      const current = await currentHouseRules(app.db, member.cohort.id, member.course);
      const proposed = await listProposals(app.db, member.cohort.id);
      const { form, errors, values } = checkProposal(
        request.body ?? {},
        current.rules,
        new Set(proposed.map((p) => p.ruleId)),
      );
      if (now.getTime() >= proposalsCloseAt(member).getTime())
        errors.rule = fieldError('rules.error.firstWeekOver');
      else if (
        (await countOpenProposalsBy(app.db, member.cohort.id, member.userId)) >= openPerMember
      )
        errors.rule = fieldError('rules.error.tooMany', { max: openPerMember });
      if (!values || errors.rule) {
        return renderRulesPage(app, request, reply, member, {
          status: 422,
          proposal: { form, errors },
        });
      }
      const proposal = await createProposal(app.db, {
        cohortId: member.cohort.id,
        proposerId: member.userId,
        now,
        ...values,
      });
      reply.flash({ key: 'rules.proposed' });
      return reply.redirect(paths.ruleProposal(member.cohort.slug, proposal.id), 303);
    },
  );

  app.post<{ Params: ProposalParams; Body: Body }>(
    '/c/:cohort/rules/proposals/:id/vote',
    { schema: proposalSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const found = await openProposal(app, request, reply);
      if (!found) return reply;
      const { member, proposal } = found;
      const { form, errors, values } = checkVote(request.body ?? {});
      // With htmx the proposal is swapped in place; without, the page comes back.
      const only = isFragmentRequest(request) ? proposal.id : undefined;
      if (!values) {
        return renderRulesPage(app, request, reply, member, {
          status: 422,
          vote: { id: proposal.id, form, errors },
          only,
        });
      }
      await castVote(app.db, {
        proposalId: proposal.id,
        userId: member.userId,
        now: app.clock(),
        ...values,
      });
      if (only) return renderRulesPage(app, request, reply, member, { only });
      reply.flash({ key: 'rules.voted' });
      return reply.redirect(paths.ruleProposal(member.cohort.slug, proposal.id), 303);
    },
  );

  app.post<{ Params: ProposalParams; Body: Body }>(
    '/c/:cohort/rules/proposals/:id/answer',
    { schema: proposalSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      // Only the proposer answers the objections to their proposal.
      const found = await openProposal(app, request, reply, (p, m) => p.proposerId === m.userId);
      if (!found) return reply;
      const { member, proposal } = found;
      const { form, errors, values } = checkAnswer(request.body ?? {});
      const answered =
        values &&
        (await answerObjection(app.db, { proposalId: proposal.id, now: app.clock(), ...values }));
      if (!answered) {
        if (values) errors.objection = fieldError('rules.error.objection');
        return renderRulesPage(app, request, reply, member, {
          status: 422,
          answer: { id: proposal.id, form, errors },
        });
      }
      reply.flash({ key: 'rules.answered' });
      return reply.redirect(paths.ruleProposal(member.cohort.slug, proposal.id), 303);
    },
  );
}
