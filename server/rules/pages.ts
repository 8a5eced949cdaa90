// The rules page: the rules in force with their version, the settings they decide (who set
// each, when, by how many votes), open proposals with a live bar and the member's own vote,
// the proposal form, and the history. A refused form re-renders the page with its text kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { errorList, type FieldErrors } from '../core/forms.ts';
import { currentHouseRules } from '../core/house-rules.ts';
import { houseSettingDefinitions, listSettingsInForce } from '../core/house-settings.ts';
import {
  type AnswerForm,
  answerMax,
  bodyMax,
  emptyProposal,
  newRule,
  type ProposalForm,
  proposalFields,
  reasonMax,
  titleMax,
  type VoteForm,
} from './forms.ts';
import {
  activeDays,
  countActiveMembers,
  listChanges,
  listObjections,
  listProposals,
  outcomeOf,
  tallies,
  votesBy,
} from './queries.ts';

const dayMs = 24 * 3600 * 1000;

/** Proposals may be made until a week after the first room opens. */
export function proposalsCloseAt(member: Membership): Date {
  const first = member.schedule[0]?.opensAt ?? new Date(`${member.cohort.startsOn}T00:00:00Z`);
  return new Date(first.getTime() + 7 * dayMs);
}

export interface RulesPageState {
  status?: number;
  /** A message for the page as a whole (a vote on a proposal that has just closed). */
  notice?: string;
  proposal?: { form: ProposalForm; errors: FieldErrors };
  vote?: { id: number; form: VoteForm; errors: FieldErrors };
  answer?: { id: number; form: AnswerForm; errors: FieldErrors };
  /** An htmx vote: only this proposal's partial, the same one the page includes. */
  only?: number;
}

/** The bar's three parts as percentages of the responses (SVG widths: no inline styles). */
function bar(t: { consent: number; abstain: number; object: number; responses: number }) {
  const of = (n: number) => (t.responses ? (n * 100) / t.responses : 0);
  const consent = of(t.consent);
  const abstain = of(t.abstain);
  return {
    consent: { x: 0, width: consent },
    abstain: { x: consent, width: abstain },
    object: { x: consent + abstain, width: of(t.object) },
  };
}

export async function renderRulesPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  state: RulesPageState = {},
) {
  const db = app.db;
  const now = app.clock();
  const cohortId = member.cohort.id;
  const [current, settings, proposals, changes, active] = await Promise.all([
    currentHouseRules(db, cohortId, member.course),
    listSettingsInForce(db, cohortId, member.course),
    listProposals(db, cohortId),
    listChanges(db, cohortId),
    countActiveMembers(db, cohortId, now),
  ]);
  const open = proposals.filter((p) => p.status === 'open');
  const closed = proposals.filter((p) => p.status !== 'open');
  const ids = open.map((p) => p.id);
  const [counts, mine, objections] = await Promise.all([
    tallies(db, ids),
    votesBy(db, member.userId, ids),
    listObjections(db, ids),
  ]);
  const rulesById = new Map(current.rules.map((r) => [r.id, r]));
  const openViews = open.map((p) => {
    const tally = counts.get(p.id) ?? {
      consent: 0,
      abstain: 0,
      object: 0,
      responses: 0,
      unanswered: 0,
    };
    const own = mine.get(p.id) ?? null;
    const voteState = state.vote?.id === p.id ? state.vote : null;
    const answerState = state.answer?.id === p.id ? state.answer : null;
    return {
      ...p,
      mine: p.proposerId === member.userId,
      current: rulesById.get(p.ruleId) ?? null,
      tally,
      outcome: outcomeOf(tally, active),
      bar: bar(tally),
      own,
      voteForm: voteState?.form ?? { vote: own?.vote ?? '', reason: own?.reason ?? '' },
      voteErrors: voteState?.errors ?? {},
      answerState,
      objections: objections
        .filter((o) => o.proposalId === p.id)
        .map((o) => ({ ...o, yours: o.userId === member.userId })),
    };
  });
  const closesAt = proposalsCloseAt(member);
  const proposalErrors = state.proposal?.errors ?? {};
  const locale = request.localeFor(member.course.language);
  const only = openViews.find((p) => p.id === state.only);
  if (only) {
    const shared = {
      cohort: member.cohort,
      timezone: member.cohort.timezone,
      reasonMax,
      answerMax,
    };
    return reply.page(
      'rules/_proposal',
      { title: 'rules.title', ...shared, p: only, errors: only.voteErrors },
      { status: state.status ?? 200, locale, fragment: true },
    );
  }
  return reply.page(
    'rules/rules',
    {
      title: 'rules.title',
      cohort: member.cohort,
      course: member.course,
      draft: member.course.houseRules,
      version: current.version,
      rules: current.rules,
      settings,
      open: openViews,
      closed,
      changes,
      active,
      activeDays,
      canPropose: now.getTime() < closesAt.getTime(),
      proposalsCloseAt: closesAt,
      proposal: state.proposal?.form ?? emptyProposal,
      proposalErrors,
      proposalErrorList: errorList(proposalErrors, proposalFields),
      newRule,
      settingValues: Object.fromEntries(
        Object.entries(houseSettingDefinitions).map(([k, d]) => [k, d.values]),
      ),
      titleMax,
      bodyMax,
      reasonMax,
      answerMax,
      timezone: member.cohort.timezone,
      ...(state.notice ? { notice: state.notice } : {}),
    },
    { status: state.status ?? 200, locale },
  );
}
