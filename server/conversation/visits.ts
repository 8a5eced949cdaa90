// Walking together: one row per (member, room page or exhibit), upserted on each view, so
// the room can say who has been here and each learner sees their own progress.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users, visits } from '../../db/schema.ts';

// A write per page view would cost more than the page itself (the embedded database syncs
// every write). One row per place is enough, so a process writes a member's visit to a place
// at most once per `rewriteMs`; "new since your last visit" is then at most that stale.
const written = new WeakMap<Db, Map<string, number>>();

export async function recordVisit(
  db: Db,
  v: { cohortId: number; userId: number; roomId: string; exhibitId: string },
  now: Date,
  rewriteMs: number,
): Promise<boolean> {
  let log = written.get(db);
  if (!log) {
    log = new Map();
    written.set(db, log);
  }
  const key = `${v.cohortId}|${v.userId}|${v.roomId}|${v.exhibitId}`;
  const last = log.get(key);
  if (rewriteMs > 0 && last !== undefined && Math.abs(now.getTime() - last) < rewriteMs) {
    return false;
  }
  if (log.size > 100_000) log.clear();
  log.set(key, now.getTime());
  await db
    .insert(visits)
    .values({ ...v, firstAt: now, lastAt: now })
    .onConflictDoUpdate({
      target: [visits.cohortId, visits.userId, visits.roomId, visits.exhibitId],
      set: { previousAt: sql`${visits.lastAt}`, lastAt: now },
    });
  return true;
}

export type Visitors = { count: number; recent: { id: number; name: string }[] };

/**
 * How many members have been in the room (its page or an exhibit), the latest few by name
 * (one more than a page shows, so it can leave out the reader).
 */
export async function roomVisitors(
  db: Db,
  cohortId: number,
  roomId: string,
  recent = 6,
): Promise<Visitors> {
  // One pass over the room's visits in visits_room_people_idx (member, then time: each
  // member's latest visit without a sort), counting the members as it goes; only the few
  // it keeps are looked up by name. Joining users before grouping read all of them.
  const lastAt = sql`max(${visits.lastAt})`;
  const latest = db
    .select({
      userId: visits.userId,
      at: lastAt.as('at'),
      members: sql<number>`(count(*) OVER ())::int`.as('members'),
    })
    .from(visits)
    .where(and(eq(visits.cohortId, cohortId), eq(visits.roomId, roomId)))
    .groupBy(visits.userId)
    // Members last seen at the same moment in a stable order, so a reload names the same.
    .orderBy(desc(lastAt), desc(visits.userId))
    .limit(recent)
    .as('latest');
  const rows = await db
    .select({ id: users.id, name: users.name, members: latest.members })
    .from(latest)
    .innerJoin(users, eq(users.id, latest.userId))
    .orderBy(desc(latest.at), desc(latest.userId));
  return { count: rows[0]?.members ?? 0, recent: rows.map(({ id, name }) => ({ id, name })) };
}

/** The place in a cohort a member was last (a room page or an exhibit) and when, or null. */
export async function findLastVisit(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<{ roomId: string; exhibitId: string; lastAt: Date } | null> {
  const rows = await db
    .select({ roomId: visits.roomId, exhibitId: visits.exhibitId, lastAt: visits.lastAt })
    .from(visits)
    .where(and(eq(visits.cohortId, cohortId), eq(visits.userId, userId)))
    .orderBy(desc(visits.lastAt))
    .limit(1);
  return rows[0] ?? null;
}

export interface VisitTimes {
  lastAt: Date;
  /** The visit before the latest one; null until there were two. */
  previousAt: Date | null;
}

/** A member's visits to the exhibits of one room, by exhibit id. */
export async function listVisitTimes(
  db: Db,
  cohortId: number,
  roomId: string,
  userId: number,
): Promise<Map<string, VisitTimes>> {
  const rows = await db
    .select({ exhibitId: visits.exhibitId, lastAt: visits.lastAt, previousAt: visits.previousAt })
    .from(visits)
    .where(
      and(eq(visits.cohortId, cohortId), eq(visits.userId, userId), eq(visits.roomId, roomId)),
    );
  return new Map(rows.map((r) => [r.exhibitId, { lastAt: r.lastAt, previousAt: r.previousAt }]));
}
