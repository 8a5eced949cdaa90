// The click-to-load video placeholder in Chromium: nothing reaches the provider before the
// learner asks; a click (or Enter) puts the player in its place; without JavaScript the
// placeholder is a link to the original.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let base = '';
const exhibit = '/c/spring/walking/video';

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A signed-in member's browser that records, and stops, every request off our origin. */
async function member(js: boolean) {
  const cookie = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
  const [key = '', value = ''] = cookie.split('=');
  const context = await newContext(browser, { locale: 'en-GB', javaScriptEnabled: js });
  await context.addCookies([{ name: key, value, url: base }]);
  const away: string[] = [];
  await context.route(
    (url) => !url.href.startsWith(base),
    (route) => {
      away.push(route.request().url());
      return route.abort();
    },
  );
  return { context, away };
}

describe('an embedded video', () => {
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it('contacts the provider only after the learner presses play', async () => {
    const { context, away } = await member(true);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base + exhibit);
    await expectAccessible(page);
    expect(away).toEqual([]);
    const play = page.getByRole('link', { name: 'Play the video “Moving Pictures”' });
    await play.focus();
    await page.keyboard.press('Enter');
    const frame = page.locator('.embed-frame iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('title')).toBe('Moving Pictures');
    expect(await frame.getAttribute('loading')).toBe('lazy');
    expect(await frame.getAttribute('src')).toBe(
      'https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1',
    );
    expect(page.url()).toBe(base + exhibit);
    await expect
      .poll(() => away.some((u) => u.startsWith('https://www.youtube-nocookie.com/')))
      .toBe(true);
  });

  it('is a plain link to the original without JavaScript', async () => {
    const { context, away } = await member(false);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base + exhibit);
    const play = page.getByRole('link', { name: 'Play the video “Moving Pictures”' });
    expect(await play.getAttribute('href')).toBe('https://example.com/');
    expect(away).toEqual([]);
  });
});
