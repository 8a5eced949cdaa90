// Loads the polls of one place (a room's introduction or an exhibit's note) for one member:
// their answers, the tallies and reasons, and, for a repeated poll, the earlier answers.
import type { FastifyInstance } from 'fastify';
import type { Poll } from '../content/polls.ts';
import { rankedMax } from '../content/polls.ts';
import type { Membership } from '../core/access.ts';
import type { CohortContext } from '../core/context.ts';
import type { FieldErrors } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { reasonMax } from './forms.ts';
import { findBallots, findReasons, findShift, findTallies } from './queries.ts';
import {
  anchorOf,
  closesAt,
  formFromBallots,
  movedBetween,
  type PollView,
  questionResults,
  resultsVisible,
  shiftViews,
  type VoteForm,
} from './results.ts';

/** The room's opening moment in the member's cohort (the schedule knows overrides). */
export function roomOpensAt(context: CohortContext, roomId: string): Date | null {
  return context.schedule.find((s) => s.room.id === roomId)?.opensAt ?? null;
}

export function pollClosesAt(context: CohortContext, poll: Poll): Date | null {
  const opens = roomOpensAt(context, poll.roomId);
  return opens ? closesAt(poll, opens, context.cohort.timezone) : null;
}

export async function loadPollViews(
  app: FastifyInstance,
  member: Membership,
  polls: Poll[],
  refused?: { pollId: string; form: VoteForm; errors: FieldErrors },
  level?: 2 | 3,
): Promise<Map<string, PollView>> {
  const { cohort } = member;
  const now = app.clock();
  const earlierIds = polls.flatMap((p) => (p.repeatOf ? [p.repeatOf] : []));
  const ids = [...new Set([...polls.map((p) => p.id), ...earlierIds])];
  const [ballots, tallies] = await Promise.all([
    findBallots(app.db, cohort.id, member.userId, ids),
    findTallies(
      app.db,
      cohort.id,
      polls.map((p) => p.id),
    ),
  ]);
  const out = new Map<string, PollView>();
  for (const poll of polls) {
    const mine = ballots.get(poll.id) ?? [];
    const closes = pollClosesAt(member, poll);
    const closed = closes !== null && now >= closes;
    const voted = mine.length > 0;
    const visible = resultsVisible(poll, { voted, closed, organises: member.organises });
    const reasons =
      visible.show && poll.reason !== 'none' ? await findReasons(app.db, cohort.id, poll.id) : [];
    const earlier = poll.repeatOf ? (ballots.get(poll.repeatOf) ?? []) : [];
    const shift =
      poll.repeatOf && visible.show
        ? shiftViews(poll, await findShift(app.db, cohort.id, poll.repeatOf, poll.id))
        : null;
    const own = refused?.pollId === poll.id ? refused : null;
    const reason = mine[0]?.reason ?? '';
    out.set(poll.id, {
      poll,
      anchor: anchorOf(poll),
      action: paths.pollVote(cohort.slug, poll.id),
      open: !closed,
      closesAt: closes,
      voted,
      showResults: visible.show,
      hiddenUntil: visible.hiddenUntil,
      results: visible.show ? questionResults(poll, tallies, mine, reasons) : [],
      form: own?.form ?? formFromBallots(mine),
      errors: own?.errors ?? {},
      moved: movedBetween(poll, earlier, mine),
      shift,
      rankSlots: Math.min(rankedMax, poll.options.length),
      reasonMax,
      // The reason goes to the exhibit's own thread through its usual form, so it is checked,
      // limited and moderated like every other comment.
      share:
        poll.exhibitId && poll.type !== 'scan' && visible.show && reason
          ? { action: paths.exhibitComments(cohort.slug, poll.roomId, poll.exhibitId), reason }
          : null,
      // In an exhibit's note the poll sits under the note's heading; in a room's introduction
      // under the page's own.
      level: level ?? (poll.exhibitId ? 3 : 2),
      timezone: cohort.timezone,
    });
  }
  return out;
}
