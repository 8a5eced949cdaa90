// The participation export's rows: every member of a cohort with their counts, read in keyset
// batches by (lower(name), id), so the export of a 10,000-member cohort holds one batch in
// memory at a time and its first rows leave before the last are read.
import { sql } from 'drizzle-orm';
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

/**
 * Where a batch starts: after this member in the export's order. The name is lower(name) as
 * the database computed it, so the next batch compares like with like (same collation).
 */
export type ParticipationKey = readonly [lowerName: string, userId: number];

/** Before every member: '' sorts first and ids start at 1. */
const start: ParticipationKey = ['', 0];

/**
 * Up to `limit` members after `after`, in the export's order, with their counts in this
 * cohort; and the key to read on from (null after the last batch). Each count is an index
 * lookup for that member, so a batch costs the same wherever in the cohort it falls.
 */
export async function listParticipationAfter(
  db: Db,
  cohortId: number,
  after: ParticipationKey,
  limit: number,
): Promise<{ rows: Participation[]; next: ParticipationKey | null }> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    WITH batch AS (
      SELECT u.id, u.name, u.email, e.role, e.created_at, lower(u.name) AS lower_name
        FROM enrolments e JOIN users u ON u.id = e.user_id
       WHERE e.cohort_id = ${cohortId} AND (lower(u.name), u.id) > (${after[0]}, ${after[1]})
       ORDER BY lower(u.name), u.id
       LIMIT ${limit}
    )
    SELECT b.id, b.name, b.email, b.role, b.created_at, b.lower_name,
      (SELECT count(*)::int FROM visits v
        WHERE v.cohort_id = ${cohortId} AND v.user_id = b.id) AS visits,
      (SELECT count(*)::int FROM comments c
        WHERE c.cohort_id = ${cohortId} AND c.author_id = b.id AND c.deleted_at IS NULL
          AND ${publicThread}) AS comments,
      (SELECT count(*)::int FROM contributions w
        WHERE w.cohort_id = ${cohortId} AND w.author_id = b.id) AS contributions,
      (SELECT count(*)::int FROM reviews g
        WHERE g.cohort_id = ${cohortId} AND g.reviewer_id = b.id
          AND g.completed_at IS NOT NULL) AS reviews_given,
      (SELECT count(*)::int FROM reviews x JOIN submissions s ON s.id = x.submission_id
        WHERE x.cohort_id = ${cohortId} AND s.author_id = b.id
          AND x.completed_at IS NOT NULL) AS reviews_received
    FROM batch b
    ORDER BY b.lower_name, b.id`),
  );
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => ({
      name: String(r.name),
      email: String(r.email),
      role: String(r.role),
      enrolledAt: new Date(r.created_at as string),
      visits: Number(r.visits),
      comments: Number(r.comments),
      contributions: Number(r.contributions),
      reviewsGiven: Number(r.reviews_given),
      reviewsReceived: Number(r.reviews_received),
    })),
    next: last && rows.length === limit ? [String(last.lower_name), Number(last.id)] : null,
  };
}

/**
 * Every member of the cohort, a batch at a time, in the order of lower(name) then id. A batch
 * is read only when the one before has been taken, so a slow download holds no more than one.
 * Batches are separate statements: a member who enrols or leaves during a long export is in it
 * or not, but never twice.
 */
export async function* readParticipation(
  db: Db,
  cohortId: number,
  batchSize = PARTICIPATION_BATCH,
): AsyncGenerator<Participation[]> {
  let after: ParticipationKey | null = start;
  while (after) {
    const batch = await listParticipationAfter(db, cohortId, after, batchSize);
    if (batch.rows.length > 0) yield batch.rows;
    after = batch.next;
  }
}
