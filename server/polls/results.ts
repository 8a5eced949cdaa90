// What a poll shows one member: whether it is open, their own answer, and the cohort's
// results when the poll's `results` setting allows. No bar ever points at a person: a
// question with fewer than 5 answers, or with an option chosen by 1 or 2 people out of fewer
// than 20, shows "too few answers yet" instead of counts, to organisers as well.
import { DateTime } from 'luxon';
import type { Poll } from '../content/polls.ts';
import type { FieldErrors } from '../core/forms.ts';
import type { Ballot, TallyRow } from './queries.ts';

export const smallestTotal = 5;
export const smallCellsBelow = 20;

/** May these counts be shown? `total` answers, `counts` per option (or per shift cell). */
export function enoughToShow(total: number, counts: number[]): boolean {
  if (total < smallestTotal) return false;
  if (total < smallCellsBelow && counts.some((c) => c >= 1 && c <= 2)) return false;
  return true;
}

export interface Bar {
  key: string;
  label: string;
  votes: number;
  /** 0..100, of the question's answers. */
  percent: number;
  mine: boolean;
  reasons: string[];
}

export interface QuestionResult {
  id: string;
  text: string;
  voters: number;
  /** false: "too few answers yet", and bars carry no counts. */
  enough: boolean;
  bars: Bar[];
  /** The member's own answer (labels, in order); [] when they have not answered. */
  mine: string[];
}

export interface ShiftView {
  question: string;
  members: number;
  enough: boolean;
  rows: { from: string; to: string; members: number }[];
}

/** What the form shows as chosen: from the member's ballot or from a refused post. */
export interface VoteForm {
  /** Per question id ('' for a plain poll): the options in order. */
  chosen: Record<string, string[]>;
  reason: string;
}

export interface PollView {
  poll: Poll;
  /** The element id on the page, for the htmx swap and the #fragment after a vote. */
  anchor: string;
  action: string;
  open: boolean;
  closesAt: Date | null;
  voted: boolean;
  showResults: boolean;
  /** Why results are hidden: 'after_vote' (vote first) or 'after_close' (wait). */
  hiddenUntil: 'after_vote' | 'after_close' | null;
  results: QuestionResult[];
  form: VoteForm;
  errors: FieldErrors;
  /** The member's own move since the earlier poll, per question (labels). */
  moved: { question: string; from: string; to: string }[];
  shift: ShiftView[] | null;
  /** Positions a ranked form offers. */
  rankSlots: number;
  /** The longest reason the form takes. */
  reasonMax: number;
  /**
   * Where the member may post their own reason as a comment (the exhibit's thread), with the
   * reason; null for a room's poll, a scan, or without a reason.
   */
  share: { action: string; reason: string } | null;
  /** The poll's heading level where it stands (its parts are one lower). */
  level: 2 | 3;
  timezone: string;
}

export const anchorOf = (poll: Poll) => `poll-${poll.id}`;

/** When the poll stops taking votes: closes_after_days after its room opens, local time. */
export function closesAt(poll: Poll, roomOpensAt: Date, timezone: string): Date | null {
  if (poll.closesAfterDays === null) return null;
  return DateTime.fromJSDate(roomOpensAt, { zone: timezone })
    .plus({ days: poll.closesAfterDays })
    .toJSDate();
}

const labelOf = (poll: Poll, key: string) => poll.options.find((o) => o.key === key)?.label ?? key;

export function questionResults(
  poll: Poll,
  tallies: TallyRow[],
  mine: Ballot[],
  reasons: { question: string; option: string; reason: string }[],
): QuestionResult[] {
  return poll.questions.map((q) => {
    // Votes for a key the author removed no longer count: the check with --db names them.
    const keys = new Set(poll.options.map((o) => o.key));
    const rows = tallies.filter(
      (t) => t.pollId === poll.id && t.question === q.id && keys.has(t.option),
    );
    const voters = rows.filter((r) => r.position === 1).reduce((n, r) => n + r.votes, 0);
    // Ranked polls chart first choices; the others every choice (one per ballot but multiple).
    const counted = poll.type === 'ranked' ? rows.filter((r) => r.position === 1) : rows;
    const counts = poll.options.map((o) =>
      counted.filter((r) => r.option === o.key).reduce((n, r) => n + r.votes, 0),
    );
    const enough = enoughToShow(voters, counts);
    const own = mine.find((b) => b.question === q.id)?.options ?? [];
    return {
      id: q.id,
      text: q.text,
      voters,
      enough,
      mine: own.map((k) => labelOf(poll, k)),
      bars: poll.options.map((o, i) => {
        const votes = enough ? (counts[i] ?? 0) : 0;
        return {
          key: o.key,
          label: o.label,
          votes,
          percent: enough && voters ? Math.round((votes / voters) * 100) : 0,
          mine: own.includes(o.key),
          reasons: enough
            ? reasons.filter((r) => r.question === q.id && r.option === o.key).map((r) => r.reason)
            : [],
        };
      }),
    };
  });
}

export function shiftViews(
  poll: Poll,
  rows: { question: string; from: string; to: string; members: number }[],
): ShiftView[] {
  return poll.questions.map((q) => {
    const mine = rows.filter((r) => r.question === q.id);
    const members = mine.reduce((n, r) => n + r.members, 0);
    const enough = enoughToShow(
      members,
      mine.map((r) => r.members),
    );
    return {
      question: q.text,
      members,
      enough,
      rows: enough
        ? mine
            .filter((r) => r.from !== r.to)
            .sort((a, b) => b.members - a.members)
            .map((r) => ({
              from: labelOf(poll, r.from),
              to: labelOf(poll, r.to),
              members: r.members,
            }))
        : [],
    };
  });
}

export function movedBetween(poll: Poll, earlier: Ballot[], later: Ballot[]) {
  return poll.questions.flatMap((q) => {
    const a = earlier.find((b) => b.question === q.id)?.options[0];
    const b = later.find((x) => x.question === q.id)?.options[0];
    return a && b ? [{ question: q.text, from: labelOf(poll, a), to: labelOf(poll, b) }] : [];
  });
}

export function formFromBallots(ballots: Ballot[]): VoteForm {
  const chosen: Record<string, string[]> = {};
  for (const b of ballots) chosen[b.question] = [...b.options];
  return { chosen, reason: ballots.find((b) => b.reason)?.reason ?? '' };
}

/** Whether results show: `always`; after the member voted; once closed. Organisers always. */
export function resultsVisible(
  poll: Poll,
  state: { voted: boolean; closed: boolean; organises: boolean },
): { show: boolean; hiddenUntil: PollView['hiddenUntil'] } {
  if (state.organises || poll.results === 'always') return { show: true, hiddenUntil: null };
  if (poll.results === 'after_vote')
    return state.voted || state.closed
      ? { show: true, hiddenUntil: null }
      : { show: false, hiddenUntil: 'after_vote' };
  return state.closed
    ? { show: true, hiddenUntil: null }
    : { show: false, hiddenUntil: 'after_close' };
}
