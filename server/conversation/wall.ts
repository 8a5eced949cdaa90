// The room's wall: learners' own finds (title, optional url, a note on why it matters). Each
// contribution has its own thread, `wall:<id>`, exactly like an exhibit.
import { and, desc, eq, inArray, isNull, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  type Contribution,
  comments,
  contributionFlags,
  contributionLikes,
  contributions,
  users,
} from '../../db/schema.ts';
import { atMicros, instantText, microsOf } from '../core/cursor.ts';
import { formatThreadKey, wallThread } from '../core/thread-key.ts';
import type { Cursor, QueueWindow } from './queries.ts';

export type WallItem = Contribution & {
  authorName: string | null;
  comments: number;
  likeCount: number;
  /** Whether the member looking at it likes it, or has reported it. */
  likedByMe: boolean;
  flaggedByMe: boolean;
};

export async function createContribution(
  db: Db,
  input: {
    cohortId: number;
    roomId: string;
    authorId: number;
    title: string;
    url: string | null;
    noteMd: string;
    noteHtml: string;
    now: Date;
  },
): Promise<Contribution> {
  const { now, ...values } = input;
  const rows = await db
    .insert(contributions)
    .values({ ...values, createdAt: now })
    .returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

const commentCount = sql<number>`(SELECT count(*)::int FROM comments c
  WHERE c.cohort_id = ${contributions.cohortId} AND c.thread = 'wall:' || ${contributions.id}
    AND c.hidden_at IS NULL AND c.deleted_at IS NULL)`;

/** What a find shows besides its own columns, as the member `viewerId` sees it. */
function shownColumns(viewerId: number) {
  return {
    ...getColumns(),
    authorName: users.name,
    comments: commentCount,
    likeCount: sql<number>`(SELECT count(*)::int FROM contribution_likes l
      WHERE l.contribution_id = ${contributions.id})`,
    likedByMe: sql<boolean>`EXISTS (SELECT 1 FROM contribution_likes l
      WHERE l.contribution_id = ${contributions.id} AND l.user_id = ${viewerId})`,
    flaggedByMe: sql<boolean>`EXISTS (SELECT 1 FROM contribution_flags f
      WHERE f.contribution_id = ${contributions.id} AND f.user_id = ${viewerId})`,
  };
}

/** Newest first, featured ones on top of the first page; hidden ones for organisers only. */
export async function listWall(
  db: Db,
  q: {
    cohortId: number;
    roomId: string;
    after: Cursor | null;
    limit: number;
    includeHidden: boolean;
    viewerId: number;
  },
): Promise<{ items: WallItem[]; next: Cursor | null }> {
  const base = and(
    eq(contributions.cohortId, q.cohortId),
    eq(contributions.roomId, q.roomId),
    q.includeHidden ? undefined : isNull(contributions.hiddenAt),
  );
  const select = shownColumns(q.viewerId);
  const featured = q.after
    ? []
    : await db
        .select(select)
        .from(contributions)
        .leftJoin(users, eq(users.id, contributions.authorId))
        .where(and(base, sql`${contributions.featuredAt} IS NOT NULL`))
        .orderBy(desc(contributions.featuredAt));
  const after = q.after
    ? sql`(${contributions.createdAt}, ${contributions.id}) < (${atMicros(q.after.value)}, ${q.after.id})`
    : undefined;
  const rows = await db
    .select({ ...select, createdUs: microsOf(contributions.createdAt) })
    .from(contributions)
    .leftJoin(users, eq(users.id, contributions.authorId))
    .where(and(base, isNull(contributions.featuredAt), after))
    .orderBy(desc(contributions.createdAt), desc(contributions.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit).map(({ createdUs: _, ...item }) => item);
  const last = rows[q.limit - 1];
  return {
    items: [...featured, ...page],
    next: rows.length > q.limit && last ? { value: last.createdUs, id: last.id } : null,
  };
}

function getColumns() {
  return {
    id: contributions.id,
    cohortId: contributions.cohortId,
    roomId: contributions.roomId,
    authorId: contributions.authorId,
    title: contributions.title,
    url: contributions.url,
    noteMd: contributions.noteMd,
    noteHtml: contributions.noteHtml,
    featuredAt: contributions.featuredAt,
    hiddenAt: contributions.hiddenAt,
    createdAt: contributions.createdAt,
  };
}

/** The find with this id, as the member `viewerId` sees it (0: nobody in particular). */
export async function findContribution(db: Db, id: number, viewerId = 0): Promise<WallItem | null> {
  const rows = await db
    .select(shownColumns(viewerId))
    .from(contributions)
    .leftJoin(users, eq(users.id, contributions.authorId))
    .where(eq(contributions.id, id))
    .limit(1);
  return rows[0] ?? null;
}

export async function editContribution(
  db: Db,
  id: number,
  changes: { title: string; url: string | null; noteMd: string; noteHtml: string },
): Promise<void> {
  await db.update(contributions).set(changes).where(eq(contributions.id, id));
}

/** The author takes a find down: with its thread, which has nothing left to be about. */
export async function removeContribution(db: Db, item: Contribution): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(comments)
      .where(
        and(
          eq(comments.cohortId, item.cohortId),
          eq(comments.thread, formatThreadKey(wallThread(item.id))),
        ),
      );
    await tx.delete(contributions).where(eq(contributions.id, item.id));
  });
}

