// The live hour in Chromium, with two browsers on one session: a facilitator (the course's
// organiser) and a learner, both on the stream. The icebreaker, a question released by hand,
// an answer highlighted onto the rail, and the learner pausing while the host talks on. The
// tick does not run here: the first page view starts the hour and the clock stands still.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { expectAccessible, launchChromium, newContext } from '../helpers/browser.ts';
import { at, page as live } from '../live/setup.ts';

let t: TestApp;
let browser: Browser;
let base = '';
const contexts: BrowserContext[] = [];
let host: Page;
let ana: Page;

async function pageFor(cookie: string): Promise<Page> {
  const [key = '', value = ''] = cookie.split('=');
  const context = await newContext(browser, { locale: 'en-GB' });
  contexts.push(context);
  await context.addCookies([{ name: key, value, url: base }]);
  // Every EventSource the page makes, with the live area it was made for (a string: these
  // tests are not typed against the DOM).
  await context.addInitScript(`(() => {
    const Base = globalThis.EventSource;
    const all = [];
    globalThis.__sources = all;
    globalThis.EventSource = class extends Base {
      constructor(url, init) {
        super(url, init);
        all.push({ source: this, root: document.querySelector('[data-live]') });
      }
    };
  })()`);
  return context.newPage();
}

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(at(1));
  const learner = await signIn(t, { email: 'ana@example.org', name: 'Ana', cohorts: ['spring'] });
  const organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  host = await pageFor(organiser);
  ana = await pageFor(learner);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

/** A marker on window that a full page load would wipe out. */
const mark = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __kept: true }));
const kept = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __kept?: boolean }).__kept === true);

/** How many of the page's streams are open, and whether the live area now shown has one. */
const tracked = (page: Page): Promise<{ open: number; current: boolean }> =>
  page.evaluate(`(() => {
    const all = globalThis.__sources;
    return {
      open: all.filter((s) => s.source.readyState !== EventSource.CLOSED).length,
      current: all.some((s) => s.root?.isConnected && s.source.readyState === EventSource.OPEN),
    };
  })()`);
/** Until the live area now on the page has its stream open (1: EventSource.OPEN). */
type Sources = { __sources: { source: { readyState: number }; root: { isConnected: boolean } }[] };
const streaming = (page: Page) =>
  page.waitForFunction(() =>
    (globalThis as unknown as Sources).__sources.some(
      (s) => s.root?.isConnected && s.source.readyState === 1,
    ),
  );

const messages = (page: Page) => page.locator('#live-messages > li');
const message = (page: Page, text: string) => messages(page).filter({ hasText: text });
const ids = (page: Page) => messages(page).evaluateAll((els) => els.map((el) => el.id));

