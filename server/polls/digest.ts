// Polls in the digest: those in open rooms the member has not answered yet (a reminder that
// rides along with other news), and the results of polls that closed in the period, with the
// member's own answer (news of its own).
import { type DigestSection, perMemberInRun, sharedInRun } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { type Ballot, findMembersBallots, findTallies } from './queries.ts';
import { anchorOf, type QuestionResult, questionResults } from './results.ts';
import { pollClosesAt, roomOpensAt } from './views.ts';

export interface DigestPolls {
  open: { question: string; href: string }[];
  closed: { question: string; href: string; mine: string[]; results: QuestionResult[] }[];
}

export const pollsDigest: DigestSection<DigestPolls> = {
  name: 'polls',
  order: 65,
  view: 'polls/_digest',
  async load(app, request) {
    const { context, since, until } = request;
    const polls = [...context.course.polls.values()].filter((p) => {
      const opens = roomOpensAt(context, p.roomId);
      return opens !== null && opens <= until;
    });
    // Reminders are for the room the cohort is in now (the latest to have opened).
    const current = context.schedule.findLast((s) => s.opensAt <= until)?.room.id ?? null;
    if (!polls.length) return null;
    const closing = polls.filter((p) => {
      const closes = pollClosesAt(context, p);
      return closes && closes <= until && closes > since;
    });
    const [ballots, tallies] = await Promise.all([
      perMemberInRun(request, 'polls:ballots', (userIds) =>
        findMembersBallots(
          app.db,
          context.cohort.id,
          userIds,
          polls.map((p) => p.id),
        ),
      ).then((mine) => mine ?? new Map<string, Ballot[]>()),
      // The counts of the polls that closed are the same for every member of the run.
      sharedInRun(request, 'polls:closed', () =>
        findTallies(
          app.db,
          context.cohort.id,
          closing.map((p) => p.id),
        ),
      ),
    ]);
    const href = (p: (typeof polls)[number]) =>
      absolute(
        app.config.baseUrl,
        `${
          p.exhibitId
            ? paths.exhibit(context.cohort.slug, p.roomId, p.exhibitId)
            : paths.room(context.cohort.slug, p.roomId)
        }#${anchorOf(p)}`,
      );
    const open: DigestPolls['open'] = [];
    for (const p of polls) {
      const closes = pollClosesAt(context, p);
      const closed = closes && closes <= until;
      if (!closed && p.roomId === current && !ballots.has(p.id))
        open.push({ question: p.question, href: href(p) });
    }
    const closed = closing.map((p) => {
      const mine = ballots.get(p.id) ?? [];
      const results = questionResults(p, tallies, mine, []);
      return {
        question: p.question,
        href: href(p),
        mine: results.flatMap((r) => r.mine),
        results,
      };
    });
    if (!open.length && !closed.length) return null;
    return { open, closed };
  },
  // A reminder alone is no reason to write (it would come every day); results are news.
  worthSending: (d) => d.closed.length > 0,
  // Named in the subject only for results, after everything else (rank 95).
  subject: (d, tr) =>
    d.closed.length ? [{ rank: 95, text: tr.tn('polls.digest.subject', d.closed.length) }] : [],
};
