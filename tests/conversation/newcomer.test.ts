// What a newcomer runs into in a conversation: a refused comment opens at its field (also
// without JavaScript), a long paste is kept and counted rather than cut off, a long comment is
// folded, your own comment offers no Like, a reported one says so, and the room counts you.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bo = '';
const page = '/c/spring/welcome/drawing';

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
});

const post = (cookie: string, body: string) =>
  submit(t.app, page, `${page}/comments`, { body }, cookie);
const view = (cookie: string, url = page) => t.app.inject({ url, headers: { cookie } });
/** The start tag of the element with this id. */
const tagOf = (html: string, id: string) => new RegExp(`<[a-z]+ id="${id}"[^>]*>`).exec(html)?.[0];

describe('a refused comment', () => {
  it('without JavaScript comes back with its message at the field, which has the focus', async () => {
    const { res } = await post(ann, '   ');
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Please write something first.');
    const textarea = tagOf(res.body, 'comment-body') ?? '';
    expect(textarea).toContain('autofocus');
    expect(textarea).toContain('aria-invalid="true"');
    expect(textarea).toContain('comment-body-error');
    // Only one field on the page takes the focus.
    expect(res.body.match(/\sautofocus[\s>]/g)).toHaveLength(1);
  });

  it('is not focused when nothing is wrong', async () => {
    const res = await view(ann);
    expect(tagOf(res.body, 'comment-body')).not.toContain('autofocus');
  });
});

describe('the length limit', () => {
  it('is stated and counted, never enforced by cutting a paste off', async () => {
    const res = await view(ann);
    const textarea = tagOf(res.body, 'comment-body') ?? '';
    expect(textarea).not.toContain('maxlength');
    expect(textarea).toContain('data-limit="10000"');
    expect(textarea).toContain('data-limit-text="{count} of 10,000 characters"');
    expect(textOf(res)).toContain('At most 10,000 characters.');
    // The counter comes through boot.js, which loads it at once on a page with such a field.
    const counter =
      /<script src="\/static\/boot\.js\?v=\w+"[^>]* data-limit="(\/static\/limit\.js\?v=\w+)"/.exec(
        res.body,
      )?.[1];
    expect(counter).toBeDefined();
    const script = await t.app.inject({ url: counter ?? '' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('data-limit');
  });

  it('keeps 20,000 pasted characters and says to shorten them', async () => {
    const pasted = 'word '.repeat(4000);
    const { res } = await post(ann, pasted);
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('A comment can be at most 10,000 characters long.');
    expect(res.body).toContain(`${pasted}</textarea>`);
    expect(tagOf(res.body, 'comment-body')).toContain('autofocus');
  });
});

describe('a long comment', () => {
  it('is folded with "Read more"; a short one is not', async () => {
    const long = Array.from({ length: 20 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n');
    await post(ann, long);
    t.setNow(new Date(t.app.clock().getTime() + 60_000));
    await post(ann, 'Short.');
    const html = (await view(bo)).body;
    expect(html.match(/<details class="fold">/g)).toHaveLength(1);
    expect(html).toMatch(
      /<details class="fold">\s*<summary><span class="fold-more">Read more<\/span>[\s\S]*?Paragraph 20\./,
    );
  });
});

describe('what a comment offers', () => {
  it('offers no Like on your own comment, but shows its likes', async () => {
    const { res } = await post(ann, 'Mine.');
    const id = /#comment-(\d+)/.exec(res.headers.location ?? '')?.[1];
    expect((await view(ann)).body).not.toContain(`action="/comments/${id}/like"`);
    expect((await view(bo)).body).toContain(`action="/comments/${id}/like"`);
    await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, bo);
    const mine = (await view(ann)).body;
    expect(mine).not.toContain(`action="/comments/${id}/like"`);
    expect(textOf(mine)).toContain('1 like');
  });

  it('says "Reported" instead of Report once you have reported it, to you only', async () => {
    const { res } = await post(ann, 'Something.');
    const id = /#comment-(\d+)/.exec(res.headers.location ?? '')?.[1];
    const before = (await view(bo)).body;
    expect(before).toContain(`href="/comments/${id}/flag"`);
    const flagged = await submit(t.app, page, `/comments/${id}/flag`, { reason: 'rude' }, bo);
    expect(flagged.res.statusCode).toBe(303);
    const after = (await view(bo)).body;
    expect(after).not.toContain(`href="/comments/${id}/flag"`);
    expect(after).toMatch(/<span class="act reported">.*?Reported<\/span>/);
    // In place with htmx too.
    const swapped = await t.app.inject({
      url: page,
      headers: { cookie: bo, 'hx-request': 'true', 'hx-boosted': 'true' },
    });
    expect(swapped.body).toMatch(/<span class="act reported">.*?Reported<\/span>/);
    const carol = await signIn(t, { email: 'carol@example.org', cohorts: ['spring'] });
    expect((await view(carol)).body).toContain(`href="/comments/${id}/flag"`);
  });
});

describe('the room’s visitors', () => {
  it('count the reader: never "0 people" to someone standing in the room', async () => {
    expect(textOf(await view(ann, '/c/spring/welcome'))).toContain(
      'You are the first to visit this room.',
    );
    const room = textOf(await view(bo, '/c/spring/welcome'));
    // The reader is left out of "recently": the list is of the others.
    expect(room).toContain('You and 1 other person have been in this room. Recently: Ann.');
  });
});