/** Posts through the page's form (the script sends it; the message comes back by stream). */
async function say(page: Page, text: string) {
  await page.getByLabel('Your message').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

describe('a live hour with a facilitator and a learner', () => {
  it('carries the icebreaker, a released question and a highlight between the two', async () => {
    await host.goto(base + live);
    await ana.goto(base + live);
    await Promise.all([mark(host), mark(ana)]);
    for (const page of [host, ana])
      await page
        .locator('[data-now]', { hasText: 'Icebreaker: Say who you are and where you are.' })
        .waitFor();

    await say(ana, 'I am Ana, from Leiden.');
    // Her own page and the host's get it from the stream, neither reloads.
    await message(ana, 'I am Ana, from Leiden.').waitFor();
    await message(host, 'I am Ana, from Leiden.').waitFor();
    expect(await kept(host)).toBe(true);
    expect(await ana.getByLabel('Your message').inputValue()).toBe('');

    // The host's controls are plain forms (boosted by htmx).
    await host.getByRole('button', { name: 'Next step now' }).click();
    await message(host, 'What brought you here?').and(host.locator('.kind-question')).waitFor();
    const question = 'Question 1: What brought you here?';
    await ana.locator('[data-now]', { hasText: question }).waitFor();
    await message(ana, 'What brought you here?').and(ana.locator('.kind-question')).waitFor();
    expect(await kept(ana)).toBe(true);

    await say(ana, 'Curiosity, mostly.');
    const answer = message(host, 'Curiosity, mostly.');
    await answer.getByRole('button', { name: 'Highlight' }).click();
    await ana.locator('#live-rail .live-highlight', { hasText: 'Curiosity, mostly.' }).waitFor();
    await ana.locator('#live-messages > li.is-highlighted', { hasText: 'Curiosity' }).waitFor();
    expect(await ana.locator('[data-rail-empty]').count()).toBe(0);
    expect(await kept(ana)).toBe(true);
  });

  it('holds messages back while the learner pauses, and shows each once on resuming', async () => {
    const before = await ids(ana);
    const toggle = ana.getByRole('button', { name: 'Pause the stream' });
    await toggle.click();
    await ana.locator('[data-pause-toggle][aria-pressed="true"]').waitFor();

    await say(host, 'First from the host.');
    const first = message(host, 'First from the host.');
    await first.waitFor();
    await say(host, 'Second from the host.');
    const second = message(host, 'Second from the host.');
    await second.waitFor();
    const sent = [await first.getAttribute('id'), await second.getAttribute('id')];
    expect(sent.every((id) => /^m-\d+$/.test(id ?? ''))).toBe(true);

    await ana.locator('[data-pause-count]', { hasText: '2 new messages' }).waitFor();
    expect(await ids(ana)).toEqual(before);

    await ana.getByRole('button', { name: 'Carry on' }).click();
    await message(ana, 'Second from the host.').waitFor();
    expect(await ids(ana)).toEqual([...before, ...sent]);
    expect(await ana.locator('[data-pause-count]').textContent()).toBe('');
    expect(await kept(ana)).toBe(true);
  });

  it('shows the learner the host’s changes to the hour without a reload', async () => {
    const now = ana.locator('#live-now');
    await now.getByText('(until 20:11)').waitFor();
    // Each host control answers with a new page: wait for it (the old controls gone) before
    // the next press, or the press may land on the page being replaced.
    const steer = async (press: () => Promise<void>) => {
      const old = await host.locator('#slow-seconds').elementHandle();
      await press();
      await host.waitForFunction((el) => !el?.isConnected, old);
    };
    await steer(async () => {
      await host.locator('#slow-seconds').selectOption('30');
      await host.getByRole('button', { name: 'Set', exact: true }).click();
    });
    await now.getByText('Slow mode: one message per 30 seconds per person.').waitFor();
    const hint = ana.locator('[data-live-compose] [data-slow-hint]');
    await hint.and(ana.getByText('Slow mode: one message per 30 seconds per person.')).waitFor();
    await steer(() => host.getByRole('button', { name: 'Five more minutes' }).click());
    await now.getByText('(until 20:16)').waitFor();
    await steer(async () => {
      await host.locator('#slow-seconds').selectOption('0');
      await host.getByRole('button', { name: 'Set', exact: true }).click();
    });
    await now.getByText('Slow mode').waitFor({ state: 'detached' });
    await hint.waitFor({ state: 'hidden' });
    expect(await kept(ana)).toBe(true);
  });

  it('passes axe for both roles', async () => {
    await expectAccessible(host);
    await expectAccessible(ana);
  });

  it('keeps one stream open however often the host steers, and none after leaving', async () => {
    for (const button of ['Five more minutes', 'Set', 'Five more minutes']) {
      await host.locator('[data-live]').evaluate((el) => el.setAttribute('data-old', ''));
      await host.getByRole('button', { name: button, exact: true }).click();
      await host.locator('[data-live]:not([data-old])').waitFor();
      await streaming(host);
    }
    expect(await tracked(host)).toEqual({ open: 1, current: true });
    // What is said after all that arrives once.
    await say(ana, 'Still here.');
    await message(host, 'Still here.').waitFor();
    expect(await message(host, 'Still here.').count()).toBe(1);

    await ana.getByRole('link', { name: 'Back to the room' }).click();
    await ana.locator('[data-live]').waitFor({ state: 'detached' });
    expect((await tracked(ana)).open).toBe(0);
  });
});
