// Who is asking: reads the session cookie on each request (request.user, request.session)
// and lets routes start and end sessions. Static files and health checks skip the lookup.
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Session, User } from '../../db/schema.ts';
import {
  createSession,
  invalidateSession,
  sessionCookieName,
  sessionLifetimeMs,
  validateSessionToken,
} from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    session: Session | null;
  }
  interface FastifyReply {
    /** A fresh session for `user` (a new one at every sign-in), with its cookie. */
    startSession(user: User): Promise<void>;
    /** Deletes the current session server-side and clears the cookie. */
    endSession(): Promise<void>;
  }
}

const skip = /^\/(static|media|healthz)(\/|$)/;

export const authPlugin = fp(async (app: FastifyInstance, opts: { secure: boolean }) => {
  const cookie = sessionCookieName(opts.secure);
  const cookieOptions = (expires: Date) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: opts.secure,
    expires,
  });

  app.decorateRequest('user', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[cookie];
    if (!token || skip.test(request.url)) return;
    const found = await validateSessionToken(app.db, token, app.clock());
    if (!found) {
      reply.clearCookie(cookie, { path: '/' });
      return;
    }
    request.user = found.user;
    request.session = found.session;
    request.locale = request.localeFor(null);
    // Sliding expiry: when the row was extended, the cookie follows.
    const remaining = found.session.expiresAt.getTime() - app.clock().getTime();
    if (remaining > sessionLifetimeMs - 60_000) {
      reply.setCookie(cookie, token, cookieOptions(found.session.expiresAt));
    }
  });

  app.decorateReply('startSession', async function startSession(this: FastifyReply, user: User) {
    if (this.request.session) await invalidateSession(app.db, this.request.session.id);
    const { token, session } = await createSession(app.db, user.id, app.clock());
    this.setCookie(cookie, token, cookieOptions(session.expiresAt));
    this.request.user = user;
    this.request.session = session;
  });

  app.decorateReply('endSession', async function endSession(this: FastifyReply) {
    if (this.request.session) await invalidateSession(app.db, this.request.session.id);
    this.clearCookie(cookie, { path: '/' });
    this.request.user = null;
    this.request.session = null;
  });
});
