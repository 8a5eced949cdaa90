// Signing in without the mail round trip, and posting forms with their CSRF token, for tests
// that are about something else. The e-mail flow itself is tested in tests/auth/.

import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { cohorts, enrolments, users } from '../../db/schema.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createSession } from '../../server/core/sessions.ts';
import type { TestApp } from './app.ts';

export interface SignInOptions {
  email: string;
  name?: string;
  locale?: 'nl' | 'en';
  /** Cohort slugs to enrol in first. */
  cohorts?: string[];
  role?: 'learner' | 'organiser';
}

/** Creates (or finds) the user, enrols them, and returns a cookie header with a session. */
export async function signIn(t: TestApp, options: SignInOptions): Promise<string> {
  const db = t.database.db;
  const user = await ensureUser(db, {
    email: options.email,
    name: options.name ?? options.email.split('@')[0] ?? 'someone',
    locale: options.locale ?? 'en',
  });
  for (const slug of options.cohorts ?? []) {
    const cohort = await db.query.cohorts.findFirst({ where: eq(cohorts.slug, slug) });
    if (!cohort) throw new Error(`no cohort ${slug}`);
    await db
      .insert(enrolments)
      .values({ cohortId: cohort.id, userId: user.id, role: options.role ?? 'learner' })
      .onConflictDoNothing();
  }
  const { token } = await createSession(db, user.id, new Date());
  return `salon_session=${token}`;
}

export async function isEnrolled(t: TestApp, email: string, slug: string): Promise<boolean> {
  const db = t.database.db;
  const rows = await db
    .select({ role: enrolments.role })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(cohorts.slug, slug), eq(users.email, email)));
  return rows.length > 0;
}

/** Joins Set-Cookie values of a response into an existing Cookie header. */
export function withCookies(cookie: string, res: LightMyRequestResponse): string {
  const jar = new Map(
    cookie
      .split(/;\s*/)
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as const),
  );
  for (const c of res.cookies) {
    // Cleared cookies expire in 1970; others may expire "in the past" of a test's moved clock.
    if (c.value === '' || (c.expires && c.expires.getFullYear() < 2000)) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * Opens `page` (as a browser would, with `cookie`), then posts `fields` to `action` with the
 * page's CSRF token. Returns the response and the cookie header after it.
 */
export async function submit(
  app: FastifyInstance,
  page: string,
  action: string,
  fields: Record<string, string>,
  cookie = '',
  headers: Record<string, string> = {},
) {
  const form = await app.inject({ method: 'GET', url: page, headers: { ...headers, cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${page} (status ${form.statusCode})`);
  const jar = withCookies(cookie, form);
  const res = await app.inject({
    method: 'POST',
    url: action,
    headers: { ...headers, cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  return { res, cookie: withCookies(jar, res) };
}
