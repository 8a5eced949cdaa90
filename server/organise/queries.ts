// What the organiser's desk changes about a cohort: its settings, its schedule overrides and
// who organises it. Callers invalidate the cohort directory afterwards.
import { and, asc, eq, gt, isNull, max, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type Cohort,
  cohorts,
  enrolments,
  roomOpenings,
  signInTokens,
  users,
} from '../../db/schema.ts';

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

const pendingInvitation = (cohortId: number, now: Date) =>
  and(
    eq(signInTokens.cohortId, cohortId),
    eq(signInTokens.purpose, 'enrol'),
    eq(signInTokens.role, 'organiser'),
    isNull(signInTokens.usedAt),
    gt(signInTokens.expiresAt, now),
  );

/** Invitations to organise that nobody has followed yet and still work, one per address. */
export async function listPendingInvitations(
  db: Db,
  cohortId: number,
  now: Date,
): Promise<{ email: string; expiresAt: Date }[]> {
  const organisers = db
    .select({ email: users.email })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.role, 'organiser')));
  const rows = await db
    .select({ email: signInTokens.email, expiresAt: max(signInTokens.expiresAt) })
    .from(signInTokens)
    .where(and(pendingInvitation(cohortId, now), notInArray(signInTokens.email, organisers)))
    .groupBy(signInTokens.email)
    .orderBy(asc(signInTokens.email));
  return rows.flatMap((r) => (r.expiresAt ? [{ email: r.email, expiresAt: r.expiresAt }] : []));
}

/** Every link still out for this address stops working. False when there was none. */
export async function withdrawInvitation(
  db: Db,
  cohortId: number,
  email: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .delete(signInTokens)
    .where(and(pendingInvitation(cohortId, now), eq(signInTokens.email, email)))
    .returning({ email: signInTokens.email });
  return rows.length > 0;
}
