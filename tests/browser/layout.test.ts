// Nothing a learner writes may widen a page: every page a learner and an organiser see, at
// phone width (390 px), with a 150-character URL and a 120-character word in comments,
// names, wall finds, hand-ins, announcements and the meet-up. Axe on each page too.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../../server/conversation/queries.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { renderBody } from '../../server/core/render.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';

const url = `https://example.org/${'a-very-long-path-segment/'.repeat(5)}index.html?q=${'x'.repeat(12)}`;
const word = 'Donaudampfschifffahrt'.repeat(6).slice(0, 120);
const hostile = `Look at ${url} and read ${word} twice.\n\n${word}`;
// SHOTS=1 saves each page to /tmp/shot-<page>-<width>.png to look at while designing;
// SHOTS_WIDTH=1366 does the same at desktop width.
const shots = process.env.SHOTS === '1';
const width = Number(process.env.SHOTS_WIDTH ?? 390);

let t: TestApp;
let browser: Browser;
let base = '';
let learner = '';
let organiser = '';
let wallFind = '';
const contexts: BrowserContext[] = [];

/** Moves the app clock past the posting limit between two posts. */
const tick = () => t.setNow(new Date(t.app.clock().getTime() + 2000));

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '1' } });
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(new Date('2026-03-05T12:00:00Z'));
  learner = await signIn(t, { email: 'ann@example.org', name: word, cohorts: ['spring'] });
  const bo = await signIn(t, { email: 'bo@example.org', name: `Bo ${word}`, cohorts: ['spring'] });
  organiser = await signIn(t, { email: 'organisers@example.org', name: `Olga ${word}` });
  const exhibit = '/c/spring/welcome/drawing';

  const posted = await submit(t.app, exhibit, `${exhibit}/comments`, { body: hostile }, learner);
  expect(posted.res.statusCode).toBe(303);
  const commentId = Number(/#comment-(\d+)/.exec(posted.res.headers.location ?? '')?.[1]);
  tick();
  await submit(t.app, exhibit, `/comments/${commentId}/reply`, { body: hostile }, bo);
  tick();
  // A very long comment, to be folded.
  const bo2 = await findUserByEmail(t.database.db, 'bo@example.org');
  const long = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1}: ${word}`).join('\n\n');
  await createComment(t.database.db, {
    cohortId: cohort.id,
    thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
    roomId: 'welcome',
    parentId: null,
    authorId: bo2?.id ?? 0,
    bodyMd: long,
    bodyHtml: renderBody(long),
    now: t.app.clock(),
  });
  await submit(t.app, exhibit, `/comments/${commentId}/flag`, { reason: word }, bo);

  const wall = '/c/spring/welcome/wall';
  const find = await submit(t.app, wall, wall, { title: word, url, note: hostile }, learner);
  expect(find.res.statusCode).toBe(303);
  wallFind = `${wall}/${/#item-(\d+)$/.exec(find.res.headers.location ?? '')?.[1]}`;
  tick();
  await submit(t.app, wallFind, `${wallFind}/comments`, { body: hostile }, bo);

  const feedback = '/c/spring/welcome/feedback';
  for (const cookie of [learner, bo]) {
    const handIn = await submit(t.app, feedback, feedback, { body: hostile, url }, cookie);
    expect(handIn.res.statusCode).toBe(303);
  }

  const announcements = '/c/spring/organise/announcements';
  const announced = await submit(
    t.app,
    announcements,
    announcements,
    { title: word.slice(0, 100), body: hostile },
    organiser,
  );
  expect(announced.res.statusCode).toBe(303);

  const meetup = '/c/spring/organise/meetup';
  const planned = await submit(
    t.app,
    meetup,
    meetup,
    {
      title: word.slice(0, 120),
      description: hostile,
      starts_at: '2026-03-20T19:00',
      ends_at: '2026-03-20T22:00',
      timezone: 'Europe/Amsterdam',
      place: word,
      address: url,
      capacity: '',
    },
    organiser,
  );
  expect(planned.res.statusCode).toBe(303);

  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

async function phone(cookie: string): Promise<Page> {
  const context = await newContext(browser, {
    locale: 'en-GB',
    viewport: { width, height: 844 },
  });
  contexts.push(context);
  if (cookie) {
    const [key = '', value = ''] = cookie.split('=');
    await context.addCookies([{ name: key, value, url: base }]);
  }
  return context.newPage();
}

async function expectFits(page: Page, pathname: string, name: string) {
  const res = await page.goto(`${base}${pathname}`);
  expect(res?.status(), pathname).toBe(200);
  // A string, evaluated in the page: the tests are not typed against the DOM.
  const { scroll, inner } = await page.evaluate<{ scroll: number; inner: number }>(
    '({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })',
  );
  if (shots) {
    await page.screenshot({ path: `/tmp/shot-${name}-${width}.png`, fullPage: true });
  }
  expect(scroll, `${pathname} is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(
    inner,
  );
  // Breadcrumbs flow as text: one or two lines on a phone, never a line per crumb.
  const crumbLines = await page.evaluate<number>(`(() => {
    const list = document.querySelector('.breadcrumb ol');
    if (!list) return 0;
    const range = document.createRange();
    range.selectNodeContents(list);
    const tops = [...range.getClientRects()].filter((r) => r.height > 0).map((r) => r.top);
    return tops.sort((a, b) => a - b).filter((top, i, all) => i === 0 || top - all[i - 1] > 4).length;
  })()`);
  expect(crumbLines, `${pathname}: breadcrumbs on ${crumbLines} lines`).toBeLessThanOrEqual(2);
  await expectAccessible(page);
}

const learnerPages: [string, () => string][] = [
  ['home', () => '/'],
  ['cohort-member', () => '/c/spring'],
  ['room', () => '/c/spring/welcome'],
  ['exhibit', () => '/c/spring/welcome/drawing'],
  ['wall', () => '/c/spring/welcome/wall'],
  ['wall-find', () => wallFind],
  ['feedback', () => '/c/spring/welcome/feedback'],
  ['meetup', () => '/c/spring/meetup'],
  ['settings', () => '/settings'],
];

const deskPages: [string, string][] = [
  ['desk', '/c/spring/organise'],
  ['desk-settings', '/c/spring/organise/settings'],
  ['desk-dashboard', '/c/spring/organise/dashboard'],
  ['desk-moderation', '/c/spring/organise/moderation'],
  ['desk-announcements', '/c/spring/organise/announcements'],
  ['desk-feedback', '/c/spring/organise/feedback'],
  ['desk-meetup', '/c/spring/organise/meetup'],
];

describe('hostile content at phone width', () => {
  let page: Page;
  describe('a learner', () => {
    beforeAll(async () => {
      page = await phone(learner);
    });
    for (const [name, pathname] of learnerPages) {
      it(`fits the ${name} page`, () => expectFits(page, pathname(), name));
    }

    it('counts a paste over the limit under the field, and keeps all of it', async () => {
      await page.goto(`${base}/c/spring/welcome/drawing`);
      const counter = page.locator('#comment-body ~ .counter');
      expect(await counter.textContent()).toBe('0 of 10,000 characters');
      await page.locator('#comment-body').fill('x'.repeat(10_050));
      await expect
        .poll(() => counter.textContent())
        .toBe('50 characters too many: shorten it to send it.');
      expect((await page.locator('#comment-body').inputValue()).length).toBe(10_050);
    });
  });

  describe('a visitor', () => {
    beforeAll(async () => {
      page = await phone('');
    });
    it('fits the cohort page', () => expectFits(page, '/c/spring', 'cohort-visitor'));
    it('fits the sign-in page', () => expectFits(page, '/sign-in', 'sign-in'));
  });

  describe('an organiser', () => {
    beforeAll(async () => {
      page = await phone(organiser);
    });
    for (const [name, pathname] of deskPages) {
      it(`fits the ${name} page`, () => expectFits(page, pathname, name));
    }
  });
});
