// What happened around a learner in a time window, for the digest: one call,
// four small indexed queries. Hidden and removed comments never appear.
import { and, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { comments, contributions, users } from '../../db/schema.ts';
import type { DigestWindow } from '../core/digest-sections.ts';
import { inPublicThread } from '../core/public-threads.ts';

// A circle's talk is its own digest part, for its members only (the circles feature's).
const shown = and(
  isNull(comments.hiddenAt),
  isNull(comments.deletedAt),
  inPublicThread(comments.thread),
);
const item = {
  id: comments.id,
  thread: comments.thread,
  roomId: comments.roomId,
  authorName: users.name,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
};

export async function listDigestItems(db: Db, w: DigestWindow) {
  const inWindow = and(gt(comments.createdAt, w.since), lte(comments.createdAt, w.until));
  const mine = db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.cohortId, w.cohortId), eq(comments.authorId, w.userId)));
  const myThreads = db
    .selectDistinct({ thread: comments.thread })
    .from(comments)
    .where(and(eq(comments.cohortId, w.cohortId), eq(comments.authorId, w.userId)));
  const others = sql`${comments.authorId} IS DISTINCT FROM ${w.userId}`;

  const [replies, threadActivity, spotlighted, wall] = await Promise.all([
    db
      .select(item)
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(and(inArray(comments.parentId, mine), inWindow, shown, others))
      .orderBy(desc(comments.createdAt))
      .limit(50),
    db
      .select({
        thread: comments.thread,
        roomId: comments.roomId,
        count: sql<number>`count(*)::int`,
      })
      .from(comments)
      .where(
        and(
          eq(comments.cohortId, w.cohortId),
          inArray(comments.thread, myThreads),
          inWindow,
          shown,
          others,
        ),
      )
      .groupBy(comments.thread, comments.roomId),
    db
      .select(item)
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(
        and(
          eq(comments.cohortId, w.cohortId),
          gt(comments.spotlightedAt, w.since),
          lte(comments.spotlightedAt, w.until),
          shown,
        ),
      )
      .orderBy(desc(comments.spotlightedAt))
      .limit(20),
    db
      .select({
        id: contributions.id,
        roomId: contributions.roomId,
        title: contributions.title,
        authorName: users.name,
        createdAt: contributions.createdAt,
      })
      .from(contributions)
      .leftJoin(users, eq(users.id, contributions.authorId))
      .where(
        and(
          eq(contributions.cohortId, w.cohortId),
          gt(contributions.createdAt, w.since),
          lte(contributions.createdAt, w.until),
          isNull(contributions.hiddenAt),
          sql`${contributions.authorId} IS DISTINCT FROM ${w.userId}`,
        ),
      )
      .orderBy(desc(contributions.createdAt))
      .limit(20),
  ]);
  return { replies, threadActivity, spotlighted, wall };
}
