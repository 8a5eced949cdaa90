// Threads: comments with one level of replies, likes, flags. Pages are read by keyset (never
// OFFSET) on the partial indexes in db/schema.ts, so the 17,000th comment costs what the 10th does.
import { and, asc, desc, eq, gt, inArray, isNull, notExists, or, sql } from 'drizzle-orm';
import { alias, PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  type Comment,
  type CommentPhotoInfo,
  commentPhotos,
  comments,
  flags,
  likes,
  threadCounts,
  users,
} from '../../db/schema.ts';
import { batched } from '../core/batch.ts';
import { atMicros, instantText, microsOf } from '../core/cursor.ts';
import { foldThreadCounts } from '../core/thread-counts.ts';
import { NotFoundError, readId, wholeNumber } from '../http/params.ts';

export const sorts = ['newest', 'oldest', 'liked'] as const;
export type Sort = (typeof sorts)[number];

/**
 * Where the next page starts: the last row's sort value (a like count, or its time in whole
 * microseconds since 1970, core/cursor.ts's microsOf) and id.
 */
export interface Cursor {
  value: number;
  id: number;
}

const latestTime = Number.MAX_SAFE_INTEGER;

export const encodeCursor = (c: Cursor) => `${c.value}.${c.id}`;
/** No cursor: the first page. A cursor we cannot have written: a page that does not exist. */
export function decodeCursor(raw: unknown): Cursor | null {
  if (raw === undefined || raw === '') return null;
  const [value, id, ...rest] = typeof raw === 'string' ? raw.split('.') : [];
  const cursor = { value: wholeNumber(value, 0, latestTime), id: readId(id) };
  if (rest.length || cursor.value === null || cursor.id === null) {
    throw new NotFoundError('page of comments');
  }
  return { value: cursor.value, id: cursor.id };
}

export interface ThreadComment {
  id: number;
  parentId: number | null;
  authorId: number | null;
  authorName: string | null;
  bodyHtml: string;
  likeCount: number;
  replyCount: number;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  spotlightedAt: Date | null;
  /** A photo posted with it (introductions only). */
  photo: CommentPhotoInfo | null;
  likedByMe: boolean;
  /** The reader has reported it (the Report link then says "Reported"). */
  flaggedByMe: boolean;
  replies: ThreadComment[];
}

export interface ThreadQuery {
  cohortId: number;
  thread: string;
  sort: Sort;
  after: Cursor | null;
  limit: number;
  /** Organisers see hidden comments (marked); learners never do. */
  includeHidden: boolean;
}

const columns = {
  id: comments.id,
  parentId: comments.parentId,
  authorId: comments.authorId,
  authorName: users.name,
  bodyHtml: comments.bodyHtml,
  likeCount: comments.likeCount,
  replyCount: comments.replyCount,
  createdAt: comments.createdAt,
  editedAt: comments.editedAt,
  deletedAt: comments.deletedAt,
  hiddenAt: comments.hiddenAt,
  spotlightedAt: comments.spotlightedAt,
  photo: comments.photo,
};

/** Removed comments stay only as placeholders above their replies. */
const visible = (includeHidden: boolean) =>
  and(
    includeHidden ? undefined : isNull(comments.hiddenAt),
    or(isNull(comments.deletedAt), gt(comments.replyCount, 0)),
  );

function keyset(sort: Sort, after: Cursor | null) {
  if (!after) return undefined;
  if (sort === 'liked') {
    // bigint: a cursor's value may be larger than any like count.
    return sql`(${comments.likeCount}, ${comments.id}) < (${after.value}::bigint, ${after.id})`;
  }
  const at = atMicros(after.value);
  return sort === 'newest'
    ? sql`(${comments.createdAt}, ${comments.id}) < (${at}, ${after.id})`
    : sql`(${comments.createdAt}, ${comments.id}) > (${at}, ${after.id})`;
}

function orderOf(sort: Sort) {
  if (sort === 'liked') return [desc(comments.likeCount), desc(comments.id)];
  if (sort === 'newest') return [desc(comments.createdAt), desc(comments.id)];
  return [asc(comments.createdAt), asc(comments.id)];
}

