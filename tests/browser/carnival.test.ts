// The blog carnival in Chromium: a learner sends in a post (once refused, the text kept), a peer
// talks about it, the carnival closes, the host publishes the round-up and the learner reads it
// in the next room. Axe on every page of the walk.
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

async function pageAs(name: string, email = `${name.toLowerCase()}@example.org`) {
  const cohorts = email.startsWith('organisers@') ? [] : ['spring'];
  const cookie = await signIn(t, { email, name, cohorts });
  const [key = '', value = ''] = cookie.split('=');
  const context = await newContext(browser, { locale: 'en-GB' });
  await context.addCookies([{ name: key, value, url: base }]);
  return context.newPage();
}

describe('the blog carnival in the browser', () => {
  it('goes from a submission to a published round-up', async () => {
    const ann: Page = await pageAs('Ann');
    await ann.goto(`${base}/c/spring/walking`);
    await ann.getByRole('link', { name: /Blog carnival: A walk that taught me something/ }).click();
    await expect
      .poll(() => ann.getByRole('heading', { level: 1 }).textContent())
      .toBe('Blog carnival: A walk that taught me something');
    await expectAccessible(ann);
    await ann.getByLabel('Address of your post').fill('https://blog.example.org/ann');
    await ann.getByLabel('Title').fill('The river walk');
    await ann.getByLabel('What is it about?').fill('One sentence only.');
    await ann.getByRole('button', { name: 'Send in' }).click();
    await expect
      .poll(() => ann.getByText('Write two or three sentences (now: 1).').count())
      .toBe(1);
    await expectAccessible(ann);
    expect(await ann.getByLabel('Title').inputValue()).toBe('The river walk');
    await ann
      .getByLabel('What is it about?')
      .fill('I walked by the river with a colleague. We talked about learning.');
    await ann.getByRole('button', { name: 'Send in' }).click();
    await expect
      .poll(() => ann.getByRole('status').first().textContent())
      .toContain('Your post is in the blog carnival.');
    await expectAccessible(ann);
    for (const width of [390, 1366]) {
      await ann.setViewportSize({ width, height: 900 });
      await ann.screenshot({ path: `/tmp/carnival-shots/entry-${width}.png`, fullPage: true });
    }

    const bo = await pageAs('Bo');
    await bo.goto(`${base}/c/spring/walking/carnival`);
    await bo.getByRole('link', { name: 'Talk about it: The river walk' }).click();
    await bo
      .getByLabel(/comment/i)
      .first()
      .fill('I want to walk there too.');
    await bo
      .getByRole('button', { name: /post|send/i })
      .first()
      .click();
    await expect.poll(() => bo.getByText('I want to walk there too.').count()).toBeGreaterThan(0);
    for (const width of [390, 1366]) {
      await bo.setViewportSize({ width, height: 900 });
      await bo.goto(`${base}/c/spring/walking/carnival`);
      await bo.screenshot({ path: `/tmp/carnival-shots/carnival-${width}.png`, fullPage: true });
    }

    t.setNow(new Date('2026-03-17T12:00:00Z'));
    const host = await pageAs('Olga', 'organisers@example.org');
    await host.goto(`${base}/c/spring/walking/carnival`);
    await host.getByRole('link', { name: 'Write the round-up' }).click();
    await expectAccessible(host);
    const draft = await host.getByLabel('The round-up (Markdown)').inputValue();
    expect(draft).toContain('[The river walk](<https://blog.example.org/ann>) by Ann');
    await host.getByLabel('The round-up (Markdown)').fill(`${draft}\n\nThank you all!`);
    for (const width of [390, 1366]) {
      await host.setViewportSize({ width, height: 900 });
      await host.screenshot({ path: `/tmp/carnival-shots/desk-${width}.png`, fullPage: true });
    }
    await host.getByRole('button', { name: 'Publish into the next room' }).click();
    await expect
      .poll(() => host.getByRole('heading', { level: 1 }).textContent())
      .toBe('Round-up: A walk that taught me something');

    await ann.goto(`${base}/c/spring/sharing`);
    await ann.getByRole('link', { name: /Round-up of the blog carnival/ }).click();
    await expect.poll(() => ann.getByText('With posts by Ann.').count()).toBe(1);
    await expectAccessible(ann);
    for (const width of [390, 1366]) {
      await ann.setViewportSize({ width, height: 900 });
      await ann.screenshot({ path: `/tmp/carnival-shots/roundup-${width}.png`, fullPage: true });
    }
  });
});
