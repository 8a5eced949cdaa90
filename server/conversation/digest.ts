// What happened around a learner in a time window, for the digest: two small indexed queries
// for the member (a digest run asks them for a batch of members at once), and two for the
// whole cohort (spotlighted comments and new finds on the wall), which a run makes once.
// Hidden and removed comments never appear.
import { and, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
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

const repliesShown = 50;

export interface MemberTalk {
  /** Others' replies to the member, newest first. */
  replies: Awaited<ReturnType<typeof listReplies>>;
  /** Others' comments in the threads the member joined, by thread. */
  threadActivity: { thread: string; roomId: string; count: number }[];
}

function listReplies(db: Db, w: Cohort, userIds: readonly number[]) {
  const parent = alias(comments, 'parent');
  return db
    .select({ ...item, to: parent.authorId })
    .from(comments)
    .innerJoin(parent, eq(parent.id, comments.parentId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        eq(parent.cohortId, w.cohortId),
        inArray(parent.authorId, [...userIds]),
        inWindow(w),
        shown,
        sql`${comments.authorId} IS DISTINCT FROM ${parent.authorId}`,
      ),
    )
    .orderBy(desc(comments.createdAt), desc(comments.id));
}

/** Comments shown in the window, per thread: the same for everyone in a run. */
export type ThreadCounts = Map<string, { roomId: string; count: number }>;

export async function countThreadsInWindow(db: Db, w: Cohort): Promise<ThreadCounts> {
  const rows = await db
    .select({
      thread: comments.thread,
      roomId: comments.roomId,
      count: sql<number>`count(*)::int`,
    })
    .from(comments)
    .where(and(eq(comments.cohortId, w.cohortId), inWindow(w), shown))
    .groupBy(comments.thread, comments.roomId);
  return new Map(rows.map((r) => [r.thread, { roomId: r.roomId, count: r.count }]));
}

/**
 * Replies to each of these members and the talk in the threads they joined, by member id.
 * Others' comments in a thread are its count in the window less the member's own, so a
 * busy thread is counted once per run rather than once per member in it.
 */
export async function listMembersTalk(
  db: Db,
  w: Cohort,
  userIds: readonly number[],
  threadCounts: Promise<ThreadCounts> = countThreadsInWindow(db, w),
): Promise<Map<number, MemberTalk>> {
  const [replies, joined, counts] = await Promise.all([
    listReplies(db, w, userIds),
    db
      .select({
        userId: comments.authorId,
        thread: comments.thread,
        own: sql<number>`(count(*) filter (where ${and(inWindow(w), shown)}))::int`,
      })
      .from(comments)
      .where(and(eq(comments.cohortId, w.cohortId), inArray(comments.authorId, [...userIds])))
      .groupBy(comments.authorId, comments.thread)
      .orderBy(comments.authorId, comments.thread),
    threadCounts,
  ]);
  const out = new Map<number, MemberTalk>();
  const of = (userId: number) => {
    const talk = out.get(userId) ?? { replies: [], threadActivity: [] };
    out.set(userId, talk);
    return talk;
  };
  for (const r of replies) {
    if (r.to === null) continue;
    const talk = of(r.to);
    if (talk.replies.length < repliesShown) talk.replies.push(r);
  }
  for (const j of joined) {
    const total = counts.get(j.thread);
    if (j.userId === null || !total || total.count - j.own <= 0) continue;
    of(j.userId).threadActivity.push({
      thread: j.thread,
      roomId: total.roomId,
      count: total.count - j.own,
    });
  }
  return out;
}

/** The member's own part (replies to them, talk in their threads) with the cohort's highlights. */
export async function listDigestItems(
  db: Db,
  w: DigestWindow,
  highlights: Promise<Highlights> = listDigestHighlights(db, w),
  own: Promise<MemberTalk | undefined> = listMembersTalk(db, w, [w.userId]).then((m) =>
    m.get(w.userId),
  ),
) {
  const [talk, cohort] = await Promise.all([own, highlights]);
  // The wall shows what others hung up.
  const byOthers = cohort.wall.filter((f) => f.authorId !== w.userId);
  const wall =
    byOthers.length >= wallShown || cohort.wall.length < wallRead
      ? byOthers.slice(0, wallShown)
      : await newestFinds(db, w, wallShown, w.userId);
  return {
    replies: talk?.replies ?? [],
    threadActivity: talk?.threadActivity ?? [],
    spotlighted: cohort.spotlighted,
    wall,
  };
}
