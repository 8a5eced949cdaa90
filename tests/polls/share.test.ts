// A reason turned into a comment by its author: the poll offers the exhibit's own comment
// form, filled in; posting it is an ordinary comment under the author's name, while the
// chart's reasons stay without names.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { firstLook, pollSection, type Seeded, seed, vote, welcome } from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, 2);
});

const page = async (url: string, i = 0) =>
  (await t.app.inject({ url, headers: { cookie: s.cookie(i) } })).body;
/** The hidden fields of the poll's share form, or null when it offers none. */
function shareForm(html: string, poll: string) {
  const section = pollSection(html, poll);
  const form = /<form method="post" action="([^"]+)" class="poll-share">([\s\S]*?)<\/form>/.exec(
    section,
  );
  if (!form) return null;
  const field = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(form[2] ?? '')?.[1] ?? '';
  const decode = (v: string) =>
    v
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&#39;', "'")
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&');
  return { action: form[1] ?? '', body: decode(field('body')), key: field('key') };
}

describe('posting a reason in the conversation', () => {
  it('offers the voter the exhibit thread, and the comment carries their name', async () => {
    await vote(t, s.cookie(0), firstLook, 'stance', [
      ['option', 'blended'],
      ['reason', 'We mix <courses> & coaching'],
    ]);
    const form = shareForm(await page(firstLook), 'stance');
    expect(form).toMatchObject({
      action: `${firstLook}/comments`,
      body: 'I chose Blended: We mix <courses> & coaching',
    });
    const { res } = await submit(
      t.app,
      firstLook,
      form?.action ?? '',
      { body: form?.body ?? '', key: form?.key ?? '' },
      s.cookie(0),
    );
    expect(res.statusCode).toBe(303);
    const thread = textOf(await page(firstLook, 1));
    expect(thread).toContain('I chose Blended: We mix <courses> & coaching');
    expect(thread).toContain('Learner 0');
  });

  it('is not offered without a reason, before voting, or for a room introduction’s scan', async () => {
    expect(shareForm(await page(firstLook), 'stance')).toBeNull();
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'social']]);
    expect(pollSection(await page(firstLook), 'stance')).toContain('You chose: Social');
    expect(shareForm(await page(firstLook), 'stance')).toBeNull();
    await vote(t, s.cookie(1), welcome, 'scan', [
      ['option_learn', '3'],
      ['option_share', '2'],
    ]);
    expect(shareForm(await page(welcome, 1), 'scan')).toBeNull();
  });
});
