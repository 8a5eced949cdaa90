// Peer feedback for the digest: for one learner, the reviews they still owe (with
// the deadline) and the feedback that reached them in a time window. One query, for a batch of
// members at once in a digest run.
import { and, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
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

/** A member's side of peer feedback: rooms they handed work in, reviews given and received. */
export interface FeedbackCounts {
  handedIn: Set<string>;
  /** Reviews they completed, by room. */
  given: Map<string, number>;
  /** Reviews of their work completed in the window, by room. */
  received: Map<string, number>;
}

/** Those counts for several members in one round trip (a digest batch), by member id. */
export async function findFeedbackCounts(
  db: Db,
  w: Pick<DigestWindow, 'cohortId' | 'since' | 'until'>,
  userIds: readonly number[],
): Promise<Map<number, FeedbackCounts>> {
  const ids = [...userIds];
  const kind = (k: string) => sql<string>`${k}`.as('kind');
  const rows = await db
    .select({
      kind: kind('handed'),
      userId: submissions.authorId,
      roomId: submissions.roomId,
      n: sql<number>`0`.as('n'),
    })
    .from(submissions)
    .where(and(eq(submissions.cohortId, w.cohortId), inArray(submissions.authorId, ids)))
    .unionAll(
      db
        .select({
          kind: kind('given'),
          userId: reviews.reviewerId,
          roomId: reviews.roomId,
          n: sql<number>`count(*)::int`,
        })
        .from(reviews)
        .where(
          and(
            eq(reviews.cohortId, w.cohortId),
            inArray(reviews.reviewerId, ids),
            isNotNull(reviews.completedAt),
          ),
        )
        .groupBy(reviews.reviewerId, reviews.roomId),
    )
    .unionAll(
      db
        .select({
          kind: kind('received'),
          userId: submissions.authorId,
          roomId: reviews.roomId,
          n: sql<number>`count(*)::int`,
        })
        .from(reviews)
        .innerJoin(submissions, eq(submissions.id, reviews.submissionId))
        .where(
          and(
            eq(submissions.cohortId, w.cohortId),
            inArray(submissions.authorId, ids),
            gt(reviews.completedAt, w.since),
            lte(reviews.completedAt, w.until),
          ),
        )
        .groupBy(submissions.authorId, reviews.roomId),
    );
  const out = new Map<number, FeedbackCounts>();
  for (const r of rows) {
    if (r.userId === null) continue;
    const c = out.get(r.userId) ?? { handedIn: new Set(), given: new Map(), received: new Map() };
    out.set(r.userId, c);
    if (r.kind === 'handed') c.handedIn.add(r.roomId);
    else (r.kind === 'given' ? c.given : c.received).set(r.roomId, Number(r.n));
  }
  return out;
}

export async function feedbackForDigest(
  db: Db,
  w: DigestWindow & { schedule: ScheduledRoom[]; timezone: string },
  counts: Promise<FeedbackCounts | undefined> = findFeedbackCounts(db, w, [w.userId]).then((m) =>
    m.get(w.userId),
  ),
): Promise<{ owed: OwedReviews[]; received: ReceivedFeedback[] }> {
  const mine = await counts;
  const givenIn = mine?.given ?? new Map<string, number>();
  const receivedIn = mine?.received ?? new Map<string, number>();
  const submitted = mine?.handedIn ?? new Set<string>();
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
