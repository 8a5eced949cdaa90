// Answering a poll in Chromium: the chart appears in place after voting (no reload), the
// answer can be changed and the chart follows; without JavaScript the same form posts and
// comes back to the poll. Classmates answer first over HTTP so the chart has numbers.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';
import { firstLook, type Seeded, seed, vote } from '../polls/helpers.ts';

let t: TestApp;
let s: Seeded;
let browser: Browser;
let base = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  // Over twenty answers, so that no bar is hidden by the small-number rule: learners 0–21
  // answer over HTTP, 22 and 23 walk in with Chromium.
  s = await seed(t, 24);
  for (let i = 0; i < 22; i++) {
    const option = i < 10 ? 'blended' : i < 20 ? 'social' : 'experiment';
    await vote(t, s.cookie(i), firstLook, 'stance', [['option', option]]);
  }
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

async function open(i: number, js = true): Promise<Page> {
  const [key = '', value = ''] = s.cookie(i).split('=');
  const context = await newContext(browser, { locale: 'en-GB', javaScriptEnabled: js });
  contexts.push(context);
  await context.addCookies([{ name: key, value, url: base }]);
  const page = await context.newPage();
  await page.goto(base + firstLook);
  return page;
}

const poll = (page: Page) => page.locator('#poll-stance');
/** The votes an option has, read off the chart's table (for screen readers and no-JS). */
const countOf = (page: Page, label: string) =>
  poll(page).locator('table tr', { hasText: label }).locator('td').first().textContent();

describe('a poll in Chromium', () => {
  it('shows the chart in place after voting, and follows a changed answer', async () => {
    const page = await open(22);
    await expect(poll(page).locator('.poll-results').count()).resolves.toBe(0);
    await page.evaluate(() => Object.assign(globalThis, { __kept: true }));

    await poll(page).getByLabel('Experimenting').check();
    await poll(page)
      .getByLabel(/^Why\?/)
      .fill('We try things & <see>');
    await poll(page).getByRole('button', { name: 'Answer' }).click();
    await poll(page).locator('.poll-chart').waitFor();
    await expect(poll(page).locator('.poll-mine').textContent()).resolves.toBe(
      'You chose: Experimenting',
    );
    await expect(countOf(page, 'Experimenting')).resolves.toBe('3');
    await expect(poll(page).textContent()).resolves.toContain('We try things & <see>');
    const kept = await page.evaluate(
      () => (globalThis as unknown as { __kept?: boolean }).__kept === true,
    );
    expect(kept).toBe(true);

    await poll(page).getByLabel('Blended').check();
    await poll(page).getByRole('button', { name: 'Change my answer' }).click();
    await poll(page).locator('.poll-mine', { hasText: 'Blended' }).waitFor();
    await expect(countOf(page, 'Blended')).resolves.toBe('11');
    await expect(poll(page).getByLabel('Blended').isChecked()).resolves.toBe(true);
    await expectAccessible(page);
  });

  it('works without JavaScript, and keeps a refused reason', async () => {
    const page = await open(23, false);
    await poll(page)
      .getByLabel(/^Why\?/)
      .fill('No option picked, but this text stays');
    await poll(page).getByRole('button', { name: 'Answer' }).click();
    await page.waitForLoadState();
    await expect(poll(page).locator('.error').first().textContent()).resolves.not.toBe('');
    await expect(
      poll(page)
        .getByLabel(/^Why\?/)
        .inputValue(),
    ).resolves.toBe('No option picked, but this text stays');
    await poll(page).getByLabel('Social learning').check();
    await poll(page).getByRole('button', { name: 'Answer' }).click();
    await poll(page).locator('.poll-chart').waitFor();
    await expect(poll(page).locator('.poll-mine').textContent()).resolves.toBe(
      'You chose: Social learning',
    );
    // The kept reason went in with the answer, shown without a name under its bar.
    await expect(poll(page).locator('.poll-reasons').textContent()).resolves.toContain(
      'this text stays',
    );
  });
});