export interface ThreadPage {
  comments: ThreadComment[];
  next: Cursor | null;
}

/**
 * One page of top-level comments (spotlighted ones first, on the first page only), each with
 * its replies, and the cursor of the next page (null at the end). No viewer state: every
 * comment says likedByMe false (see withLikes), so first pages can be shared between readers.
 */
export async function readThreadPage(db: Db, q: ThreadQuery): Promise<ThreadPage> {
  const inThread = and(
    eq(comments.cohortId, q.cohortId),
    eq(comments.thread, q.thread),
    isNull(comments.parentId),
    visible(q.includeHidden),
  );
  const spotlighted = q.after
    ? []
    : await db
        .select(columns)
        .from(comments)
        .leftJoin(users, eq(users.id, comments.authorId))
        .where(and(inThread, sql`${comments.spotlightedAt} IS NOT NULL`))
        .orderBy(desc(comments.spotlightedAt));
  const rows = await db
    .select({ ...columns, createdUs: microsOf(comments.createdAt) })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(inThread, isNull(comments.spotlightedAt), keyset(q.sort, q.after)))
    .orderBy(...orderOf(q.sort))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit).map(({ createdUs: _, ...row }) => row);
  const last = rows[q.limit - 1];
  const next =
    rows.length > q.limit && last
      ? { value: q.sort === 'liked' ? last.likeCount : last.createdUs, id: last.id }
      : null;
  const top = [...spotlighted, ...page];
  const ids = top.map((c) => c.id);
  const replies = ids.length
    ? await db
        .select(columns)
        .from(comments)
        .leftJoin(users, eq(users.id, comments.authorId))
        .where(and(inArray(comments.parentId, ids), visible(q.includeHidden)))
        .orderBy(asc(comments.createdAt), asc(comments.id))
    : [];
  const byParent = new Map<number, ThreadComment[]>();
  for (const r of replies) {
    const list = byParent.get(r.parentId ?? 0) ?? [];
    list.push({ ...r, likedByMe: false, flaggedByMe: false, replies: [] });
    byParent.set(r.parentId ?? 0, list);
  }
  return {
    comments: top.map((c) => ({
      ...c,
      likedByMe: false,
      flaggedByMe: false,
      replies: byParent.get(c.id) ?? [],
    })),
    next,
  };
}

/** The page as one member sees it: their likes and reports marked. */
export function withLikes(
  page: ThreadPage,
  liked: ReadonlySet<number>,
  flagged: ReadonlySet<number> = new Set(),
): ThreadPage {
  if (liked.size === 0 && flagged.size === 0) return page;
  const mark = (c: ThreadComment): ThreadComment => ({
    ...c,
    likedByMe: liked.has(c.id),
    flaggedByMe: flagged.has(c.id),
    replies: c.replies.map(mark),
  });
  return { comments: page.comments.map(mark), next: page.next };
}

/** Whether others wrote on the page after `since` (then it is marked for this reader alone). */
export function hasNewSince(page: ThreadPage, since: Date | null, userId: number): boolean {
  if (!since) return false;
  const fresh = (c: ThreadComment) =>
    c.createdAt > since && c.authorId !== userId && c.deletedAt === null;
  return page.comments.some((c) => fresh(c) || c.replies.some(fresh));
}

/** Whether a member's own comments, likes or reports are on the page (then it is theirs alone). */
export function touches(
  page: ThreadPage,
  userId: number,
  liked: ReadonlySet<number>,
  flagged: ReadonlySet<number> = new Set(),
): boolean {
  const mine = (c: ThreadComment) => c.authorId === userId || liked.has(c.id) || flagged.has(c.id);
  return page.comments.some((c) => mine(c) || c.replies.some(mine));
}

/**
 * Every comment of a thread a member likes, or has reported: a handful (likes are limited
 * per day), the two tables alike in the columns asked for.
 */
export async function listMarkedInThread(
  db: Db,
  mark: 'liked' | 'reported',
  userId: number,
  cohortId: number,
  thread: string,
): Promise<Set<number>> {
  const table = mark === 'liked' ? likes : flags;
  const rows = await db
    .select({ id: table.commentId })
    .from(table)
    .innerJoin(comments, eq(comments.id, table.commentId))
    .where(
      and(eq(table.userId, userId), eq(comments.cohortId, cohortId), eq(comments.thread, thread)),
    );
  return new Set(rows.map((r) => r.id));
}

