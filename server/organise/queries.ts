// What the organiser's desk changes about a cohort: its settings, its schedule overrides and
// who organises it. Callers invalidate the cohort directory afterwards.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Cohort, cohorts, enrolments, roomOpenings, users } from '../../db/schema.ts';

export type CohortChanges = Pick<Cohort, 'startsOn' | 'timezone' | 'capacity' | 'enrolmentOpen'> & {
  /** null: the name stays as it is (a cleared field never unnames a cohort). */
  name: string | null;
};

export async function updateCohortSettings(
  db: Db,
  cohortId: number,
  { name, ...changes }: CohortChanges,
): Promise<void> {
  await db
    .update(cohorts)
    .set(name ? { ...changes, name } : changes)
    .where(eq(cohorts.id, cohortId));
}

/** Back to the schedule the content gives: the room opens when its week says. */
export async function deleteRoomOpening(db: Db, cohortId: number, roomId: string): Promise<void> {
  await db
    .delete(roomOpenings)
    .where(and(eq(roomOpenings.cohortId, cohortId), eq(roomOpenings.roomId, roomId)));
}

/** Co-organisers enrolled in this cohort (course organisers come from the content). */
export async function listCohortOrganisers(
  db: Db,
  cohortId: number,
): Promise<{ id: number; name: string; email: string }[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.role, 'organiser')))
    .orderBy(asc(users.name), asc(users.email));
}

/** Takes a co-organiser off this cohort (their enrolment goes). False when they were not one. */
export async function removeCohortOrganiser(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<boolean> {
  const rows = await db
    .delete(enrolments)
    .where(
      and(
        eq(enrolments.cohortId, cohortId),
        eq(enrolments.userId, userId),
        eq(enrolments.role, 'organiser'),
      ),
    )
    .returning({ userId: enrolments.userId });
  return rows.length > 0;
}
