// Sessions as Lucia now teaches them (lucia-auth.com/sessions): a random token in the cookie,
// its SHA-256 as the row id, 30 days that slide forward when less than half remains.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Session, sessions, type User, users } from '../../db/schema.ts';
import { generateToken, hashToken } from './tokens.ts';

const day = 24 * 60 * 60 * 1000;
export const sessionLifetimeMs = 30 * day;

export const sessionCookieName = (secure: boolean) =>
  secure ? '__Host-salon_session' : 'salon_session';

export async function createSession(
  db: Db,
  userId: number,
  now: Date,
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const rows = await db
    .insert(sessions)
    .values({
      id: hashToken(token),
      userId,
      expiresAt: new Date(now.getTime() + sessionLifetimeMs),
    })
    .returning();
  const session = rows[0];
  if (!session) throw new Error('insert returned no row');
  return { token, session };
}

/** The session and its user for a cookie token, or null; extends the expiry when due. */
export async function validateSessionToken(
  db: Db,
  token: string,
  now: Date,
): Promise<{ session: Session; user: User } | null> {
  const id = hashToken(token);
  const rows = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const { session, user } = row;
  if (now.getTime() >= session.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (session.expiresAt.getTime() - now.getTime() < sessionLifetimeMs / 2) {
    session.expiresAt = new Date(now.getTime() + sessionLifetimeMs);
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
  }
  return { session, user };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