async function flaggedBy(db: Db, userId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: flags.commentId })
    .from(flags)
    .where(and(eq(flags.userId, userId), inArray(flags.commentId, ids)));
  return new Set(rows.map((r) => r.id));
}

async function likedBy(db: Db, userId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: likes.commentId })
    .from(likes)
    .where(and(eq(likes.userId, userId), inArray(likes.commentId, ids)));
  return new Set(rows.map((r) => r.id));
}

/** One comment as the thread shows it (with replies), for htmx swaps after an action. */
export async function findThreadComment(
  db: Db,
  id: number,
  viewerId: number,
  includeHidden: boolean,
): Promise<ThreadComment | null> {
  const rows = await db
    .select(columns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.id, id))
    .limit(1);
  const row = rows[0];
  if (!row || (row.hiddenAt && !includeHidden)) return null;
  const replies = await db
    .select(columns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.parentId, id), visible(includeHidden)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const ids = [id, ...replies.map((r) => r.id)];
  const [liked, flagged] = await Promise.all([
    likedBy(db, viewerId, ids),
    flaggedBy(db, viewerId, ids),
  ]);
  const mark = (c: typeof row) => ({
    ...c,
    likedByMe: liked.has(c.id),
    flaggedByMe: flagged.has(c.id),
  });
  return { ...mark(row), replies: replies.map((r) => ({ ...mark(r), replies: [] })) };
}

export async function findComment(db: Db, id: number): Promise<Comment | null> {
  const rows = await db.select().from(comments).where(eq(comments.id, id)).limit(1);
  return rows[0] ?? null;
}

const placeholders = {
  cohortId: sql.placeholder('cohortId'),
  thread: sql.placeholder('thread'),
  roomId: sql.placeholder('roomId'),
  authorId: sql.placeholder('authorId'),
  bodyMd: sql.placeholder('bodyMd'),
  bodyHtml: sql.placeholder('bodyHtml'),
  postKey: sql.placeholder('postKey'),
  createdAt: sql.placeholder('createdAt'),
};
/** A second post from the same form (same cohort, author and key) inserts nothing. */
const samePostKey = {
  target: [comments.cohortId, comments.authorId, comments.postKey],
  where: sql`post_key IS NOT NULL`,
};
/** `make(db)`, made once for each database handle (prepared statements, batchers). */
function oncePerDb<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}

const prepareInsert = (db: Db) =>
  db
    .insert(comments)
    .values(placeholders)
    .onConflictDoNothing(samePostKey)
    .returning()
    .prepare('comment_insert_top_level');
const insertTopLevel = oncePerDb(prepareInsert);

/** The insert of `n` rows, prepared once per database and size (building one costs more). */
const preparedBatches = oncePerDb(() => new Map<number, ReturnType<typeof prepareRows>>());
const prepareRows = (db: Db, n: number) =>
  db
    .insert(comments)
    .values(
      Array.from({ length: n }, (_, i) =>
        Object.fromEntries(
          Object.keys(placeholders).map((field) => [field, sql.placeholder(`${field}${i}`)]),
        ),
      ) as unknown as (typeof placeholders)[],
    )
    .onConflictDoNothing(samePostKey)
    .returning()
    .prepare(`comment_insert_top_level_${n}`);
function insertRows(db: Db, n: number) {
  const sizes = preparedBatches(db);
  let prepared = sizes.get(n);
  if (!prepared) {
    prepared = prepareRows(db, n);
    sizes.set(n, prepared);
  }
  return prepared;
}

type TopLevelRow = {
  cohortId: number;
  thread: string;
  roomId: string;
  authorId: number;
  bodyMd: string;
  bodyHtml: string;
  postKey: string | null;
  createdAt: Date;
};
/**
 * What tells the rows of one batch apart, strictly (with the text) and loosely (without it:
 * the database may store a text a little differently than it was given, a lone surrogate as
 * U+FFFD). Rows alike in the loose one are one author's posts in one thread at one moment.
 */
