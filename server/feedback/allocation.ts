// Handing out reviews. "Review a peer" leases the eligible submission with the fewest
// completed reviews plus active leases, oldest first, to one reviewer for a while; a lease
// that runs out simply stops counting, so a reviewer who vanishes never blocks an author.
//
// Allocations for one assignment run one at a time under a transaction-scoped advisory lock
// (docs/decisions/010-peer-feedback.md): each reads the counts its predecessors
// committed, so no submission is pushed past reviews_required while another is below it.
import { sql } from 'drizzle-orm';
import { sqlTime as at, type Db, rowsOf } from '../../db/client.ts';

export interface AllocationRequest {
  cohortId: number;
  roomId: string;
  reviewerId: number;
  leaseMs: number;
  now: Date;
}

export interface Lease {
  reviewId: number;
  submissionId: number;
  expiresAt: Date;
  /** False when the reviewer already held this lease (one review at a time). */
  fresh: boolean;
}

type Row = { review_id: number; submission_id: number; expires_at: Date | string };
const toLease = (r: Row, fresh: boolean): Lease => ({
  reviewId: Number(r.review_id),
  submissionId: Number(r.submission_id),
  expiresAt: new Date(r.expires_at),
  fresh,
});

/** The reviewer's unfinished, unexpired lease in this assignment, if any. */
export async function findActiveLease(
  db: Db,
  q: Omit<AllocationRequest, 'leaseMs'>,
): Promise<Lease | null> {
  const rows = rowsOf<Row>(
    await db.execute(sql`SELECT id AS review_id, submission_id, expires_at
    FROM reviews WHERE reviewer_id = ${q.reviewerId} AND cohort_id = ${q.cohortId}
      AND room_id = ${q.roomId} AND completed_at IS NULL AND expires_at > ${at(q.now)}
    ORDER BY leased_at LIMIT 1`),
  );
  return rows[0] ? toLease(rows[0], false) : null;
}

/**
 * Leases a submission to the reviewer, or returns the lease they already hold; null when
 * nothing is left for them (everything is theirs or already reviewed by them).
 */
export async function allocateReview(db: Db, q: AllocationRequest): Promise<Lease | null> {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext('salon:feedback'), hashtext(${`${q.cohortId}/${q.roomId}`}))`,
    );
    const held = await findActiveLease(txDb, q);
    if (held) return held;
    const now = q.now;
    // Reviewers whose ratings in this cohort average 4 or more get, among equally short submissions, the
    // ones that have no helpful review yet: the best feedback goes where it is missing.
    const rows = rowsOf<{ id: number }>(
      await tx.execute(sql`
      WITH me AS (
        SELECT coalesce(avg(helpfulness) >= 4, false) AS helpful FROM reviews
        WHERE reviewer_id = ${q.reviewerId} AND cohort_id = ${q.cohortId}
          AND helpfulness IS NOT NULL
      )
      SELECT s.id FROM submissions s, me
      WHERE s.cohort_id = ${q.cohortId} AND s.room_id = ${q.roomId}
        AND s.author_id <> ${q.reviewerId}
        AND NOT EXISTS (SELECT 1 FROM reviews d WHERE d.submission_id = s.id
          AND d.reviewer_id = ${q.reviewerId} AND d.completed_at IS NOT NULL)
      ORDER BY s.reviews_done + (SELECT count(*) FROM reviews a WHERE a.submission_id = s.id
          AND a.completed_at IS NULL AND a.expires_at > ${at(now)}),
        CASE WHEN me.helpful THEN (SELECT count(*) FROM reviews h
          WHERE h.submission_id = s.id AND h.helpfulness >= 4) ELSE 0 END,
        s.created_at, s.id
      LIMIT 1`),
    );
    const pick = rows[0];
    if (!pick) return null;
    const expiresAt = new Date(now.getTime() + q.leaseMs);
    // A lease of theirs that ran out earlier is renewed rather than duplicated.
    const leased = rowsOf<Row>(
      await tx.execute(sql`INSERT INTO reviews
        (cohort_id, room_id, submission_id, reviewer_id, leased_at, expires_at, created_at)
      VALUES (${q.cohortId}, ${q.roomId}, ${pick.id}, ${q.reviewerId}, ${at(now)}, ${at(expiresAt)}, ${at(now)})
      ON CONFLICT (submission_id, reviewer_id) DO UPDATE
        SET leased_at = excluded.leased_at, expires_at = excluded.expires_at
      RETURNING id AS review_id, submission_id, expires_at`),
    );
    const row = leased[0];
    if (!row) throw new Error('lease insert returned no row');
    return toLease(row, true);
  });
}

/**
 * An organiser reviews a chosen submission (one still short after review_by): a lease for
 * them on exactly that one, outside the pool's order.
 */
export async function leaseChosen(
  db: Db,
  q: AllocationRequest & { submissionId: number },
): Promise<Lease> {
  const expiresAt = new Date(q.now.getTime() + q.leaseMs);
  const rows = rowsOf<Row>(
    await db.execute(sql`INSERT INTO reviews
      (cohort_id, room_id, submission_id, reviewer_id, leased_at, expires_at, created_at)
    VALUES (${q.cohortId}, ${q.roomId}, ${q.submissionId}, ${q.reviewerId}, ${at(q.now)}, ${at(expiresAt)}, ${at(q.now)})
    ON CONFLICT (submission_id, reviewer_id) DO UPDATE
      SET expires_at = CASE WHEN reviews.completed_at IS NULL THEN excluded.expires_at
        ELSE reviews.expires_at END
    RETURNING id AS review_id, submission_id, expires_at`),
  );
  const row = rows[0];
  if (!row) throw new Error('lease insert returned no row');
  return toLease(row, true);
}
