import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCohort, setRoomOpening } from '../../server/core/cohorts.ts';
import { buildTestApp, csrfFrom, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
const en = { 'accept-language': 'en-GB,en;q=0.9' };
const nl = { 'accept-language': 'nl-NL,nl;q=0.9' };

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  // Cohort started Monday, 2 March 2026; week 2 opens 9 March, the workshop (day 10) 12 March.
  await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
    timezone: 'Europe/Amsterdam',
  });
  await createCohort(t.database.db, {
    slug: 'voorjaar',
    courseId: 'leren',
    startsOn: '2026-03-02',
    capacity: 40,
    enrolmentOpen: false,
  });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  member.en = await signIn(t, { email: 'ann@example.org', cohorts: ['spring', 'voorjaar'] });
  member.nl = await signIn(t, {
    email: 'bo@example.org',
    locale: 'nl',
    cohorts: ['spring', 'voorjaar'],
  });
});

/** Session cookies of a member of both cohorts, by the language they chose. */
const member = { en: '', nl: '' };

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('home', () => {
  it('lists courses with their cohorts in Dutch by default', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="nl">');
    const text = textOf(res);
    expect(text).toContain('Cursussen en groepen');
    expect(text).toContain('A Test Museum');
    expect(text).toContain('Naar groep spring');
    expect(text).toContain('Week 2 van 3');
    expect(text).toContain('Gestart maandag 2 maart 2026');
  });

  it('speaks English when the browser asks for it', async () => {
    const text = textOf(await get('/', en));
    expect(text).toContain('Courses and cohorts');
    expect(text).toContain('Week 2 of 3');
    expect(text).toContain('Started Monday, 2 March 2026');
    expect(text).toContain('Finished'); // the one-room Dutch course, its room opened 8 days ago
  });

  it('shows an empty state for a course without cohorts', async () => {
    await t.reset();
    expect(textOf(await get('/', en))).toContain('No cohort has been planned for this course yet.');
  });
});

describe('cohort home', () => {
  it('shows the intro and the weeks, with closed rooms as title and date only', async () => {
    const res = await get('/c/spring', en);
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('Welcome to the test museum.');
    expect(text).toContain('Open since Monday, 2 March 2026');
    expect(text).toContain('Open since Monday, 9 March 2026');
    expect(text).toContain('Opens Thursday, 12 March 2026 at 00:00');
    expect(res.body).toContain('href="/c/spring/welcome"');
    expect(res.body).toContain('href="/c/spring/walking"');
    expect(res.body).not.toContain('href="/c/spring/sharing"');
    expect(text).toContain('Enrolment for this cohort is open.');
  });

  it('uses the course language when the visitor chose none', async () => {
    const res = await get('/c/spring');
    expect(res.body).toContain('<html lang="en">');
    const dutch = await get('/c/voorjaar', en);
    expect(dutch.body).toContain('<html lang="nl">');
    expect(textOf(dutch)).toContain('De inschrijving voor deze groep is gesloten.');
    expect(textOf(dutch)).not.toContain('Stuur me een inschrijflink');
  });

  it('answers an unknown cohort with a friendly 404 in the visitor language', async () => {
    const res = await get('/c/nobody', nl);
    expect(res.statusCode).toBe(404);
    expect(textOf(res)).toContain('Pagina niet gevonden');
    expect(textOf(await get('/c/nobody', en))).toContain('Page not found');
  });
});

describe('room', () => {
  it('shows the exhibits of an open room with kind, author, time and note', async () => {
    const res = await get('/c/spring/welcome', { ...en, cookie: member.en });
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('The Entrance Hall');
    expect(text).toContain('Week 1 · open since Monday, 2 March 2026');
    expect(text).toContain('Article by Ann Author 6 min read');
    expect(text).toContain('Cartoon by Bo Drawer 2 min look');
    expect(text).toContain('Podcast by Cy Speaker 45 min listen');
    expect(res.body).toContain('<strong>first</strong>');
    expect(res.body).toContain('href="https://example.org/"');
    expect(res.body).toContain('href="/c/spring/welcome/first-look"');
    expect(res.body).toContain('rel="next" href="/c/spring/walking"');
  });

  it('translates the interface but not the content', async () => {
    const text = textOf(await get('/c/spring/welcome', { cookie: member.nl }));
    expect(text).toContain('Artikel door Ann Author 6 min lezen');
    expect(text).toContain('Bekijken en bespreken');
  });

  it('keeps a room closed until local midnight of its opening day', async () => {
    t.setNow(new Date('2026-03-11T22:59:00Z')); // 23:59 in Amsterdam
    const closed = await get('/c/spring/sharing', { ...en, cookie: member.en });
    expect(closed.statusCode).toBe(403);
    expect(textOf(closed)).toContain('“The Workshop” opens on Thursday, 12 March 2026 at 00:00');
    expect((await get('/c/spring/sharing/share', { ...en, cookie: member.en })).statusCode).toBe(
      403,
    );
    t.setNow(new Date('2026-03-11T23:00:00Z'));
    expect((await get('/c/spring/sharing', { ...en, cookie: member.en })).statusCode).toBe(200);
    expect((await get('/c/spring/sharing/share', { ...en, cookie: member.en })).statusCode).toBe(
      200,
    );
  });

  it('follows an organiser override of the schedule', async () => {
    const cohort = await t.database.db.query.cohorts.findFirst();
    await setRoomOpening(
      t.database.db,
      cohort?.id ?? 0,
      'sharing',
      new Date('2026-03-10T08:00:00Z'),
    );
    expect((await get('/c/spring/sharing', { ...en, cookie: member.en })).statusCode).toBe(200);
  });

  it('answers unknown rooms and exhibits with 404', async () => {
    expect((await get('/c/spring/nowhere', { cookie: member.en })).statusCode).toBe(404);
    expect((await get('/c/spring/welcome/nothing', { cookie: member.en })).statusCode).toBe(404);
    expect((await get('/c/spring/Bad%20Id', { cookie: member.en })).statusCode).toBe(404);
  });
});

