// A learner's first walk, in Chromium: home → cohort → enrol → the mail (from a real SMTP
// server) → sign in → room → exhibit, and the Dutch course for a signed-in learner, with axe
// checking each page for serious or critical accessibility problems.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { mondayOfWeek } from '../../server/core/schedule.ts';
import { buildTestApp, root, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

let t: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let base = '';

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await buildTestApp({ contentDir: path.join(root, 'content'), env: { SMTP_URL: smtp.url } });
  const startsOn = mondayOfWeek('Europe/Amsterdam', t.app.clock());
  await createCohort(t.database.db, { slug: 'knowmads-now', courseId: 'knowmads', startsOn });
  await createCohort(t.database.db, { slug: 'pkm-now', courseId: 'pkm', startsOn });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

describe('walking through the museum', () => {
  it('loads htmx on the first interaction, not during start-up', async () => {
    const context = await browser.newContext({ locale: 'en-GB' }); // the real boot script
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx)).toBe(
      'undefined',
    );
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => typeof (globalThis as { htmx?: unknown }).htmx === 'object');
    await context.close();
  });

  it('enrols by e-mail link and walks from home to an exhibit in English', async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(base);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Courses and cohorts');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Go to cohort pkm-now' }).click();
    await page.waitForURL(`${base}/c/pkm-now`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'The programme' }).isVisible())
      .toBe(true);
    await expectAccessible(page);

    // A form sent empty comes back with messages, also with htmx boosting the form.
    await page.getByRole('button', { name: 'Send me an enrolment link' }).click();
    await expect.poll(() => page.getByText('Please enter your name.').isVisible()).toBe(true);
    expect(await page.getByRole('alert').textContent()).toContain('Something is not filled in');
    await expectAccessible(page);

    // Enrol: name, address, language; then the mail arrives over SMTP.
    await page.getByLabel('Name').fill('Zoë Walker');
    await page.getByLabel('E-mail address').fill('zoe@example.org');
    await page.getByLabel('Language').selectOption('en');
    await page.getByRole('button', { name: 'Send me an enrolment link' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your inbox');
    await expectAccessible(page);
    await t.app.mailer.deliverDue();
    const [mail] = await smtp.waitFor(1);
    const link = /\/auth\/[a-z2-7]+/.exec(mail?.text ?? '')?.[0];
    expect(link).toBeDefined();

    // The link opens a page with a button; pressing it signs in and enrols.
    await page.goto(`${base}${link}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Confirm sign-in');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/c/pkm-now`);
    await expect
      .poll(() =>
        page.getByText('Welcome to the cohort! You are enrolled and signed in.').isVisible(),
      )
      .toBe(true);
    await expectAccessible(page);

    const firstRoom = page.locator('.schedule li.open h3 a').first();
    const roomTitle = (await firstRoom.textContent()) ?? '';
    await page.getByRole('link', { name: `Start in the room “${roomTitle}”` }).click();
    await page.waitForURL(/\/c\/pkm-now\/[a-z0-9-]+$/);
    expect(await page.locator('h1').textContent()).toBe(roomTitle);
    expect(await page.locator('ol.exhibits > li').count()).toBeGreaterThanOrEqual(6);
    await expectAccessible(page);

    const exhibitLink = page.locator('ol.exhibits h3 a').first();
    const exhibitTitle = (await exhibitLink.textContent()) ?? '';
    await exhibitLink.click();
    await page.waitForURL(/\/c\/pkm-now\/[a-z0-9-]+\/[a-z0-9-]+$/);
    expect(await page.locator('h1').textContent()).toBe(exhibitTitle);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Conversation' }).isVisible())
      .toBe(true);
    await expectAccessible(page);

    // hx-boost swapped the pages in: htmx is loaded and nothing complained.
    expect(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx)).toBe(
      'object',
    );
    // Chromium reports the deliberate 422 of the empty form; nothing else may complain.
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    await context.close();
  });

  it('switches to Dutch and walks the Dutch course as a signed-in learner', async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const session = await signIn(t, { email: 'bo@example.org', cohorts: ['knowmads-now'] });
    const [name = '', value = ''] = session.split('=');
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    await page.goto(base);
    // The language choice waits in the header's menu.
    await page.locator('.locale-menu summary').click();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Cursussen en groepen');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Naar groep knowmads-now' }).click();
    await page.waitForURL(`${base}/c/knowmads-now`);
    await expectAccessible(page);
    await page.locator('.schedule li.open h3 a').first().click();
    await page.waitForURL(/\/c\/knowmads-now\/[a-z0-9-]+$/);
    await expect
      .poll(() => page.getByRole('heading', { name: 'De exhibits in deze zaal' }).isVisible())
      .toBe(true);
    await expectAccessible(page);

    // A cartoon shows its drawing with a real text alternative.
    const cartoon = page.locator('ol.exhibits li', { has: page.locator('.kind-cartoon') }).first();
    await cartoon.locator('h3 a').click();
    await page.waitForURL(/\/c\/knowmads-now\/[a-z0-9-]+\/[a-z0-9-]+$/);
    const alt = await page.locator('figure.artwork img').getAttribute('alt');
    expect(alt?.length ?? 0).toBeGreaterThan(20);
    // The boosted link swaps the page in before the drawing has loaded.
    await expect
      .poll(() =>
        page
          .locator('figure.artwork img')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    await expectAccessible(page);

    // Settings, in the language just chosen.
    await page.getByRole('link', { name: 'Instellingen' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Instellingen');
    await expectAccessible(page);
    await context.close();
  });
});
