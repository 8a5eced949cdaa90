// Peer feedback in Chromium: four learners each hand in, review three peers with the
// rubric, see three reviews arrive and rate each; the organiser follows along. Axe on every
// kind of page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let base = '';
const learners = ['Ann', 'Bo', 'Cas', 'Dee'];

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-04T12:00:00Z'));
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pageAs(name: string, email = `${name.toLowerCase()}@example.org`) {
  const cohorts = email.startsWith('organisers@') ? [] : ['spring'];
  const cookie = await signIn(t, { email, name, cohorts });
  const [key = '', value = ''] = cookie.split('=');
  const context = await newContext(browser, { locale: 'en-GB' });
  await context.addCookies([{ name: key, value, url: base }]);
  return context.newPage();
}

const checked = new Set<string>();
/** Axe once per kind of page (the path without ids). */
async function checkOnce(page: Page) {
  const kind = new URL(page.url()).pathname.replace(/\d+/g, 'N');
  if (checked.has(kind)) return;
  checked.add(kind);
  await expectAccessible(page);
}

describe('peer feedback in the browser', () => {
  it('four learners hand in, review three peers each, and rate the three reviews they get', async () => {
    const pages: Record<string, Page> = {};
    for (const name of learners) {
      const page = await pageAs(name);
      pages[name] = page;
      await page.goto(`${base}/c/spring/welcome`);
      await page.getByRole('link', { name: 'Peer feedback: A moment from your practice' }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('A moment from your practice');
      await checkOnce(page);
      await page.getByLabel('Your situation').fill(`${name} learned to ask for help.`);
      await page.getByRole('button', { name: 'Hand in' }).click();
      await expect
        .poll(() => page.getByRole('status').first().textContent())
        .toContain('Your work is handed in.');
    }

    for (const name of learners) {
      const page = pages[name] as Page;
      for (let i = 1; i <= 3; i++) {
        await page.getByRole('button', { name: 'Review a peer' }).click();
        await page.waitForURL(/\/submissions\/\d+$/);
        await checkOnce(page);
        const work = await page.locator('article.submission .prose').textContent();
        expect(work).not.toContain(name);
        // Send once with a required answer missing: the form comes back with the text kept.
        await page.getByLabel('What works').fill(`What works, says ${name}: asking openly.`);
        await page.getByRole('button', { name: 'Send review' }).click();
        await expect.poll(() => page.getByText('Please answer this question.').count()).toBe(1);
        await checkOnce(page);
        expect(await page.getByLabel('What works').inputValue()).toBe(
          `What works, says ${name}: asking openly.`,
        );
        await page.getByLabel('A question', { exact: true }).fill('What happened next?');
        await page.getByLabel('3 · Clear', { exact: true }).check();
        await page.getByRole('button', { name: 'Send review' }).click();
        await expect
          .poll(() => page.getByRole('status').first().textContent())
          .toContain(`${i} of 3 reviews given.`);
      }
    }

    for (const name of learners) {
      const page = pages[name] as Page;
      await page.reload();
      expect(await page.getByText('3 of 3 reviews received.').count()).toBe(1);
      for (const peer of ['Peer 1', 'Peer 2', 'Peer 3']) {
        const review = page.getByRole('article', { name: peer });
        expect(await review.getByText(/What works, says \w+: asking openly\./).count()).toBe(1);
        await review.getByLabel('4 · Very helpful').check();
        await review.getByLabel('A thank-you note (optional)').fill(`Thanks from ${name}`);
        await review.getByRole('button', { name: 'Send rating' }).click();
        // Every rating shows the same message, so wait for this review's button to change:
        // the message may still be the previous rating's.
        await expect
          .poll(() =>
            page
              .getByRole('article', { name: peer })
              .getByRole('button', { name: 'Update rating' })
              .count(),
          )
          .toBe(1);
      }
      await checkOnce(page);
    }
    // Each reviewer sees how their three reviews were rated.
    const ann = pages.Ann as Page;
    await ann.reload();
    expect(await ann.getByText('Rated 4 out of 5 for helpfulness').count()).toBe(3);
    expect(
      await ann.getByText('Your reviews were rated 4 out of 5 on average (3 ratings).').count(),
    ).toBe(1);
  });

  it('shows the organiser every submission complete, accessibly', async () => {
    const desk = await pageAs('Olga', 'organisers@example.org'); // organiser in course.md
    await desk.goto(`${base}/c/spring/organise/feedback`);
    await checkOnce(desk);
    expect(await desk.getByText('Every submission has enough reviews.').count()).toBe(1);
    expect(await desk.getByText('Nobody owes reviews.').count()).toBe(1);
  });
});
