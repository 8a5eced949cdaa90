// Shared by the poll tests: a cohort on the test course with learners signed in, and a vote
// posted from the page the poll stands on (repeated fields allowed, htmx or not).
import type { LightMyRequestResponse } from 'fastify';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, withCookies } from '../helpers/auth.ts';

/** Tuesday 10 March 2026: rooms "welcome" (since 2 March) and "walking" are open. */
export const today = new Date('2026-03-10T12:00:00Z');
export const firstLook = '/c/spring/welcome/first-look';
export const drawing = '/c/spring/welcome/drawing';
export const talk = '/c/spring/welcome/talk';
export const welcome = '/c/spring/welcome';
export const walking = '/c/spring/walking';
export const video = '/c/spring/walking/video';
export const voteUrl = (poll: string, cohort = 'spring') => `/c/${cohort}/polls/${poll}/vote`;

export interface Seeded {
  cohortId: number;
  cookies: string[];
  ids: number[];
  organiser: string;
  /** Learner i's session cookie and user id. */
  cookie(i: number): string;
  id(i: number): number;
}

export const emailOf = (i: number) => `learner${i}@example.org`;

export async function seed(t: TestApp, learners: number): Promise<Seeded> {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(today);
  const cookies: string[] = [];
  const ids: number[] = [];
  for (let i = 0; i < learners; i++) {
    cookies.push(await signIn(t, { email: emailOf(i), name: `Learner ${i}`, cohorts: ['spring'] }));
    ids.push((await findUserByEmail(t.database.db, emailOf(i)))?.id ?? 0);
  }
  const organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  return {
    cohortId: cohort.id,
    cookies,
    ids,
    organiser,
    cookie: (i) => cookies[i] ?? '',
    id: (i) => ids[i] ?? 0,
  };
}

/** Opens `page` for its CSRF token, then posts the vote. */
export async function vote(
  t: TestApp,
  cookie: string,
  page: string,
  poll: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const form = await t.app.inject({ url: page, headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${page} (status ${form.statusCode})`);
  const jar = withCookies(cookie, form);
  return t.app.inject({
    method: 'POST',
    url: voteUrl(poll, page.split('/')[2]),
    headers: { ...headers, cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['_csrf', token], ...fields]).toString(),
  });
}

export const htmx = { 'hx-request': 'true' };

/** The poll's section in a page. */
export function pollSection(html: string, poll: string): string {
  const start = html.indexOf(`<section class="poll" id="poll-${poll}"`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</section>', start) + '</section>'.length);
}
