// Who is asking: reads the session cookie on each request (request.user, request.session,
// request.roles) and lets routes start and end sessions. Static files skip the lookup.
// Validated sessions are kept in memory for a few seconds (docs/decisions/007): a page
// view then costs no database trip. Changes made in this process forget the user's entries
// at once; other processes see them within the TTL.
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Session, User } from '../../db/schema.ts';
import { clearCookie, cookieAttributes } from '../http/cookies.ts';
import { csrfCookieName } from '../http/security.ts';
import { listRolesOfUser, type Role } from './accounts.ts';
import {
  createSession,
  invalidateSession,
  sessionCookieName,
  sessionLifetimeMs,
  validateSessionToken,
} from './sessions.ts';
import { hashToken, isToken } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    session: Session | null;
    /** The signed-in user's cohorts (by id) and role in each. */
    roles: ReadonlyMap<number, Role>;
  }
  interface FastifyInstance {
    /** Drops cached sessions of a user after their account, roles or sessions changed. */
    forgetSessions(userId: number): void;
  }
  interface FastifyReply {
    /** A fresh session for `user` (a new one at every sign-in), with its cookie. */
    startSession(user: User): Promise<void>;
    /** Deletes the current session server-side and clears the cookie. */
    endSession(): Promise<void>;
  }
}

const skip = /^\/(static|media|healthz)(\/|$)/;

interface Signed {
  session: Session;
  user: User;
  roles: ReadonlyMap<number, Role>;
}

const maxCached = 10_000;
const noRoles: ReadonlyMap<number, Role> = new Map();

export interface AuthOptions {
  secure: boolean;
  /** How long a validated session may be served from memory (0 = always ask the database). */
  cacheMs: number;
}

export const authPlugin = fp(async function sessionPlugin(app: FastifyInstance, opts: AuthOptions) {
  const cookie = sessionCookieName(opts.secure);
  const cookieOptions = (expires: Date) => ({ ...cookieAttributes(opts.secure), expires });
  // By session id; promises, so concurrent requests of one browser share a lookup.
  const cache = new Map<string, { at: number; signed: Promise<Signed | null> }>();

  async function lookup(token: string): Promise<Signed | null> {
    const found = await validateSessionToken(app.db, token, app.clock());
    if (!found) return null;
    return { ...found, roles: await listRolesOfUser(app.db, found.user.id) };
  }

  function signedIn(token: string): Promise<Signed | null> {
    const id = hashToken(token);
    const now = Date.now();
    const hit = cache.get(id);
    if (hit && now - hit.at < opts.cacheMs) return hit.signed;
    const signed = lookup(token);
    if (opts.cacheMs > 0) {
      if (cache.size >= maxCached) cache.delete(cache.keys().next().value ?? '');
      cache.set(id, { at: now, signed });
      signed.catch(() => cache.delete(id));
    }
    return signed;
  }

  app.decorate('forgetSessions', (userId: number) => {
    for (const [id, entry] of cache) {
      entry.signed.then(
        (s) => s?.user.id === userId && cache.delete(id),
        () => {},
      );
    }
  });

  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  // A Map cannot be a shared decorator default; every request starts with the empty one.
  app.decorateRequest('roles', null as unknown as ReadonlyMap<number, Role>);

  app.addHook('onRequest', async (request, reply) => {
    request.roles = noRoles;
    const token = request.cookies[cookie];
    if (!token || skip.test(request.url)) return;
    // Only tokens we could have made are looked up; anything else is dropped at once.
    const found = isToken(token) ? await signedIn(token) : null;
    // A cached session may have run out since it was cached.
    if (!found || found.session.expiresAt.getTime() <= app.clock().getTime()) {
      clearCookie(reply, cookie, opts.secure);
      return;
    }
    request.user = found.user;
    request.session = found.session;
    request.roles = found.roles;
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
    app.forgetSessions(user.id);
    this.request.user = user;
    this.request.session = session;
    this.request.roles = await listRolesOfUser(app.db, user.id);
  });

  app.decorateReply('endSession', async function endSession(this: FastifyReply) {
    if (this.request.session) {
      await invalidateSession(app.db, this.request.session.id);
      cache.delete(this.request.session.id);
    }
    clearCookie(this, cookie, opts.secure);
    // The next visitor of this browser starts with a CSRF secret of their own.
    clearCookie(this, csrfCookieName(opts.secure), opts.secure);
    this.request.user = null;
    this.request.session = null;
    this.request.roles = noRoles;
  });
});
