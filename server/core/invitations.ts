// Invitations to organise a cohort are sign-in links (purpose 'enrol', role 'organiser') that
// nobody has followed yet. Withdrawn when the organisers take the invitation back, when the
// invitee is removed, and when they sign in some other way.
import { and, asc, eq, gt, isNull, max, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, signInTokens, users } from '../../db/schema.ts';

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
