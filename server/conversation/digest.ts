// What happened around a learner in a time window, for the digest: two small indexed queries
// for the member, and two for the whole cohort (spotlighted comments and new finds on the
// wall), which a digest run makes once. Hidden and removed comments never appear.
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

type Cohort = Pick<DigestWindow, 'cohortId' | 'since' | 'until'>;

const inWindow = (w: Cohort) =>
  and(gt(comments.createdAt, w.since), lte(comments.createdAt, w.until));
const wallShown = 20;
// Enough that a member's own finds among the newest leave twenty by others, but for the rare
// member who hung up most of them (they get the query of their own).
const wallRead = 2 * wallShown;

function newestFinds(db: Db, w: Cohort, limit: number, except?: number) {
  return db
    .select({
      id: contributions.id,
      roomId: contributions.roomId,
      title: contributions.title,
      authorId: contributions.authorId,
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
        except === undefined
          ? undefined
          : sql`${contributions.authorId} IS DISTINCT FROM ${except}`,
      ),
    )
    .orderBy(desc(contributions.createdAt))
    .limit(limit);
}

export type Highlights = Awaited<ReturnType<typeof listDigestHighlights>>;

/** What the whole cohort sees alike in the window: spotlighted comments and the newest finds. */
export async function listDigestHighlights(db: Db, w: Cohort) {
  const [spotlighted, wall] = await Promise.all([
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
    newestFinds(db, w, wallRead),
  ]);
  return { spotlighted, wall };
}

/** The member's own part (replies to them, talk in their threads) with the cohort's highlights. */
export async function listDigestItems(
  db: Db,
  w: DigestWindow,
  highlights: Promise<Highlights> = listDigestHighlights(db, w),
) {
  const mine = db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.cohortId, w.cohortId), eq(comments.authorId, w.userId)));
  const myThreads = db
    .selectDistinct({ thread: comments.thread })
    .from(comments)
    .where(and(eq(comments.cohortId, w.cohortId), eq(comments.authorId, w.userId)));
  const others = sql`${comments.authorId} IS DISTINCT FROM ${w.userId}`;

  const [replies, threadActivity, cohort] = await Promise.all([
    db
      .select(item)
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(and(inArray(comments.parentId, mine), inWindow(w), shown, others))
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
          inWindow(w),
          shown,
          others,
        ),
      )
      .groupBy(comments.thread, comments.roomId),
    highlights,
  ]);
  // The wall shows what others hung up.
  const byOthers = cohort.wall.filter((f) => f.authorId !== w.userId);
  const wall =
    byOthers.length >= wallShown || cohort.wall.length < wallRead
      ? byOthers.slice(0, wallShown)
      : await newestFinds(db, w, wallShown, w.userId);
  return { replies, threadActivity, spotlighted: cohort.spotlighted, wall };
}
