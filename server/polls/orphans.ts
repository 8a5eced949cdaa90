// For `npm run content:check --db`: polls and options that have votes but are no longer in
// the content. Option keys are the author's, so a relabelled option keeps its votes; a key
// renamed or removed (or a poll id, or a scan statement's id, changed) leaves its votes
// behind, and this says so.
import { count } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cohorts, pollVotes } from '../../db/schema.ts';
import type { Catalogue } from '../content/types.ts';

export interface VoteOrphan {
  courseId: string;
  pollId: string;
  /** A scan's statement that is gone (its options with it); null otherwise. */
  question: string | null;
  /** null: the whole poll, or the statement, is gone. */
  option: string | null;
  votes: number;
  cohorts: string[];
}

export async function findVoteOrphans(db: Db, catalogue: Catalogue): Promise<VoteOrphan[]> {
  const [cohortRows, rows] = await Promise.all([
    db.select({ id: cohorts.id, slug: cohorts.slug, courseId: cohorts.courseId }).from(cohorts),
    db
      .select({
        cohortId: pollVotes.cohortId,
        pollId: pollVotes.pollId,
        question: pollVotes.question,
        option: pollVotes.option,
        n: count(),
      })
      .from(pollVotes)
      .groupBy(pollVotes.cohortId, pollVotes.pollId, pollVotes.question, pollVotes.option),
  ]);
  const cohortOf = new Map(cohortRows.map((c) => [c.id, c]));
  const found = new Map<string, VoteOrphan>();
  for (const r of rows) {
    const cohort = cohortOf.get(r.cohortId);
    const course = cohort && catalogue.courses.get(cohort.courseId);
    // A course that is gone altogether is the conversation check's to report.
    if (!cohort || !course) continue;
    const poll = course.polls.get(r.pollId);
    const asked = poll?.questions.some((q) => q.id === r.question) ?? false;
    if (asked && poll?.options.some((o) => o.key === r.option)) continue;
    const question = poll && !asked ? r.question : null;
    const option = poll && asked ? r.option : null;
    const key = `${course.id}:${r.pollId}:${question ?? ''}:${option ?? ''}`;
    const o = found.get(key) ?? {
      courseId: course.id,
      pollId: r.pollId,
      question,
      option,
      votes: 0,
      cohorts: [],
    };
    o.votes += Number(r.n);
    if (!o.cohorts.includes(cohort.slug)) o.cohorts.push(cohort.slug);
    found.set(key, o);
  }
  for (const o of found.values()) o.cohorts.sort();
  return [...found.values()].sort(
    (a, b) =>
      a.courseId.localeCompare(b.courseId) ||
      a.pollId.localeCompare(b.pollId) ||
      (a.question ?? '').localeCompare(b.question ?? '') ||
      (a.option ?? '').localeCompare(b.option ?? ''),
  );
}

export function formatVoteOrphan(o: VoteOrphan): string {
  const votes = `${o.votes} vote${o.votes === 1 ? '' : 's'}`;
  const where = `${o.cohorts.length === 1 ? 'cohort' : 'cohorts'} ${o.cohorts.join(', ')}`;
  if (o.question !== null)
    return `content: statement "${o.question}" of scan ${o.courseId}/${o.pollId} has ${votes} in ${where} but is not in the scan any more: keep its id "${o.question}" and change only its text`;
  return o.option === null
    ? `content: poll ${o.courseId}/${o.pollId} has ${votes} in ${where} but is not in the content any more: if you renamed it, give it back its id "${o.pollId}"`
    : `content: option "${o.option}" of poll ${o.courseId}/${o.pollId} has ${votes} in ${where} but is not in the poll any more: keep the key "${o.option}" and change only its label`;
}
