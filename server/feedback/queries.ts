// Submissions and reviews: small queries the routes, the organiser view and the digest use.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { type Db, rowsOf, sqlTime } from '../../db/client.ts';
import { type Review, reviews, type Submission, submissions, users } from '../../db/schema.ts';

export interface Place {
  cohortId: number;
  roomId: string;
}

export async function findSubmission(db: Db, id: number): Promise<Submission | null> {
  const rows = await db.select().from(submissions).where(eq(submissions.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findOwnSubmission(
  db: Db,
  place: Place,
  authorId: number,
): Promise<Submission | null> {
  const rows = await db
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.cohortId, place.cohortId),
        eq(submissions.roomId, place.roomId),
        eq(submissions.authorId, authorId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Hands in or edits the learner's work (one per room); `late` is fixed at first hand-in. */
export async function saveSubmission(
  db: Db,
  input: Place & {
    authorId: number;
    bodyMd: string;
    bodyHtml: string;
    url: string | null;
    late: boolean;
    now: Date;
  },
): Promise<Submission> {
  const { now, ...values } = input;
  const rows = await db
    .insert(submissions)
    .values({ ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [submissions.cohortId, submissions.roomId, submissions.authorId],
      set: { bodyMd: values.bodyMd, bodyHtml: values.bodyHtml, url: values.url, updatedAt: now },
    })
    .returning();
  const row = rows[0];
  if (!row) throw new Error('upsert returned no row');
  return row;
}

/** The reviewer's row for a submission (lease or review), if they have one. */
export async function findReviewBy(
  db: Db,
  submissionId: number,
  reviewerId: number,
): Promise<Review | null> {
  const rows = await db
    .select()
    .from(reviews)
    .where(and(eq(reviews.submissionId, submissionId), eq(reviews.reviewerId, reviewerId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findReview(db: Db, id: number): Promise<Review | null> {
  const rows = await db.select().from(reviews).where(eq(reviews.id, id)).limit(1);
  return rows[0] ?? null;
}

/**
 * Completes a lease with the answers; the submission's counter follows in the same
 * transaction. Returns false when it was already completed (a double post).
 */
export async function completeReview(
  db: Db,
  reviewId: number,
  answers: Record<string, string>,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(reviews)
      .set({ answers, completedAt: now })
      .where(and(eq(reviews.id, reviewId), sql`${reviews.completedAt} IS NULL`))
      .returning({ submissionId: reviews.submissionId });
    const row = done[0];
    if (!row) return false;
    await tx
      .update(submissions)
      .set({ reviewsDone: sql`${submissions.reviewsDone} + 1` })
      .where(eq(submissions.id, row.submissionId));
    return true;
  });
}

export async function rateReview(
  db: Db,
  reviewId: number,
  rating: { helpfulness: number; thanks: string | null },
  now: Date,
): Promise<void> {
  await db
    .update(reviews)
    .set({ helpfulness: rating.helpfulness, thanks: rating.thanks, ratedAt: now })
    .where(eq(reviews.id, reviewId));
}

export type ReceivedReview = Pick<
  Review,
  'id' | 'answers' | 'helpfulness' | 'thanks' | 'completedAt'
> & { reviewerName: string | null };

/**
 * Completed reviews of a submission, in the order they arrived (Peer 1, Peer 2…). The
 * reviewer's name only when the assignment's anonymity lets the author see it.
 */
export async function listReceived(
  db: Db,
  submissionId: number,
  withNames: boolean,
): Promise<ReceivedReview[]> {
  const rows = await db
    .select({
      id: reviews.id,
      answers: reviews.answers,
      helpfulness: reviews.helpfulness,
      thanks: reviews.thanks,
      completedAt: reviews.completedAt,
      name: users.name,
    })
    .from(reviews)
    .leftJoin(users, eq(users.id, reviews.reviewerId))
    .where(and(eq(reviews.submissionId, submissionId), isNotNull(reviews.completedAt)))
    .orderBy(asc(reviews.completedAt), asc(reviews.id));
  return rows.map(({ name, ...r }) => ({ ...r, reviewerName: withNames ? name : null }));
}

export type GivenReview = Pick<
  Review,
  'id' | 'submissionId' | 'helpfulness' | 'thanks' | 'completedAt'
>;

/** The reviewer's completed reviews in one assignment, oldest first. */
export async function listGiven(db: Db, place: Place, reviewerId: number): Promise<GivenReview[]> {
  return db
    .select({
      id: reviews.id,
      submissionId: reviews.submissionId,
      helpfulness: reviews.helpfulness,
      thanks: reviews.thanks,
      completedAt: reviews.completedAt,
    })
    .from(reviews)
    .where(
      and(
        eq(reviews.reviewerId, reviewerId),
        eq(reviews.cohortId, place.cohortId),
        eq(reviews.roomId, place.roomId),
        isNotNull(reviews.completedAt),
      ),
    )
    .orderBy(asc(reviews.completedAt), asc(reviews.id));
}

export interface SubmissionStats {
  id: number;
  authorName: string;
  authorEmail: string;
  createdAt: Date;
  late: boolean;
  reviewsDone: number;
  openLeases: number;
  /** Average helpfulness of the reviews this submission received (null: none rated). */
  helpfulness: number | null;
  /** Reviews the author completed in this assignment. */
  given: number;
}

/** Every submission of an assignment with its counts, for organisers (oldest first). */
export async function listSubmissionStats(
  db: Db,
  place: Place,
  now: Date,
): Promise<SubmissionStats[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    SELECT s.id, u.name AS author_name, u.email AS author_email, s.created_at, s.late,
      s.reviews_done,
      (SELECT count(*)::int FROM reviews a WHERE a.submission_id = s.id
        AND a.completed_at IS NULL AND a.expires_at > ${sqlTime(now)}) AS open_leases,
      (SELECT avg(h.helpfulness)::float8 FROM reviews h WHERE h.submission_id = s.id) AS helpfulness,
      (SELECT count(*)::int FROM reviews g WHERE g.reviewer_id = s.author_id
        AND g.cohort_id = s.cohort_id AND g.room_id = s.room_id AND g.completed_at IS NOT NULL) AS given
    FROM submissions s JOIN users u ON u.id = s.author_id
    WHERE s.cohort_id = ${place.cohortId} AND s.room_id = ${place.roomId}
    ORDER BY s.created_at, s.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    authorName: String(r.author_name),
    authorEmail: String(r.author_email),
    createdAt: new Date(r.created_at as string),
    late: Boolean(r.late),
    reviewsDone: Number(r.reviews_done),
    openLeases: Number(r.open_leases),
    helpfulness: r.helpfulness === null ? null : Number(r.helpfulness),
    given: Number(r.given),
  }));
}

export interface AssignmentProgress {
  submissions: number;
  /** Reviews done, counting at most `required` per submission. */
  reviews: number;
  /** Submissions with fewer than `required` reviews done. */
  short: number;
}

/** The dashboard's summary of an assignment: one aggregate, no row per submission. */
export async function summariseAssignment(
  db: Db,
  place: Place,
  required: number,
): Promise<AssignmentProgress> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    SELECT count(*)::int AS submissions,
      coalesce(sum(least(reviews_done, ${required}::int)), 0)::int AS reviews,
      count(*) FILTER (WHERE reviews_done < ${required}::int)::int AS short
    FROM submissions WHERE cohort_id = ${place.cohortId} AND room_id = ${place.roomId}`),
  );
  const r = rows[0] ?? {};
  return {
    submissions: Number(r.submissions ?? 0),
    reviews: Number(r.reviews ?? 0),
    short: Number(r.short ?? 0),
  };
}

/** Reviews completed in an assignment by reviewers who did not hand in work (organisers…). */
export async function countReviewsByOthers(db: Db, place: Place): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM reviews r
    WHERE r.cohort_id = ${place.cohortId} AND r.room_id = ${place.roomId}
      AND r.completed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions s
        WHERE s.cohort_id = r.cohort_id AND s.room_id = r.room_id AND s.author_id = r.reviewer_id)`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** How helpful a reviewer's reviews were rated, over every assignment of this cohort. */
export async function reviewerHelpfulness(
  db: Db,
  reviewerId: number,
  cohortId: number,
): Promise<{ average: number | null; rated: number }> {
  const rows = await db
    .select({
      average: sql<number | null>`avg(${reviews.helpfulness})::float8`,
      rated: sql<number>`count(${reviews.helpfulness})::int`,
    })
    .from(reviews)
    .where(and(eq(reviews.reviewerId, reviewerId), eq(reviews.cohortId, cohortId)));
  const r = rows[0];
  return {
    average: r?.average === null || r?.average === undefined ? null : Number(r.average),
    rated: Number(r?.rated ?? 0),
  };
}

/** The author's name, for pages where the assignment's anonymity lets it show. */
export async function findAuthorName(db: Db, submission: Submission): Promise<string> {
  const rows = await db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, submission.authorId))
    .limit(1);
  return rows[0]?.name ?? '';
}

/** Average helpfulness of every rated review in an assignment. */
export async function averageHelpfulness(db: Db, place: Place): Promise<number | null> {
  const rows = await db
    .select({ average: sql<number | null>`avg(${reviews.helpfulness})::float8` })
    .from(reviews)
    .where(and(eq(reviews.cohortId, place.cohortId), eq(reviews.roomId, place.roomId)));
  const v = rows[0]?.average;
  return v === null || v === undefined ? null : Number(v);
}
