// A comment or reply form posted twice (a retry after a timeout, Back and submit again) makes
// one comment: each rendered form carries a random key, and the same key posts nothing new.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { comments } from '../../db/schema.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, withCookies } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
const page = '/c/spring/welcome/drawing';

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '10' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
});

/** Past the posting limit, so only the key can tell a retry from a new comment. */
const later = () => t.setNow(new Date(t.app.clock().getTime() + 11_000));

/** Opens a form page once and returns a poster that sends that same form (key and token). */
async function openForm(url: string, headers: Record<string, string> = {}) {
  const form = await t.app.inject({ url, headers: { ...headers, cookie: ann } });
  const key = /name="key" value="([^"]+)"/.exec(form.body)?.[1];
  if (!key) throw new Error(`no key on ${url}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const cookie = withCookies(ann, form);
  return {
    key,
    send: (action: string, fields: Record<string, string>, extra: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: action,
        headers: {
          ...extra,
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: token, key, ...fields }).toString(),
      }),
  };
}

const allComments = () => t.database.db.select().from(comments);

describe('posting the same form twice', () => {
  it('makes one comment, and the retry lands on it', async () => {
    const form = await openForm(page);
    const first = await form.send(`${page}/comments`, { body: 'Only once, please' });
    expect(first.statusCode).toBe(303);
    later();
    const again = await form.send(`${page}/comments`, { body: 'Only once, please' });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    const rows = await allComments();
    expect(rows.map((c) => c.bodyMd)).toEqual(['Only once, please']);
    expect(rows[0]?.postKey).toBe(form.key);
  });

  it('answers the htmx retry with the thread that holds the one comment', async () => {
    const htmx = { 'hx-request': 'true' };
    const form = await openForm(page);
    expect((await form.send(`${page}/comments`, { body: 'Via htmx' }, htmx)).statusCode).toBe(200);
    later();
    const again = await form.send(`${page}/comments`, { body: 'Via htmx' }, htmx);
    expect(again.statusCode).toBe(200);
    expect(textOf(again).match(/Via htmx/g)).toHaveLength(1);
    expect(await allComments()).toHaveLength(1);
  });

  it('makes one reply, and counts it once', async () => {
    await (await openForm(page)).send(`${page}/comments`, { body: 'A thought' });
    const [top] = await allComments();
    const id = top?.id as number;
    later();
    const form = await openForm(`/comments/${id}/reply`);
    expect((await form.send(`/comments/${id}/reply`, { body: 'A reply' })).statusCode).toBe(303);
    later();
    expect((await form.send(`/comments/${id}/reply`, { body: 'A reply' })).statusCode).toBe(303);
    const replies = await t.database.db.select().from(comments).where(eq(comments.parentId, id));
    expect(replies).toHaveLength(1);
    const [parent] = await t.database.db.select().from(comments).where(eq(comments.id, id));
    expect(parent?.replyCount).toBe(1);
  });

  it('gives every rendered form its own key, so two forms make two comments', async () => {
    const one = await openForm(page);
    const two = await openForm(page);
    expect(one.key).not.toBe(two.key);
    await one.send(`${page}/comments`, { body: 'One' });
    later();
    await two.send(`${page}/comments`, { body: 'Two' });
    expect(await allComments()).toHaveLength(2);
  });

  it('keeps the key out of "what you typed" when the form has expired', async () => {
    const form = await t.app.inject({ url: page, headers: { cookie: ann } });
    const key = /name="key" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url: `${page}/comments`,
      headers: { cookie: ann, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: 'stale', key, body: 'My words' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('My words');
    expect(res.body).not.toContain(key);
  });
});