export async function setContributionFlag(
  db: Db,
  id: number,
  field: 'featured' | 'hidden',
  on: boolean,
  now: Date,
): Promise<void> {
  await db
    .update(contributions)
    .set(field === 'featured' ? { featuredAt: on ? now : null } : { hiddenAt: on ? now : null })
    .where(eq(contributions.id, id));
}

/** Likes or stops liking a find; liking twice is one like. */
export async function setContributionLike(
  db: Db,
  contributionId: number,
  userId: number,
  like: boolean,
): Promise<void> {
  if (like) {
    await db.insert(contributionLikes).values({ contributionId, userId }).onConflictDoNothing();
    return;
  }
  await db
    .delete(contributionLikes)
    .where(
      and(
        eq(contributionLikes.contributionId, contributionId),
        eq(contributionLikes.userId, userId),
      ),
    );
}

/** A member reports a find; a second report by the same member changes nothing. */
export async function flagContribution(
  db: Db,
  input: { cohortId: number; contributionId: number; userId: number; reason: string },
): Promise<void> {
  await db.insert(contributionFlags).values(input).onConflictDoNothing();
}

/**
 * Finds with open reports in a cohort, oldest report first, a page after a queue key: found
 * down the open-reports index like the reported comments (listFlaggedComments says why).
 */
export async function listFlaggedContributions(db: Db, cohortId: number, window: QueueWindow) {
  const reports = contributionFlags;
  const earlier = alias(contributionFlags, 'earlier');
  const { after } = window;
  const firsts = await db
    .select({ id: reports.contributionId, key: instantText(reports.createdAt) })
    .from(reports)
    .where(
      and(
        eq(reports.cohortId, cohortId),
        isNull(reports.resolvedAt),
        after
          ? sql`${reports.createdAt} >= ${after[0]}::timestamptz and (${reports.createdAt}, ${reports.contributionId}) > (${after[0]}::timestamptz, ${after[1]})`
          : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(earlier)
            .where(
              and(
                eq(earlier.contributionId, reports.contributionId),
                isNull(earlier.resolvedAt),
                sql`(${earlier.createdAt}, ${earlier.id}) < (${reports.createdAt}, ${reports.id})`,
              ),
            ),
        ),
      ),
    )
    .orderBy(reports.createdAt, reports.contributionId)
    .limit(window.size + 1);
  const shown = firsts.slice(0, window.size);
  if (shown.length === 0) return { items: [], more: false };
  const rows = await db
    .select({
      contributionId: contributions.id,
      roomId: contributions.roomId,
      title: contributions.title,
      noteHtml: contributions.noteHtml,
      authorName: users.name,
      hiddenAt: contributions.hiddenAt,
      flagCount: sql<number>`count(${reports.id})::int`,
      reasons: sql<string[]>`array_agg(${reports.reason} ORDER BY ${reports.createdAt})`,
    })
    .from(reports)
    .innerJoin(contributions, eq(contributions.id, reports.contributionId))
    .leftJoin(users, eq(users.id, contributions.authorId))
    .where(
      and(
        inArray(
          reports.contributionId,
          shown.map((f) => f.id),
        ),
        isNull(reports.resolvedAt),
      ),
    )
    .groupBy(contributions.id, users.name);
  const byId = new Map(rows.map((r) => [r.contributionId, r]));
  const items = shown.flatMap((f) => {
    const row = byId.get(f.id);
    return row ? [{ ...row, firstFlagKey: f.key }] : [];
  });
  return { items, more: firsts.length > window.size };
}

/** An organiser's decision on a reported find: hide, restore (unhide) or dismiss the reports. */
export async function moderateContribution(
  db: Db,
  contributionId: number,
  action: 'hide' | 'restore' | 'dismiss',
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (action !== 'dismiss') {
      await tx
        .update(contributions)
        .set({ hiddenAt: action === 'hide' ? now : null })
        .where(eq(contributions.id, contributionId));
    }
    await tx
      .update(contributionFlags)
      .set({ resolvedAt: now, resolution: action })
      .where(
        and(
          eq(contributionFlags.contributionId, contributionId),
          isNull(contributionFlags.resolvedAt),
        ),
      );
  });
}
