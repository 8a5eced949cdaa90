// Peer feedback for the digest: for one learner, the reviews they still owe (with
// the deadline) and the feedback that reached them in a time window. One query.
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
  // One round trip: what they handed in, the reviews they gave, the feedback they got.
  const kind = (k: string) => sql<string>`${k}`.as('kind');
  const rows = await db
    .select({ kind: kind('handed'), roomId: submissions.roomId, n: sql<number>`0`.as('n') })
    .from(submissions)
    .where(and(eq(submissions.cohortId, w.cohortId), eq(submissions.authorId, w.userId)))
    .unionAll(
      db
        .select({ kind: kind('given'), roomId: reviews.roomId, n: sql<number>`count(*)::int` })
        .from(reviews)
        .where(
          and(
            eq(reviews.cohortId, w.cohortId),
            eq(reviews.reviewerId, w.userId),
            isNotNull(reviews.completedAt),
          ),
        )
        .groupBy(reviews.roomId),
    )
    .unionAll(
      db
        .select({ kind: kind('received'), roomId: reviews.roomId, n: sql<number>`count(*)::int` })
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
    );
  const of = (k: string) => rows.filter((r) => r.kind === k);
  const givenIn = new Map(of('given').map((g) => [g.roomId, Number(g.n)]));
  const receivedIn = new Map(of('received').map((r) => [r.roomId, Number(r.n)]));
  const submitted = new Set(of('handed').map((s) => s.roomId));
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