const strictSignature = (r: TopLevelRow) =>
  [r.cohortId, r.thread, r.authorId, r.postKey ?? '', r.createdAt.getTime(), r.bodyMd].join('\0');
const looseSignature = (r: TopLevelRow) =>
  [r.cohortId, r.thread, r.authorId, r.postKey ?? '', r.createdAt.getTime()].join('\0');

/** An error that says the statement wrote nothing because of what was in it (SQLSTATE 22, 23). */
function isDataError(err: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | null)?.code;
  const sqlState = String(code(err) ?? code((err as { cause?: unknown } | null)?.cause) ?? '');
  return /^2[23]/.test(sqlState);
}

/**
 * Top-level comments posted together, inserted together (core/batch.ts): a busy thread pays
 * one statement and one commit per batch. Each input gets its own row, or null where its
 * form key had already posted one.
 */
const insertTopLevelBatch = (db: Db) =>
  batched(
    async (rows: TopLevelRow[]): Promise<(Comment | null)[]> => {
      if (rows.length === 1) {
        const [row] = await insertTopLevel(db).execute(rows[0] as TopLevelRow);
        return [row ?? null];
      }
      // Always in the same order: the triggers' writes then take their locks in that order
      // in every process, so two batches cannot wait for each other.
      const ordered = rows.toSorted(
        (a, b) =>
          a.cohortId - b.cohortId || (a.thread < b.thread ? -1 : a.thread > b.thread ? 1 : 0),
      );
      const params: Record<string, unknown> = {};
      ordered.forEach((row, i) => {
        for (const [field, value] of Object.entries(row)) params[`${field}${i}`] = value;
      });
      const inserted = await insertRows(db, rows.length).execute(params);
      // Matched by content, not by position: a row held back by its form key is missing.
      const left = new Map(
        inserted.map((c) => {
          const row = { ...c, authorId: c.authorId as number };
          return [c, { strict: strictSignature(row), loose: looseSignature(row) }] as const;
        }),
      );
      const take = (r: TopLevelRow, kind: 'strict' | 'loose') => {
        const want = kind === 'strict' ? strictSignature(r) : looseSignature(r);
        for (const [c, signatures] of left) {
          if (signatures[kind] === want) {
            left.delete(c);
            return c;
          }
        }
        return null;
      };
      const strict = rows.map((r) => take(r, 'strict'));
      return rows.map((r, i) => strict[i] ?? take(r, 'loose'));
    },
    { retryAlone: isDataError },
  );
const insertTopLevelSoon = oncePerDb(insertTopLevelBatch);
const isTransaction = (db: Db): boolean => db instanceof PgTransaction;
const insertAlone = (db: Db) => async (row: TopLevelRow) =>
  (await insertTopLevel(db).execute(row))[0] ?? null;

/** The comment this author already posted from the form with this key, if any. */
export async function findPostedComment(
  db: Db,
  cohortId: number,
  authorId: number,
  postKey: string,
): Promise<Comment | null> {
  const rows = await db
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.cohortId, cohortId),
        eq(comments.authorId, authorId),
        eq(comments.postKey, postKey),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Posts a comment or reply. With a `postKey` (the form's random key), posting the same form
 * again returns the comment already posted instead of a second one.
 */
export async function createComment(
  db: Db,
  input: {
    cohortId: number;
    thread: string;
    roomId: string;
    parentId: number | null;
    authorId: number;
    bodyMd: string;
    bodyHtml: string;
    postKey?: string | null;
    now: Date;
  },
): Promise<Comment> {
  const values = { ...input, postKey: input.postKey ?? null, createdAt: input.now };
  const existing = () =>
    findPostedComment(db, input.cohortId, input.authorId, values.postKey ?? '');
  if (input.parentId === null) {
    // No transaction, and posts that arrive together share one statement: the hot write.
    // Inside a caller's transaction a post goes alone (a failed batch could not be retried).
    const insert = isTransaction(db) ? insertAlone(db) : insertTopLevelSoon(db);
    const row = await insert({
      cohortId: input.cohortId,
      thread: input.thread,
      roomId: input.roomId,
      authorId: input.authorId,
      bodyMd: input.bodyMd,
      bodyHtml: input.bodyHtml,
      postKey: values.postKey,
      createdAt: input.now,
    });
    const posted = row ?? (values.postKey ? await existing() : null);
    if (!posted) throw new Error('insert returned no row');
    return posted;
  }
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(comments)
      .values(values)
      .onConflictDoNothing(samePostKey)
      .returning();
    if (!inserted) return null;
    await tx
      .update(comments)
      .set({ replyCount: sql`${comments.replyCount} + 1` })
      .where(eq(comments.id, input.parentId as number));
    return inserted;
  });
  const posted = row ?? (values.postKey ? await existing() : null);
  if (!posted) throw new Error('insert returned no row');
  return posted;
}

