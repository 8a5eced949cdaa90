// Meeting people, in Chromium, as one learner (Ann): her profile with a photo and her card in
// who's here, who answered her question like her, an introduction in the icebreaker that an
// organiser welcomes in one click, a circle formed with three classmates and its thread, and a
// house rule proposed and voted on. The classmates and the organiser act over HTTP.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visits } from '../../db/schema.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let base = '';
let cohortId = 0;
let organiser = '';
const contexts: BrowserContext[] = [];
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
const names = ['Ann', 'Bo', 'Cas', 'Dee'];

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '0' } });
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  for (const name of names) {
    const email = `${name.toLowerCase()}@example.org`;
    cookies[name] = await signIn(t, { email, name, cohorts: ['spring'] });
    ids[name] = (await findUserByEmail(t.database.db, email))?.id ?? 0;
  }
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

let ann: Page;
/** Ann's one page, in a context with her session. */
async function annAt(path: string): Promise<Page> {
  if (!ann) {
    const [key = '', value = ''] = (cookies.Ann ?? '').split('=');
    const context = await newContext(browser, { locale: 'en-GB' });
    contexts.push(context);
    await context.addCookies([{ name: key, value, url: base }]);
    ann = await context.newPage();
  }
  await ann.goto(base + path);
  return ann;
}

const get = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });

