// Cohort queries: small, verb-named, columns explicit, null for "not found".
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Cohort, cohorts, type NewCohort, roomOpenings } from '../../db/schema.ts';

export async function listCohorts(db: Db): Promise<Cohort[]> {
  return db.select().from(cohorts).orderBy(asc(cohorts.startsOn), asc(cohorts.slug));
}

export async function findCohortBySlug(db: Db, slug: string): Promise<Cohort | null> {
  const rows = await db.select().from(cohorts).where(eq(cohorts.slug, slug)).limit(1);
  return rows[0] ?? null;
}

export async function countCohorts(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(cohorts);
  return rows[0]?.n ?? 0;
}

/** A cohort nobody named is called by its address until an organiser names it. */
export async function createCohort(
  db: Db,
  input: Omit<NewCohort, 'name'> & { name?: string | null },
): Promise<Cohort> {
  const rows = await db
    .insert(cohorts)
    .values({ ...input, name: input.name || input.slug })
    .returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Organiser overrides of the schedule for one cohort, by room id. */
export async function listRoomOpenings(db: Db, cohortId: number): Promise<Map<string, Date>> {
  const rows = await db
    .select({ roomId: roomOpenings.roomId, opensAt: roomOpenings.opensAt })
    .from(roomOpenings)
    .where(eq(roomOpenings.cohortId, cohortId));
  return new Map(rows.map((r) => [r.roomId, r.opensAt]));
}

export async function setRoomOpening(
  db: Db,
  cohortId: number,
  roomId: string,
  opensAt: Date,
): Promise<void> {
  await db
    .insert(roomOpenings)
    .values({ cohortId, roomId, opensAt })
    .onConflictDoUpdate({ target: [roomOpenings.cohortId, roomOpenings.roomId], set: { opensAt } });
}

export async function findCohortById(db: Db, id: number): Promise<Cohort | null> {
  const rows = await db.select().from(cohorts).where(eq(cohorts.id, id)).limit(1);
  return rows[0] ?? null;
}