export async function editComment(
  db: Db,
  id: number,
  body: { bodyMd: string; bodyHtml: string },
  now: Date,
): Promise<void> {
  await db
    .update(comments)
    .set({ ...body, editedAt: now })
    .where(eq(comments.id, id));
}

/** The author removes it: text and photo erased; a reply also stops counting for its parent. */
export async function removeComment(db: Db, comment: Comment, now: Date): Promise<void> {
  if (comment.deletedAt) return;
  await db.transaction(async (tx) => {
    await tx
      .update(comments)
      .set({ deletedAt: now, bodyMd: '', bodyHtml: '', photo: null })
      .where(eq(comments.id, comment.id));
    await tx.delete(commentPhotos).where(eq(commentPhotos.commentId, comment.id));
    if (comment.parentId !== null) {
      await tx
        .update(comments)
        .set({ replyCount: sql`greatest(${comments.replyCount} - 1, 0)` })
        .where(eq(comments.id, comment.parentId));
    }
  });
}

/** Likes or unlikes; the counter follows in the same transaction. Returns whether it is liked. */
export async function setLike(
  db: Db,
  commentId: number,
  userId: number,
  like: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    const changed = like
      ? await tx.insert(likes).values({ commentId, userId }).onConflictDoNothing().returning()
      : await tx
          .delete(likes)
          .where(and(eq(likes.commentId, commentId), eq(likes.userId, userId)))
          .returning();
    if (changed.length === 0) return;
    await tx
      .update(comments)
      .set({ likeCount: sql`${comments.likeCount} ${like ? sql`+` : sql`-`} 1` })
      .where(eq(comments.id, commentId));
  });
}

export async function setSpotlight(db: Db, id: number, on: boolean, now: Date): Promise<void> {
  await db
    .update(comments)
    .set({ spotlightedAt: on ? now : null })
    .where(eq(comments.id, id));
}

export async function flagComment(
  db: Db,
  input: {
    cohortId: number;
    commentId: number;
    userId: number;
    reason: string;
    ruleId?: string | null;
  },
): Promise<void> {
  await db.insert(flags).values(input).onConflictDoNothing();
}

/**
 * Where a page of a moderation queue sits: the first open report's time (as text, to the
 * microsecond: a Date would round it, and reports made in one millisecond would repeat or
 * vanish between pages) and the item's id, which breaks ties.
 */
export type QueueKey = readonly [firstReportAt: string, id: number];
export type QueueWindow = { size: number; after: QueueKey | null };

/**
 * Comments with open flags in a cohort, oldest flag first, with the reasons given, a page after
 * a queue key; `more` says a next page exists. The page's comments are found by reading down
 * the open-flags index from the cursor, keeping each flag that has no earlier open one for its
 * comment, so page 20 reads about as many rows as page 1 (grouping every open flag to sort by
 * its minimum would read them all, on every page); only those comments' flags are grouped.
 */