describe('htmx', () => {
  it('gives boosted navigation the whole page and targeted requests only the partial', async () => {
    const boosted = await get('/c/spring', { 'hx-request': 'true', 'hx-boosted': 'true' });
    expect(boosted.body).toContain('<header class="site">');
    const targeted = await get('/c/spring', { 'hx-request': 'true' });
    expect(targeted.body).not.toContain('<header class="site">');
    expect(textOf(targeted)).toContain('The programme');
  });
});

describe('exhibit', () => {
  it('shows the exhibit in full, its prompts and the place for the conversation', async () => {
    const res = await get('/c/spring/welcome/drawing', { ...en, cookie: member.en });
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('Exhibit 2 of 3');
    expect(text).toContain('The Drawing');
    expect(text).toContain("Curator's note");
    expect(text).toContain('What does the question mark stand for?');
    expect(text).toContain('Conversation');
    expect(res.body).toContain('alt="A visitor looking at a painting of a question mark."');
    expect(res.body).toContain('src="/media/demo/drawing.svg"');
    expect(res.body).toContain('rel="prev" href="/c/spring/welcome/first-look"');
    expect(res.body).toContain('rel="next" href="/c/spring/welcome/talk"');
  });

  it('is in Dutch for a Dutch visitor', async () => {
    const text = textOf(await get('/c/voorjaar/begin/artikel', { cookie: member.nl }));
    expect(text).toContain('Notitie van de curator');
    expect(text).toContain('Om over te praten');
    expect(text).toContain('Wat viel je op?');
  });
});

describe('media, static files and health', () => {
  it('serves course images with caching, and nothing else from the content folder', async () => {
    const res = await get('/media/demo/drawing.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.headers['cache-control']).toContain('max-age=86400');
    // A cover in a mail is loaded by webmail or a mail program, from another origin.
    const cover = await get('/media/demo/cover.svg');
    expect(cover.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect((await get('/media/demo/course.md')).statusCode).toBe(404);
    expect((await get('/media/demo/..%2Fcourse.md')).statusCode).toBe(404);
  });

  it('serves htmx 2 and the stylesheet from our own origin', async () => {
    const page = await get('/');
    const htmx = /data-htmx="(\/static\/htmx\.min\.js\?v=\w+)"/.exec(page.body)?.[1];
    const css = /href="(\/static\/salon\.css\?v=\w+)"/.exec(page.body)?.[1];
    expect(htmx).toBeDefined();
    expect(css).toBeDefined();
    const js = await get(htmx ?? '');
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('2.0.11');
    expect((await get(css ?? '')).statusCode).toBe(200);
  });

  it('sends a strict content security policy', async () => {
    const csp = String((await get('/')).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('reports liveness and database reachability', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('language switch', () => {
  it('remembers the choice in a cookie and goes back to the page', async () => {
    const { token, cookie } = await csrfFrom(t.app, '/c/spring', nl);
    const res = await t.app.inject({
      method: 'POST',
      url: '/locale',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, locale: 'nl', back: '/c/spring' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/c/spring');
    const lang = res.cookies.find((c) => c.name === 'lang');
    expect(lang?.value).toBe('nl');
    // The explicit choice beats the course language (English) and the browser (English).
    const page = await get('/c/spring', { ...en, cookie: `${cookie}; lang=nl` });
    expect(page.body).toContain('<html lang="nl">');
  });

  it('refuses a post without a valid CSRF token, with a friendly page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/locale',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...en },
      payload: 'locale=en&back=/',
    });
    expect(res.statusCode).toBe(403);
    expect(textOf(res)).toContain('This form has expired or did not come from this site.');
  });

  it('never redirects to another site', async () => {
    const { token, cookie } = await csrfFrom(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/locale',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: token,
        locale: 'en',
        back: '//evil.example',
      }).toString(),
    });
    expect(res.headers.location).toBe('/');
  });
});
