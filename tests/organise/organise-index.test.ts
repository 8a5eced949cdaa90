// GET /organise and the header's "Organise" entry: every cohort one runs (all for admins), with
// where it is in its run and the links to its desk; a "New cohort" button for admins only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
const en = { 'accept-language': 'en' };
const get = (url: string, cookie = '', headers: Record<string, string> = en) =>
  t.app.inject({ url, headers: { cookie, ...headers } });
// The header link: its icon, then the word (which a phone keeps for screen readers only).
const headerLink = (label: string) =>
  new RegExp(`<a [^>]*href="/organise"[^>]*>(<svg [^>]*>.*?</svg>)?<span[^>]*>${label}</span></a>`);
const organiseLink = headerLink('Organise');

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'boss@example.org' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  t.setNow(new Date('2026-03-10T12:00:00Z'));
});

async function cohorts() {
  const db = t.database.db;
  // demo: a running cohort and one that starts later; leren: another course.
  await createCohort(db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  await createCohort(db, {
    slug: 'autumn',
    courseId: 'demo',
    startsOn: '2026-09-07',
    enrolmentOpen: false,
  });
  await createCohort(db, { slug: 'herfst', courseId: 'leren', startsOn: '2026-03-02' });
}

/** The cohort slugs the page lists, in order (each card's heading links to the desk). */
const listed = (html: string) =>
  [...html.matchAll(/<h2><a href="\/c\/([a-z0-9-]+)\/organise">/g)].map((m) => m[1]);

describe('/organise', () => {
  it('lists every cohort for an admin, with status, desk links and "New cohort"', async () => {
    await cohorts();
    const boss = await signIn(t, { email: 'boss@example.org', name: 'Boss' });
    const res = await get('/organise', boss);
    expect(res.statusCode).toBe(200);
    expect(listed(res.body)).toEqual(['herfst', 'spring', 'autumn']);
    const text = textOf(res);
    expect(text).toContain('As an administrator you organise every cohort.');
    expect(text).toMatch(/Started .* · Week 2 of 3 · enrolment open/);
    expect(text).toContain('Starting soon · enrolment closed');
    expect(res.body).toContain('<a class="button" href="/organise/cohorts/new">New cohort</a>');
    for (const href of ['/organise', '/organise/dashboard', '/organise/settings', '']) {
      expect(res.body).toContain(`href="/c/spring${href}"`);
    }
    expect(res.body).toMatch(organiseLink);
  });

  it('lists a course organiser’s course cohorts and a co-organiser’s own, without "New cohort"', async () => {
    await cohorts();
    // organisers@example.org is in the demo course's `organisers:`, not enrolled anywhere.
    const olga = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
    const page = await get('/organise', olga);
    expect(listed(page.body)).toEqual(['spring', 'autumn']);
    expect(page.body).not.toContain('/organise/cohorts/new');
    expect(page.body).toMatch(organiseLink);

    const co = await signIn(t, { email: 'co@example.org', cohorts: ['herfst'], role: 'organiser' });
    expect(listed((await get('/organise', co)).body)).toEqual(['herfst']);
  });

  it('says so when there is nothing to organise yet, in Dutch too', async () => {
    const boss = await signIn(t, { email: 'boss@example.org', name: 'Boss', locale: 'nl' });
    const nl = await get('/organise', boss, {});
    expect(nl.statusCode).toBe(200);
    expect(textOf(nl)).toContain('Er zijn nog geen groepen. Maak de eerste met “Nieuwe groep”.');
    expect(nl.body).toMatch(headerLink('Organiseren'));

    const olga = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
    expect(textOf(await get('/organise', olga))).toContain('You do not organise any cohort yet.');
  });

  it('is not for learners, who see no "Organise" in the header; visitors sign in first', async () => {
    await cohorts();
    const ann = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
    expect((await get('/organise', ann)).statusCode).toBe(403);
    expect((await get('/c/spring', ann)).body).not.toMatch(organiseLink);
    const anonymous = await get('/organise');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Forganise');
  });
});
