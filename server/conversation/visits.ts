// Walking together: one row per (member, room page or exhibit), upserted on each view, so
// the room can say who has been here and each learner sees their own progress.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users, visits } from '../../db/schema.ts';

export async function recordVisit(
  db: Db,
  v: { cohortId: number; userId: number; roomId: string; exhibitId: string },
  now: Date,
): Promise<void> {
  await db
    .insert(visits)
    .values({ ...v, firstAt: now, lastAt: now })
    .onConflictDoUpdate({
      target: [visits.cohortId, visits.userId, visits.roomId, visits.exhibitId],
      set: { previousAt: sql`${visits.lastAt}`, lastAt: now },
    });
}

/** How many members have been in the room (its page or an exhibit), the latest few by name. */
export async function roomVisitors(
  db: Db,
  cohortId: number,
  roomId: string,
  recent = 5,
): Promise<{ count: number; recent: string[] }> {
  const where = and(eq(visits.cohortId, cohortId), eq(visits.roomId, roomId));
  const [count, names] = await Promise.all([
    db
      .select({ n: sql<number>`count(DISTINCT ${visits.userId})::int` })
      .from(visits)
      .where(where),
    db
      .select({ name: users.name })
      .from(visits)
      .innerJoin(users, eq(users.id, visits.userId))
      .where(where)
      .groupBy(users.id, users.name)
      .orderBy(desc(sql`max(${visits.lastAt})`))
      .limit(recent),
  ]);
  return { count: count[0]?.n ?? 0, recent: names.map((r) => r.name) };
}

/** The exhibits of a room this member has opened. */
export async function seenExhibits(
  db: Db,
  cohortId: number,
  userId: number,
  roomId: string,
): Promise<Set<string>> {
  const rows = await db
    .select({ id: visits.exhibitId })
    .from(visits)
    .where(
      and(
        eq(visits.cohortId, cohortId),
        eq(visits.userId, userId),
        eq(visits.roomId, roomId),
        ne(visits.exhibitId, ''),
      ),
    );
  return new Set(rows.map((r) => r.id));
}