export async function listFlaggedComments(db: Db, cohortId: number, window: QueueWindow) {
  const earlier = alias(flags, 'earlier');
  const { after } = window;
  const firsts = await db
    .select({ id: flags.commentId, key: instantText(flags.createdAt) })
    .from(flags)
    .where(
      and(
        eq(flags.cohortId, cohortId),
        isNull(flags.resolvedAt),
        after
          ? sql`${flags.createdAt} >= ${after[0]}::timestamptz and (${flags.createdAt}, ${flags.commentId}) > (${after[0]}::timestamptz, ${after[1]})`
          : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(earlier)
            .where(
              and(
                eq(earlier.commentId, flags.commentId),
                isNull(earlier.resolvedAt),
                sql`(${earlier.createdAt}, ${earlier.id}) < (${flags.createdAt}, ${flags.id})`,
              ),
            ),
        ),
      ),
    )
    .orderBy(flags.createdAt, flags.commentId)
    .limit(window.size + 1);
  const shown = firsts.slice(0, window.size);
  if (shown.length === 0) return { items: [], more: false };
  const rows = await db
    .select({
      commentId: comments.id,
      thread: comments.thread,
      roomId: comments.roomId,
      bodyHtml: comments.bodyHtml,
      authorName: users.name,
      hiddenAt: comments.hiddenAt,
      createdAt: comments.createdAt,
      flagCount: sql<number>`count(${flags.id})::int`,
      reasons: sql<string[]>`array_agg(${flags.reason} ORDER BY ${flags.createdAt})`,
      /** The house rules the reports cite. */
      ruleIds: sql<
        string[]
      >`coalesce(array_agg(distinct ${flags.ruleId}) filter (where ${flags.ruleId} is not null), '{}')`,
    })
    .from(flags)
    .innerJoin(comments, eq(comments.id, flags.commentId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        inArray(
          flags.commentId,
          shown.map((f) => f.id),
        ),
        isNull(flags.resolvedAt),
      ),
    )
    .groupBy(comments.id, users.name);
  const byId = new Map(rows.map((r) => [r.commentId, r]));
  const items = shown.flatMap((f) => {
    const row = byId.get(f.id);
    return row ? [{ ...row, firstFlagKey: f.key }] : [];
  });
  return { items, more: firsts.length > window.size };
}

/** An organiser's decision on a flagged comment: hide, restore (unhide) or dismiss the flags. */
export async function moderate(
  db: Db,
  commentId: number,
  action: 'hide' | 'restore' | 'dismiss',
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (action !== 'dismiss') {
      await tx
        .update(comments)
        .set({ hiddenAt: action === 'hide' ? now : null })
        .where(eq(comments.id, commentId));
    }
    await tx
      .update(flags)
      .set({ resolvedAt: now, resolution: action })
      .where(and(eq(flags.commentId, commentId), isNull(flags.resolvedAt)));
  });
}

/** Comments per thread of a room: thread_counts with the trigger's pending deltas folded in. */
export async function countRoomComments(
  db: Db,
  cohortId: number,
  roomId: string,
): Promise<Map<string, number>> {
  await foldThreadCounts(db, cohortId, roomId);
  const rows = await db
    .select({ thread: threadCounts.thread, comments: threadCounts.comments })
    .from(threadCounts)
    .where(and(eq(threadCounts.cohortId, cohortId), eq(threadCounts.roomId, roomId)));
  return new Map(rows.map((r) => [r.thread, r.comments]));
}

/**
 * The exhibits of a room a member has opened, each with how many top-level comments by others
 * came since (counted up to 100: "99+" is all a reader needs, however long the thread).
 */
export async function countNewSinceVisits(
  db: Db,
  cohortId: number,
  roomId: string,
  userId: number,
): Promise<Map<string, number>> {
  const rows = await db.execute<{ exhibit: string; fresh: number }>(sql`
    SELECT v.exhibit_id AS exhibit,
           (SELECT count(*)::int FROM (
               SELECT 1 FROM comments c
                WHERE c.cohort_id = v.cohort_id AND c.thread = 'exhibit:' || v.room_id || '/' || v.exhibit_id
                  AND c.parent_id IS NULL AND c.created_at > v.last_at
                  AND c.hidden_at IS NULL AND c.deleted_at IS NULL
                  AND c.author_id IS DISTINCT FROM ${userId}
                LIMIT 100) AS recent) AS fresh
      FROM visits v
     WHERE v.cohort_id = ${cohortId} AND v.user_id = ${userId} AND v.room_id = ${roomId}
       AND v.exhibit_id <> ''`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
    exhibit: string;
    fresh: number;
  }[];
  return new Map(list.map((r) => [r.exhibit, r.fresh]));
}
