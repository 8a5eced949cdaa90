// Voting: POST /c/:cohort/polls/:poll/vote. Without JavaScript a vote redirects back to the
// poll's place in the text; a refusal is a page of its own with the form, what was chosen and
// typed kept (422). With htmx the poll is swapped in place, refused or not.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Poll } from '../content/polls.ts';
import { type Membership, memberOf, requireMember } from '../core/access.ts';
import { type FieldErrors, fieldError } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { isFragmentRequest } from '../core/views.ts';
import { roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { checkVote } from './forms.ts';
import { castVote, findBallots } from './queries.ts';
import { anchorOf, type VoteForm } from './results.ts';
import { loadPollViews, pollClosesAt } from './views.ts';

type Params = { cohort: string; poll: string };

/** The poll, in a room the member may see now; 404 otherwise (as for the room itself). */
function findPoll(member: Membership, pollId: string): Poll {
  const poll = member.course.polls.get(pollId);
  if (!poll || !roomAccess(member, poll.roomId)?.visible) throw new NotFoundError();
  return poll;
}

/** Where the poll stands in the text. */
export const placeOf = (member: Membership, poll: Poll) =>
  poll.exhibitId
    ? paths.exhibit(member.cohort.slug, poll.roomId, poll.exhibitId)
    : paths.room(member.cohort.slug, poll.roomId);

async function renderPoll(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  poll: Poll,
  refused?: { form: VoteForm; errors: FieldErrors },
) {
  const fragment = isFragmentRequest(request);
  // A swap takes the poll's place in the text; a page of its own puts it under its title.
  const views = await loadPollViews(
    app,
    member,
    [poll],
    refused && { pollId: poll.id, ...refused },
    fragment ? undefined : 2,
  );
  const block = views.get(poll.id);
  const room = member.schedule.find((s) => s.room.id === poll.roomId)?.room;
  return reply.page(
    fragment ? 'polls/_poll' : 'polls/vote',
    {
      title: 'polls.pageTitle',
      cohort: member.cohort,
      course: member.course,
      room,
      block,
      back: `${placeOf(member, poll)}#${anchorOf(poll)}`,
    },
    {
      status: refused ? 422 : 200,
      locale: request.localeFor(member.course.language),
      fragment,
    },
  );
}

/** Whether the member has answered a poll that repeats this one (its `repeat_of`). */
async function answeredRepeat(app: FastifyInstance, member: Membership, pollId: string) {
  const repeats = [...member.course.polls.values()]
    .filter((p) => p.repeatOf === pollId)
    .map((p) => p.id);
  if (!repeats.length) return false;
  return (await findBallots(app.db, member.cohort.id, member.userId, repeats)).size > 0;
}

export default async function pollRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));

  app.post<{ Params: Params; Body: Record<string, unknown> }>(
    '/c/:cohort/polls/:poll/vote',
    { schema: params({ cohort: slugParam, poll: slugParam }), preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const poll = findPoll(member, request.params.poll);
      const { form, errors, ballots, reason } = checkVote(poll, request.body ?? {});
      const closes = pollClosesAt(member, poll);
      if (closes && app.clock() >= closes)
        return renderPoll(app, request, reply, member, poll, {
          form,
          errors: { ...errors, poll: fieldError('polls.error.closed') },
        });
      // The first answer of a before-and-after stays as it was once the member has answered
      // the repeat: changing it afterwards would rewrite where they started.
      if (await answeredRepeat(app, member, poll.id))
        return renderPoll(app, request, reply, member, poll, {
          form,
          errors: { ...errors, poll: fieldError('polls.error.answeredAgain') },
        });
      if (!ballots) return renderPoll(app, request, reply, member, poll, { form, errors });
      await castVote(app.db, {
        cohortId: member.cohort.id,
        pollId: poll.id,
        userId: member.userId,
        ballots,
        reason,
        now: app.clock(),
      });
      if (isFragmentRequest(request)) return renderPoll(app, request, reply, member, poll);
      reply.flash({ key: 'polls.saved' });
      return reply.redirect(`${placeOf(member, poll)}#${anchorOf(poll)}`, 303);
    },
  );
}