describe('meeting people in Chromium', () => {
  it('fills in the profile with a photo and shows Ann in who is here', async () => {
    const page = await annAt('/c/spring/profile');
    await expectAccessible(page);
    await page.locator('textarea[name="intro"]').fill('I teach chemistry and collect old maps.');
    await page.locator('textarea[name="answer_keeps-you-up"]').fill('Marking, mostly.');
    const photo = await sharp({
      create: { width: 300, height: 300, channels: 3, background: '#c86' },
    })
      .png()
      .toBuffer();
    await page
      .locator('input[name="photo"]')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: photo });
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved.').waitFor();
    await page.locator('img.avatar-photo').first().waitFor();

    await page.goto(`${base}/c/spring/people`);
    const card = page.locator(`#person-${ids.Ann}-name`);
    await expect(card.textContent()).resolves.toContain('Ann');
    const img = page.locator('img.avatar-photo[alt="Ann"]');
    await expect(img.count()).resolves.toBe(1);
    const loaded = await img.evaluate(
      (el) => (el as unknown as { naturalWidth: number }).naturalWidth > 0,
    );
    expect(loaded).toBe(true);
    await expect(page.textContent('main')).resolves.toContain('collect old maps.');
    await expectAccessible(page);

    // People like her: Bo answered the same question; the filter shows him with his answer.
    const bo = await submit(
      t.app,
      '/c/spring/profile',
      '/c/spring/profile',
      { intro: 'Bo here.', 'answer_keeps-you-up': 'Deadlines.', listed: '1' },
      cookies.Bo ?? '',
    );
    expect(bo.res.statusCode).toBe(303);
    await page.locator('#filter-prompt').selectOption('keeps-you-up');
    await Promise.all([
      page.waitForURL(/prompt=keeps-you-up/),
      page.locator('form.people-filters button[type="submit"]').click(),
    ]);
    await expect(page.textContent('main')).resolves.toContain('Deadlines.');
    await expect(page.locator(`#person-${ids.Bo}-name`).count()).resolves.toBe(1);
    await expectAccessible(page);
  });

  it('introduces Ann in the icebreaker, and an organiser welcomes her in one click', async () => {
    const page = await annAt('/c/spring/welcome');
    const icebreaker = page.locator('.icebreaker');
    await icebreaker.locator('textarea[name="body"]').fill('Hello, I am Ann from Utrecht.');
    await icebreaker.getByRole('button', { name: 'Post', exact: true }).click();
    await icebreaker.locator('.comment-body', { hasText: 'I am Ann from Utrecht' }).waitFor();
    await expectAccessible(page);

    const seen = await get('/c/spring/welcome', organiser);
    expect(textOf(seen)).toContain('New voice');
    const id = /action="\/comments\/(\d+)\/welcome"/.exec(seen.body)?.[1];
    expect(id).toBeDefined();
    const welcomed = await submit(
      t.app,
      '/c/spring/welcome',
      `/comments/${id}/welcome`,
      { welcome: '0' },
      organiser,
    );
    expect(welcomed.res.statusCode).toBe(303);

    await page.reload();
    await icebreaker
      .locator('.comment-body', { hasText: 'Welcome, Ann! Good to have you here.' })
      .waitFor();
  });

  it('opts Ann in to a circle with three others; she posts in its thread once formed', async () => {
    const page = await annAt('/c/spring/circles');
    await expectAccessible(page);
    const join = page.locator('form:has(select[name="language"])');
    await join.locator('select[name="language"]').selectOption('en');
    await join.locator('input[name="time"][value="evening"]').check();
    await join.locator('input[name="commitment"][value="all"]').check();
    await Promise.all([page.waitForLoadState(), join.locator('button[type="submit"]').click()]);
    for (const name of ['Bo', 'Cas', 'Dee']) {
      const { res } = await submit(
        t.app,
        '/c/spring/circles',
        '/c/spring/circles/join',
        { language: 'en', time: 'evening', commitment: 'all' },
        cookies[name],
      );
      expect(res.statusCode).toBe(303);
    }
    const preview = await get('/c/spring/organise/circles?seed=3', organiser);
    expect(textOf(preview)).toContain('Circle 1 · 4 people');
    const formed = await submit(
      t.app,
      '/c/spring/organise/circles?seed=3',
      '/c/spring/organise/circles',
      { seed: '3' },
      organiser,
    );
    expect(formed.res.statusCode).toBe(303);

    await page.goto(`${base}/c/spring/circles`);
    const link = page.locator('a[href^="/c/spring/circles/"]').first();
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/c\/spring\/circles\/\d+$/);
    await page.goto(base + href);
    await expect(page.textContent('main')).resolves.toContain('Dee');
    await page.locator('textarea[name="body"]').fill('Hello circle, evenings suit me.');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.locator('.comment-body', { hasText: 'Hello circle, evenings suit me.' }).waitFor();
    await page.locator('#meeting-when').fill('2026-03-10T20:00');
    await page.getByRole('button', { name: 'Save the meeting' }).click();
    await page.locator('#meeting time').waitFor();
    await expectAccessible(page);

    // Ann in New York, with the real boot script: the meeting, set in Amsterdam's time, is
    // said in hers too (20:00 there on 10 March is 3 pm in New York, on summer time since
    // the 8th).
    const [key = '', value = ''] = (cookies.Ann ?? '').split('=');
    const away = await browser.newContext({ locale: 'en-GB', timezoneId: 'America/New_York' });
    contexts.push(away);
    await away.addCookies([{ name: key, value, url: base }]);
    const there = await away.newPage();
    await there.goto(base + href);
    const local = there.locator('#meeting .local-time');
    await local.waitFor();
    await expect(local.textContent()).resolves.toMatch(
      /Tuesday, March 10 at 3:00 PM EDT where you are/,
    );
  });

  it('lets Ann propose a house rule that the others vote on', async () => {
    // Proposals are made in the cohort's first week, by members who have been around.
    const firstWeek = new Date('2026-03-03T10:00:00Z');
    t.setNow(firstWeek);
    for (const name of names)
      await t.database.db
        .insert(visits)
        .values({
          cohortId,
          userId: ids[name] ?? 0,
          roomId: 'welcome',
          firstAt: firstWeek,
          lastAt: firstWeek,
        })
        .onConflictDoNothing();
    const page = await annAt('/c/spring/rules');
    await expectAccessible(page);
    await page.locator('#proposal-rule').selectOption('new');
    await page.locator('#proposal-title').fill('Phones away');
    await page.locator('#proposal-body').fill('Put your phone away at the meet-up.');
    await page.locator('form:has(#proposal-title) button[type="submit"]').click();
    const heading = page.locator('article.proposal h3', { hasText: 'Phones away' });
    await heading.waitFor({ timeout: 5000 }).catch(async () => {
      throw new Error(await page.textContent('main').then(String));
    });
    const proposal = /^proposal-(\d+)-title$/.exec((await heading.getAttribute('id')) ?? '')?.[1];
    for (const name of ['Bo', 'Cas', 'Dee']) {
      const { res } = await submit(
        t.app,
        '/c/spring/rules',
        `/c/spring/rules/proposals/${proposal}/vote`,
        { vote: 'consent' },
        cookies[name],
      );
      expect(res.statusCode).toBe(303);
    }
    await page.reload();
    await expect(page.locator(`#proposal-${proposal}-title`).textContent()).resolves.toBe(
      'Phones away',
    );
    await expect(page.locator(`#proposal-${proposal} figcaption`).textContent()).resolves.toContain(
      '3 consent, 0 abstain, 0 object',
    );
    await expectAccessible(page);
  });
});
