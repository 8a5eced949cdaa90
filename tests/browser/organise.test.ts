// The organiser's desk in Chromium: an admin creates a cohort, opens week 2 early, previews
// week 3 and sends an announcement; a learner sees exactly what was published. Axe on every
// page, in English and in Dutch.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let base = '';

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'admin@example.org,beheer@example.org' } });
  t.setNow(new Date('2026-03-03T12:00:00Z'));
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pageAs(
  email: string,
  name: string,
  locale: 'en' | 'nl',
  cohorts: string[] = [],
): Promise<Page> {
  const cookie = await signIn(t, { email, name, locale, cohorts });
  const [key = '', value = ''] = cookie.split('=');
  const context = await newContext(browser, { locale: locale === 'nl' ? 'nl-NL' : 'en-GB' });
  await context.addCookies([{ name: key, value, url: base }]);
  return context.newPage();
}

const flash = (page: Page) => page.getByRole('status').first().textContent();

describe('the organiser’s desk in the browser', () => {
  it('creates a cohort, opens week 2 early, previews week 3, announces and edits, invites', async () => {
    const admin = await pageAs('admin@example.org', 'Ada', 'en');
    await admin.goto(`${base}/organise/cohorts/new`);
    await expectAccessible(admin);
    await admin.getByLabel('Course').selectOption('demo');
    await admin.getByLabel('Name of the cohort').fill('Summer 2026');
    await admin.getByLabel('Cohort address').fill('summer');
    await admin.getByLabel('Start date').fill('2026-03-02');
    await admin.getByRole('button', { name: 'Create cohort' }).click();
    await admin.waitForURL(`${base}/c/summer/organise`);
    expect(await flash(admin)).toContain('The cohort Summer 2026 has been created.');
    await expectAccessible(admin);

    const learner = await pageAs('lea@example.org', 'Lea', 'en', ['summer']);
    await learner.goto(`${base}/c/summer/walking`);
    expect(await learner.getByRole('heading', { level: 1 }).textContent()).toBe(
      'This room is not open yet',
    );

    // Week 2 early.
    // The desk is already at /c/summer/organise, so waiting for that URL would not wait for
    // the POST; the flash only appears once the override is saved.
    await admin.getByRole('button', { name: 'Open now: The Long Gallery' }).click();
    await expect.poll(() => flash(admin)).toContain('‘The Long Gallery’ is now open to learners.');
    await learner.reload();
    expect(await learner.getByRole('heading', { level: 1 }).textContent()).toBe('The Long Gallery');

    // Week 3: the organiser previews it; the learner still cannot enter.
    await admin.getByRole('link', { name: 'Preview ‘The Workshop’' }).click();
    await admin.waitForURL(`${base}/c/summer/sharing`);
    expect(
      await admin.getByText('Organiser preview: participants can enter this room from').count(),
    ).toBe(1);
    await expectAccessible(admin);
    await learner.goto(`${base}/c/summer/sharing`);
    expect(await learner.getByRole('heading', { level: 1 }).textContent()).toBe(
      'This room is not open yet',
    );

    // An announcement, on the cohort home for the learner.
    await admin.goto(`${base}/c/summer/organise/announcements`);
    await expectAccessible(admin);
    await admin.getByLabel('Title').fill('Week 2 is open early');
    await admin.getByLabel('Message').fill('Enjoy **The Long Gallery** a week early.');
    await admin.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => flash(admin)).toContain('The announcement is on the home page');
    await learner.goto(`${base}/c/summer`);
    expect(await learner.getByText('Week 2 is open early').count()).toBe(1);
    await expectAccessible(learner);

    // A typo, fixed: the edit page starts from what was published.
    await admin.getByRole('link', { name: 'Edit “Week 2 is open early”' }).click();
    await expect.poll(() => admin.getByLabel('Title').inputValue()).toBe('Week 2 is open early');
    await expectAccessible(admin);
    await admin.getByLabel('Title').fill('');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => admin.getByText('Give the announcement a title.').count()).toBe(2);
    expect(await admin.getByLabel('Message').inputValue()).toContain('a week early');
    await expectAccessible(admin);
    await admin.getByLabel('Title').fill('Week 2 opens early');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => flash(admin)).toContain('The announcement is saved.');
    await learner.goto(`${base}/c/summer`);
    expect(await learner.getByText('Week 2 opens early').count()).toBe(1);

    // A co-organiser invited, then the invitation withdrawn.
    await admin.goto(`${base}/c/summer/organise/settings`);
    await admin.getByLabel('E-mail address').fill('cora@example.org');
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await expect
      .poll(() => flash(admin))
      .toContain('The invitation has been sent to cora@example.org.');
    await expectAccessible(admin);
    await admin
      .getByRole('button', { name: 'Withdraw the invitation to cora@example.org' })
      .click();
    await expect
      .poll(() => flash(admin))
      .toContain('The invitation to cora@example.org is withdrawn');

    await admin.goto(`${base}/c/summer/organise/dashboard`);
    await expectAccessible(admin);
  });

  it('is accessible in Dutch too', async () => {
    await createCohort(t.database.db, { slug: 'herfst', courseId: 'demo', startsOn: '2026-03-02' });
    const beheer = await pageAs('beheer@example.org', 'Bea', 'nl');
    for (const path of [
      '/organise/cohorts/new',
      '/c/herfst/organise',
      '/c/herfst/organise/settings',
      '/c/herfst/organise/announcements',
      '/c/herfst/organise/dashboard',
      '/organise/writing-a-room',
    ]) {
      const res = await beheer.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(await beheer.getAttribute('html', 'lang')).toBe('nl');
      await expectAccessible(beheer);
    }
  });
});
