// The participation export's rows: every member of a cohort with their counts. The counts are
// read first, for the whole cohort (numbers by id); the members, names and addresses, in keyset
// batches by (lower(name), id), so the export of a 10,000-member cohort holds one batch of
// them at a time and its first rows leave before the last are read.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import { inPublicThread } from '../core/public-threads.ts';

// Circles' talk is private to them (docs/decisions/019): the comment count leaves it out.
const publicThread = inPublicThread(sql.raw('c.thread'));

/** Members per query: a batch's rows are all the export holds at once. */
export const PARTICIPATION_BATCH = 500;

export interface Participation {
  name: string;
  email: string;
  role: string;
  enrolledAt: Date;
  visits: number;
  comments: number;
  contributions: number;
  reviewsGiven: number;
  reviewsReceived: number;
}

/** The export's columns. places_visited: the rooms and exhibits a member opened (each once). */
export const participationHeader = [
  'name',
  'email',
  'role',
  'enrolled_at',
  'places_visited',
  'comments',
  'contributions',
  'reviews_given',
  'reviews_received',
];

/** A member's cells, in the order of the header. */
export const participationCells = (r: Participation): unknown[] => [
  r.name,
  r.email,
  r.role,
  r.enrolledAt,
  r.visits,
  r.comments,
  r.contributions,
  r.reviewsGiven,
  r.reviewsReceived,
];

/**
 * Where a batch starts: after this member in the export's order. The name is lower(name) as
 * the database computed it, so the next batch compares like with like (same collation).
 */
export type ParticipationKey = readonly [lowerName: string, userId: number];

/** Before every member: '' sorts first and ids start at 1. */
const start: ParticipationKey = ['', 0];

/**
 * One count per user id, as two sorted typed arrays (8 bytes a member: 80 KB for 10,000,
 * where a Map of them takes half a megabyte); a member with none is not in it.
 */
export class CountsById {
  constructor(
    private ids: Int32Array,
    private counts: Int32Array,
  ) {}

  static fromRows(rows: { id: number; n: number }[]): CountsById {
    return new CountsById(
      Int32Array.from(rows, (r) => Number(r.id)),
      Int32Array.from(rows, (r) => Number(r.n)),
    );
  }

  get(id: number): number {
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.ids[mid] ?? 0;
      if (at === id) return this.counts[mid] ?? 0;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }
}

/** Each member's counts in the cohort, by user id. */
export interface ParticipationCounts {
  visits: CountsById;
  comments: CountsById;
  contributions: CountsById;
  reviewsGiven: CountsById;
  reviewsReceived: CountsById;
}

/**
 * The counts of the whole cohort, one grouped pass over each table (at once): a lookup per
 * member and table cost ~17 ms a batch of 500, more than twice the whole export this way.
 * Numbers only, by id: the names and addresses are what the batches stream.
 */
export async function countParticipation(db: Db, cohortId: number): Promise<ParticipationCounts> {
  const counted = async (query: SQL) =>
    CountsById.fromRows(
      rowsOf<{ id: number; n: number }>(await db.execute(sql`${query} ORDER BY 1`)),
    );
  const [visits, comments, contributions, reviewsGiven, reviewsReceived] = await Promise.all([
    counted(sql`SELECT user_id AS id, count(*)::int AS n FROM visits
      WHERE cohort_id = ${cohortId} GROUP BY user_id`),
    counted(sql`SELECT c.author_id AS id, count(*)::int AS n FROM comments c
      WHERE c.cohort_id = ${cohortId} AND c.deleted_at IS NULL AND ${publicThread}
        AND c.author_id IS NOT NULL GROUP BY c.author_id`),
    counted(sql`SELECT author_id AS id, count(*)::int AS n FROM contributions
      WHERE cohort_id = ${cohortId} AND author_id IS NOT NULL GROUP BY author_id`),
    counted(sql`SELECT reviewer_id AS id, count(*)::int AS n FROM reviews
      WHERE cohort_id = ${cohortId} AND completed_at IS NOT NULL GROUP BY reviewer_id`),
    counted(sql`SELECT s.author_id AS id, count(*)::int AS n FROM reviews x
      JOIN submissions s ON s.id = x.submission_id
      WHERE x.cohort_id = ${cohortId} AND x.completed_at IS NOT NULL AND s.author_id IS NOT NULL
      GROUP BY s.author_id`),
  ]);
  return { visits, comments, contributions, reviewsGiven, reviewsReceived };
}

/**
 * Up to `limit` members after `after`, in the export's order, with their counts from
 * `counts`; and the key to read on from (null after the last batch).
 */
export async function listParticipationAfter(
  db: Db,
  cohortId: number,
  after: ParticipationKey,
  limit: number,
  counts: ParticipationCounts,
): Promise<{ rows: Participation[]; next: ParticipationKey | null }> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    SELECT u.id, u.name, u.email, e.role, e.created_at, lower(u.name) AS lower_name
      FROM enrolments e JOIN users u ON u.id = e.user_id
     WHERE e.cohort_id = ${cohortId} AND (lower(u.name), u.id) > (${after[0]}, ${after[1]})
     ORDER BY lower(u.name), u.id
     LIMIT ${limit}`),
  );
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => {
      const id = Number(r.id);
      return {
        name: String(r.name),
        email: String(r.email),
        role: String(r.role),
        enrolledAt: new Date(r.created_at as string),
        visits: counts.visits.get(id),
        comments: counts.comments.get(id),
        contributions: counts.contributions.get(id),
        reviewsGiven: counts.reviewsGiven.get(id),
        reviewsReceived: counts.reviewsReceived.get(id),
      };
    }),
    next: last && rows.length === limit ? [String(last.lower_name), Number(last.id)] : null,
  };
}

/**
 * Every member of the cohort, a batch at a time, in the order of lower(name) then id. A batch
 * is read only when the one before has been taken, so a slow download holds no more than one.
 * Batches are separate statements: a member who enrols or leaves during a long export is in it
 * or not, never twice unless renamed during it (the batches go by name); one who joins after
 * the counts were read shows zeros.
 */
export async function* readParticipation(
  db: Db,
  cohortId: number,
  batchSize = PARTICIPATION_BATCH,
): AsyncGenerator<Participation[]> {
  const counts = await countParticipation(db, cohortId);
  let after: ParticipationKey | null = start;
  while (after) {
    const batch = await listParticipationAfter(db, cohortId, after, batchSize, counts);
    if (batch.rows.length > 0) yield batch.rows;
    after = batch.next;
  }
}
