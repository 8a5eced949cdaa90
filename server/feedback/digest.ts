// Peer feedback for the digest: for one learner, the reviews they still owe (with
// the deadline) and the feedback that reached them in a time window. Two small queries.
import { and, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { reviews, submissions } from '../../db/schema.ts';
import type { DigestWindow } from '../core/digest-sections.ts';
import type { ScheduledRoom } from '../core/model.ts';
import { windowsFor } from './deadlines.ts';

export interface OwedReviews {
  roomId: string;
  title: string;
  given: number;
  owed: number;
  reviewBy: Date;
}

export interface ReceivedFeedback {
  roomId: string;
  title: string;
  count: number;
}

export async function feedbackForDigest(
  db: Db,
  w: DigestWindow & { schedule: ScheduledRoom[]; timezone: string },
): Promise<{ owed: OwedReviews[]; received: ReceivedFeedback[] }> {
  const [handedIn, given, received] = await Promise.all([
    db
      .select({ roomId: submissions.roomId })
      .from(submissions)
      .where(and(eq(submissions.cohortId, w.cohortId), eq(submissions.authorId, w.userId))),
    db
      .select({ roomId: reviews.roomId, n: sql<number>`count(*)::int` })
      .from(reviews)
      .where(
        and(
          eq(reviews.cohortId, w.cohortId),
          eq(reviews.reviewerId, w.userId),
          isNotNull(reviews.completedAt),
        ),
      )
      .groupBy(reviews.roomId),
    db
      .select({ roomId: reviews.roomId, n: sql<number>`count(*)::int` })
      .from(reviews)
      .innerJoin(submissions, eq(submissions.id, reviews.submissionId))
      .where(
        and(
          eq(submissions.cohortId, w.cohortId),
          eq(submissions.authorId, w.userId),
          gt(reviews.completedAt, w.since),
          lte(reviews.completedAt, w.until),
        ),
      )
      .groupBy(reviews.roomId),
  ]);
  const givenIn = new Map(given.map((g) => [g.roomId, Number(g.n)]));
  const receivedIn = new Map(received.map((r) => [r.roomId, Number(r.n)]));
  const submitted = new Set(handedIn.map((s) => s.roomId));
  const owed: OwedReviews[] = [];
  const got: ReceivedFeedback[] = [];
  for (const { room, opensAt, open } of w.schedule) {
    const a = room.assignment;
    if (!a || !open) continue;
    const reviewBy = windowsFor(a, opensAt, w.timezone).reviewBy;
    const done = givenIn.get(room.id) ?? 0;
    // Those who handed in work owe their reviews while reviewing is open.
    if (submitted.has(room.id) && done < a.reviewsPerLearner && w.until < reviewBy) {
      owed.push({
        roomId: room.id,
        title: a.title,
        given: done,
        owed: a.reviewsPerLearner - done,
        reviewBy,
      });
    }
    const count = receivedIn.get(room.id) ?? 0;
    if (count) got.push({ roomId: room.id, title: a.title, count });
  }
  return { owed, received: got };
}
