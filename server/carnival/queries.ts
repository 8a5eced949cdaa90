// The carnival's rows: entries (one learner's posts, counted against max_per_person under a
// lock so two quick submits cannot pass it) and the host's round-up.
import { and, asc, count, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { carnivalEntries, carnivalRoundups, users } from '../../db/schema.ts';

export interface EntryRow {
  id: number;
  roomId: string;
  authorId: number;
  author: string;
  url: string;
  title: string;
  note: string;
  tag: string;
  createdAt: Date;
}

const entryColumns = {
  id: carnivalEntries.id,
  roomId: carnivalEntries.roomId,
  authorId: carnivalEntries.authorId,
  author: users.name,
  url: carnivalEntries.url,
  title: carnivalEntries.title,
  note: carnivalEntries.note,
  tag: carnivalEntries.tag,
  createdAt: carnivalEntries.createdAt,
};

export async function listEntries(db: Db, cohortId: number, roomId: string): Promise<EntryRow[]> {
  return db
    .select(entryColumns)
    .from(carnivalEntries)
    .innerJoin(users, eq(users.id, carnivalEntries.authorId))
    .where(and(eq(carnivalEntries.cohortId, cohortId), eq(carnivalEntries.roomId, roomId)))
    .orderBy(asc(carnivalEntries.createdAt), asc(carnivalEntries.id));
}

export async function findEntry(
  db: Db,
  id: number,
): Promise<(EntryRow & { cohortId: number }) | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2147483647) return null;
  const rows = await db
    .select({ ...entryColumns, cohortId: carnivalEntries.cohortId })
    .from(carnivalEntries)
    .innerJoin(users, eq(users.id, carnivalEntries.authorId))
    .where(eq(carnivalEntries.id, id));
  return rows[0] ?? null;
}

export async function countOwn(db: Db, cohortId: number, roomId: string, userId: number) {
  const rows = await db
    .select({ n: count() })
    .from(carnivalEntries)
    .where(
      and(
        eq(carnivalEntries.cohortId, cohortId),
        eq(carnivalEntries.roomId, roomId),
        eq(carnivalEntries.authorId, userId),
      ),
    );
  return rows[0]?.n ?? 0;
}

/** Adds the post unless the author already has `max` in this carnival: the id, or 'full'. */
export async function createEntry(
  db: Db,
  input: {
    cohortId: number;
    roomId: string;
    authorId: number;
    url: string;
    title: string;
    note: string;
    max: number;
    now: Date;
  },
): Promise<number | 'full'> {
  return db.transaction(async (tx) => {
    // One author's submits in one cohort wait for each other, so the count below holds.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('carnival'), ${input.cohortId * 31 + input.authorId})`,
    );
    const t = tx as unknown as Db;
    if ((await countOwn(t, input.cohortId, input.roomId, input.authorId)) >= input.max)
      return 'full';
    const rows = await t
      .insert(carnivalEntries)
      .values({
        cohortId: input.cohortId,
        roomId: input.roomId,
        authorId: input.authorId,
        url: input.url,
        title: input.title,
        note: input.note,
        createdAt: input.now,
      })
      .returning({ id: carnivalEntries.id });
    return rows[0]?.id ?? 'full';
  });
}

export async function setTag(db: Db, cohortId: number, entryId: number, tag: string) {
  await db
    .update(carnivalEntries)
    .set({ tag })
    .where(and(eq(carnivalEntries.id, entryId), eq(carnivalEntries.cohortId, cohortId)));
}

export async function findRoundup(db: Db, cohortId: number, roomId: string) {
  const rows = await db
    .select()
    .from(carnivalRoundups)
    .where(and(eq(carnivalRoundups.cohortId, cohortId), eq(carnivalRoundups.roomId, roomId)));
  return rows[0] ?? null;
}

/** The round-up published into this room, if any. */
export async function findPublishedInto(db: Db, cohortId: number, targetRoomId: string) {
  const rows = await db
    .select()
    .from(carnivalRoundups)
    .where(
      and(
        eq(carnivalRoundups.cohortId, cohortId),
        eq(carnivalRoundups.targetRoomId, targetRoomId),
        isNotNull(carnivalRoundups.publishedAt),
      ),
    );
  return rows[0] ?? null;
}

export async function saveRoundup(
  db: Db,
  input: {
    cohortId: number;
    roomId: string;
    targetRoomId: string;
    bodyMd: string;
    bodyHtml: string;
    publish: boolean;
    now: Date;
  },
) {
  const values = {
    cohortId: input.cohortId,
    roomId: input.roomId,
    targetRoomId: input.targetRoomId,
    bodyMd: input.bodyMd,
    bodyHtml: input.bodyHtml,
    updatedAt: input.now,
    ...(input.publish ? { publishedAt: input.now } : {}),
  };
  await db
    .insert(carnivalRoundups)
    .values(values)
    .onConflictDoUpdate({
      target: [carnivalRoundups.cohortId, carnivalRoundups.roomId],
      set: {
        bodyMd: values.bodyMd,
        bodyHtml: values.bodyHtml,
        updatedAt: values.updatedAt,
        targetRoomId: values.targetRoomId,
        // Published once stays published (with its first date); edits after that show at once.
        // The time goes as text with a cast: a raw Date parameter has no type PostgreSQL accepts.
        ...(input.publish
          ? {
              publishedAt: sql`coalesce(${carnivalRoundups.publishedAt}, ${input.now.toISOString()}::timestamptz)`,
            }
          : {}),
      },
    });
}

/** Whether any round-up was published in the window (most periods have none). */
export async function anyRoundupPublished(
  db: Db,
  w: { cohortId: number; since: Date; until: Date },
): Promise<boolean> {
  const rows = await db
    .select({ id: carnivalRoundups.id })
    .from(carnivalRoundups)
    .where(
      and(
        eq(carnivalRoundups.cohortId, w.cohortId),
        gt(carnivalRoundups.publishedAt, w.since),
        lte(carnivalRoundups.publishedAt, w.until),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Round-ups published in (since, until] that hold a post of this member. */
export async function roundupsWithMine(
  db: Db,
  w: { cohortId: number; userId: number; since: Date; until: Date },
) {
  return db
    .selectDistinct({
      roomId: carnivalRoundups.roomId,
      targetRoomId: carnivalRoundups.targetRoomId,
    })
    .from(carnivalRoundups)
    .innerJoin(
      carnivalEntries,
      and(
        eq(carnivalEntries.cohortId, carnivalRoundups.cohortId),
        eq(carnivalEntries.roomId, carnivalRoundups.roomId),
        eq(carnivalEntries.authorId, w.userId),
      ),
    )
    .where(
      and(
        eq(carnivalRoundups.cohortId, w.cohortId),
        gt(carnivalRoundups.publishedAt, w.since),
        lte(carnivalRoundups.publishedAt, w.until),
      ),
    );
}
