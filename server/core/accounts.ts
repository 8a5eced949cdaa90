// Users, enrolments and sign-in links: small verb-named queries, null for "not found".
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type Cohort,
  cohorts,
  enrolments,
  type SignInToken,
  signInTokens,
  type User,
  users,
} from '../../db/schema.ts';
import type { Locale } from '../i18n/index.ts';

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const rows = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return rows[0] ?? null;
}

export async function findUserById(db: Db, id: number): Promise<User | null> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The user with this address, created with `name` and `locale` when new. */
export async function ensureUser(
  db: Db,
  input: { email: string; name: string; locale: Locale },
): Promise<User> {
  await db.insert(users).values(input).onConflictDoNothing({ target: users.email });
  const user = await findUserByEmail(db, input.email);
  if (!user) throw new Error('user vanished after insert');
  return user;
}

export async function updateUser(
  db: Db,
  userId: number,
  changes: Partial<Pick<User, 'name' | 'locale' | 'digest'>>,
): Promise<void> {
  await db.update(users).set(changes).where(eq(users.id, userId));
}

export async function deleteUser(db: Db, userId: number): Promise<void> {
  await db.delete(users).where(eq(users.id, userId));
}

export type Role = 'learner' | 'organiser';

export async function findEnrolment(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<{ role: Role; createdAt: Date } | null> {
  const rows = await db
    .select({ role: enrolments.role, createdAt: enrolments.createdAt })
    .from(enrolments)
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, userId)))
    .limit(1);
  const row = rows[0];
  return row ? { role: row.role as Role, createdAt: row.createdAt } : null;
}

/**
 * Enrols as a learner unless the cohort is full; an existing enrolment is kept as it is.
 * The capacity check and the insert are one statement, so two processes cannot overfill.
 * Joining accepts the house rules' current version (the enrol form says so and shows them);
 * the version and the moment are kept with the membership.
 */
export async function enrolLearner(
  db: Db,
  cohort: Pick<Cohort, 'id' | 'capacity'>,
  userId: number,
): Promise<'enrolled' | 'already' | 'full'> {
  if (await findEnrolment(db, cohort.id, userId)) return 'already';
  const rows = await db.execute<{ user_id: number }>(sql`
    INSERT INTO enrolments (cohort_id, user_id, role, rules_version, rules_accepted_at)
    SELECT ${cohort.id}, ${userId}, 'learner',
      (SELECT coalesce(max(version), 1) FROM rule_changes WHERE cohort_id = ${cohort.id}), now()
    WHERE ${cohort.capacity}::int IS NULL
       OR (SELECT count(*) FROM enrolments WHERE cohort_id = ${cohort.id} AND role = 'learner') < ${cohort.capacity}::int
    ON CONFLICT DO NOTHING
    RETURNING user_id`);
  const inserted = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  if (inserted.length > 0) return 'enrolled';
  return (await findEnrolment(db, cohort.id, userId)) ? 'already' : 'full';
}

/** Makes the user an organiser of the cohort (a learner is promoted); capacity counts learners. */
export async function enrolOrganiser(db: Db, cohortId: number, userId: number): Promise<void> {
  await db
    .insert(enrolments)
    .values({ cohortId, userId, role: 'organiser' })
    .onConflictDoUpdate({
      target: [enrolments.cohortId, enrolments.userId],
      set: { role: 'organiser' },
    });
}

export async function leaveCohort(db: Db, cohortId: number, userId: number): Promise<void> {
  await db
    .delete(enrolments)
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, userId)));
}

export async function countLearners(db: Db, cohortId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.role, 'learner')));
  return rows[0]?.n ?? 0;
}

export async function listEnrolmentsOfUser(
  db: Db,
  userId: number,
): Promise<{ slug: string; name: string; courseId: string; role: Role; createdAt: Date }[]> {
  const rows = await db
    .select({
      slug: cohorts.slug,
      name: cohorts.name,
      courseId: cohorts.courseId,
      role: enrolments.role,
      createdAt: enrolments.createdAt,
    })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(eq(enrolments.userId, userId))
    .orderBy(asc(cohorts.startsOn), asc(cohorts.slug));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function createSignInToken(
  db: Db,
  input: typeof signInTokens.$inferInsert,
): Promise<void> {
  await db.insert(signInTokens).values(input);
}

const usable = (tokenHash: string, now: Date) =>
  and(
    eq(signInTokens.tokenHash, tokenHash),
    isNull(signInTokens.usedAt),
    gt(signInTokens.expiresAt, now),
  );

/** An unused, unexpired link by the hash of its token (to show the confirm page). */
export async function findUsableToken(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<SignInToken | null> {
  const rows = await db.select().from(signInTokens).where(usable(tokenHash, now)).limit(1);
  return rows[0] ?? null;
}

/** Marks a link used and returns it; null when it was used, expired or unknown. Single-use
 * holds across processes because the check and the update are one statement. */
export async function consumeToken(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<SignInToken | null> {
  const rows = await db
    .update(signInTokens)
    .set({ usedAt: now })
    .where(usable(tokenHash, now))
    .returning();
  return rows[0] ?? null;
}

export async function deleteTokensOfEmail(db: Db, email: string): Promise<void> {
  await db.delete(signInTokens).where(eq(signInTokens.email, email));
}

/** Every cohort the user belongs to, with the role: loaded with the session, once. */
export async function listRolesOfUser(db: Db, userId: number): Promise<Map<number, Role>> {
  const rows = await db
    .select({ cohortId: enrolments.cohortId, role: enrolments.role })
    .from(enrolments)
    .where(eq(enrolments.userId, userId));
  return new Map(rows.map((r) => [r.cohortId, r.role as Role]));
}
