// Talking in the museum, in Chromium: posting, replying and liking in place (no reload),
// the same with JavaScript off, and an organiser spotlighting and hiding after a report.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../../server/conversation/queries.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createCohort, findCohortBySlug } from '../../server/core/cohorts.ts';
import { renderBody } from '../../server/core/render.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let base = '';
const room = '/c/spring/welcome';

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '1' } });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A comment by `email` on an exhibit of room "welcome", written straight to the database. */
async function seed(exhibitId: string, email: string, name: string, text: string) {
  const user = await ensureUser(t.database.db, { email, name, locale: 'en' });
  const cohort = await findCohortBySlug(t.database.db, 'spring');
  return createComment(t.database.db, {
    cohortId: cohort?.id ?? 0,
    thread: formatThreadKey(exhibitThread('welcome', exhibitId)),
    roomId: 'welcome',
    parentId: null,
    authorId: user.id,
    bodyMd: text,
    bodyHtml: renderBody(text),
    now: new Date('2026-03-10T11:00:00Z'),
  });
}

/** Moves the app clock past the posting limit between two posts. */
const tick = () => t.setNow(new Date(t.app.clock().getTime() + 2000));

async function as(email: string, name: string, options: { js?: boolean; cohort?: boolean } = {}) {
  const cookie = await signIn(t, {
    email,
    name,
    cohorts: options.cohort === false ? [] : ['spring'],
  });
  const [key = '', value = ''] = cookie.split('=');
  const context = await newContext(browser, {
    locale: 'en-GB',
    javaScriptEnabled: options.js ?? true,
  });
  await context.addCookies([{ name: key, value, url: base }]);
  return context;
}

/** A marker on window that a full page load would wipe out. */
const mark = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __kept: true }));
const kept = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __kept?: boolean }).__kept === true);

describe('the conversation on an exhibit', () => {
  let contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
    contexts = [];
  });

  it('lets one learner post and another reply and like, without reloading the page', async () => {
    const ann = await as('ann@example.org', 'Ann');
    const bo = await as('bo@example.org', 'Bo');
    contexts.push(ann, bo);
    const exhibit = `${room}/drawing`;
    const a = await ann.newPage();
    await a.goto(`${base}${exhibit}`);
    await mark(a);
    await a.getByLabel('Your comment').fill('The question mark is *us*.');
    await a.getByRole('button', { name: 'Post', exact: true }).click();
    await expect.poll(() => a.locator('.comment-body em').textContent()).toBe('us');
    expect(await kept(a)).toBe(true);
    expect(await a.getByLabel('Your comment').inputValue()).toBe('');
    await expectAccessible(a);

    tick();
    const b = await bo.newPage();
    await b.goto(`${base}${exhibit}`);
    await mark(b);
    await b.getByText('Reply', { exact: true }).click();
    await b.getByLabel(/^Your reply to \u2068?Ann\u2069?$/).fill('Or all of us at once.');
    await b.getByRole('button', { name: 'Post reply' }).click();
    await expect
      .poll(() => b.locator('.replies .comment-body').textContent())
      .toContain('all of us');
    await b
      .locator('.comments > li')
      .first()
      .getByRole('button', { name: /^Like/ })
      .first()
      .click();
    await expect
      .poll(() =>
        b
          .locator('.comments > li')
          .first()
          .getByRole('button', { name: /^Like · 1 like/, pressed: true })
          .count(),
      )
      .toBe(1);
    expect(await kept(b)).toBe(true);
    await expectAccessible(b);
  });

  it('works the same with JavaScript off', async () => {
    const cy = await as('cy@example.org', 'Cy', { js: false });
    contexts.push(cy);
    const exhibit = `${room}/first-look`;
    await seed('first-look', 'ann@example.org', 'Ann', 'The question mark is *us*.');
    const page = await cy.newPage();
    tick();
    await page.goto(`${base}${exhibit}?sort=oldest`);
    await page.getByLabel('Your comment').fill('No scripts here.');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.waitForURL(/#comment-\d+$/);
    await expect.poll(() => page.getByText('Your comment has been posted.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('No scripts here.').isVisible()).toBe(true);
    const anns = () => page.locator('.comments > li', { hasText: 'The question mark is' });
    await anns().getByRole('button', { name: /^Like/ }).first().click();
    await page.waitForLoadState();
    await expect
      .poll(() =>
        anns()
          .getByRole('button', { name: /^Like · 1 like/, pressed: true })
          .count(),
      )
      .toBe(1);
    // Replying opens a page of its own and comes back to the thread.
    tick();
    await anns().getByText('Reply', { exact: true }).click();
    await page.waitForURL(/\/reply$/);
    await page.getByLabel(/^Your reply to \u2068?Ann\u2069?$/).fill('Replying without scripts.');
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.waitForURL(/#comment-\d+$/);
    await expect.poll(() => page.getByText('Replying without scripts.').isVisible()).toBe(true);
    // An empty post comes back with a message, on the same page.
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await expect.poll(() => page.getByText('Please write something first.').isVisible()).toBe(true);
    // axe needs JavaScript: check the same page in a context that has it.
    const checker = await newContext(browser, { locale: 'en-GB' });
    await checker.addCookies(await cy.cookies());
    const same = await checker.newPage();
    await same.goto(page.url());
    await expectAccessible(same);
    await checker.close();
  });

  it('lets an organiser spotlight a comment and hide one that was reported', async () => {
    const bo = await as('bo@example.org', 'Bo');
    const olga = await as('organisers@example.org', 'Olga', { cohort: false });
    contexts.push(bo, olga);
    const exhibit = `${room}/talk`;
    await seed('talk', 'ann@example.org', 'Ann', 'The question mark is *us*.');
    await seed('talk', 'cy@example.org', 'Cy', 'No scripts here.');
    const b = await bo.newPage();
    await b.goto(`${base}${exhibit}?sort=oldest`);
    const cys = b.locator('.comments > li', { hasText: 'No scripts here.' });
    await cys.getByRole('link', { name: 'Report' }).click();
    await cys.getByLabel('Why are you reporting this?').fill('Off topic');
    await cys.getByRole('button', { name: 'Send report' }).click();
    await expect
      .poll(() => cys.getByText('Thank you. The organisers will look at it.').isVisible())
      .toBe(true);

    const o = await olga.newPage();
    await o.goto(`${base}/c/spring/organise/moderation`);
    await expect.poll(() => o.getByText('Off topic').isVisible()).toBe(true);
    await expectAccessible(o);
    await o.getByRole('button', { name: 'Hide' }).click();
    await expect
      .poll(() => o.getByText('The comment is now hidden from participants.').isVisible())
      .toBe(true);

    await o.goto(`${base}${exhibit}`);
    const anns = o.locator('.comments > li', { hasText: 'The question mark is' });
    await anns.getByRole('button', { name: 'Spotlight' }).click();
    await expect.poll(() => anns.getByText('Spotlighted').count()).toBeGreaterThan(0);
    await expectAccessible(o);

    await b.goto(`${base}${exhibit}`);
    expect(await b.getByText('No scripts here.').count()).toBe(0);
    await expect
      .poll(() => b.locator('.comments > li').first().getByText('Spotlighted').count())
      .toBe(1);
  });
});
