// A reload of an unchanged page is a 304, but only ever for the member it was rendered for:
// another member's tag never matches, a write changes the tag at once, and a reused page's
// CSRF token still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit, withCookies } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bo = '';
let item = '';
const wall = '/c/spring/welcome/wall';

beforeAll(async () => {
  t = await buildTestApp();
  // Sessions from signIn start at the real time, so the test's clock follows it.
  const startsOn = new Date(Date.now() - 8 * 86_400_000).toISOString().slice(0, 10);
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn });
  t.setNow(new Date());
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  const { res, cookie } = await submit(t.app, wall, wall, { title: 'Harold', note: 'PKM.' }, ann);
  ann = cookie;
  item = `${wall}/${Number(/#item-(\d+)$/.exec(res.headers.location ?? '')?.[1])}`;
  // Past the minute in which a fresh session's cookie is sent again with each page.
  t.setNow(new Date(Date.now() + 120_000));
  // Each member has a CSRF secret (set on a first page) and has read any flash.
  ann = withCookies(ann, await view(ann, wall));
  bo = withCookies(bo, await view(bo, wall));
});
afterAll(() => t.close());

function view(cookie: string, url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ url, headers: { ...headers, cookie } });
}

describe('conditional GET', () => {
  it('answers an unchanged reload with 304 and no body', async () => {
    const first = await view(ann, wall);
    const tag = String(first.headers.etag);
    expect(tag).toMatch(/^W\/"/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(String(first.headers.vary)).toContain('cookie');
    const again = await view(ann, wall, { 'if-none-match': tag, 'accept-encoding': 'gzip' });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['content-encoding']).toBeUndefined();
  });

  it('never matches for another member, who gets their own page', async () => {
    const anns = await view(ann, wall);
    const bos = await view(bo, wall, { 'if-none-match': String(anns.headers.etag) });
    expect(bos.statusCode).toBe(200);
    expect(bos.headers.etag).not.toBe(anns.headers.etag);
    expect(bos.body).not.toContain(/name="_csrf" value="([^"]+)"/.exec(anns.body)?.[1]);
  });

  it('shows a write at once, and the token of a reused page still posts', async () => {
    const before = await view(bo, wall);
    expect(textOf(before)).toContain('Like · 0 likes');
    const token = /name="_csrf" value="([^"]+)"/.exec(before.body)?.[1] ?? '';
    const reused = await view(bo, wall, { 'if-none-match': String(before.headers.etag) });
    expect(reused.statusCode).toBe(304);
    // Bo posts from the copy his browser kept.
    const like = await t.app.inject({
      method: 'POST',
      url: `${item}/like`,
      headers: { cookie: bo, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, like: 'on', from: 'wall' }).toString(),
    });
    expect(like.statusCode).toBe(303);
    bo = withCookies(bo, like);
    // The flash is read once (that response sets a cookie and has no tag) …
    bo = withCookies(bo, await view(bo, wall));
    // … then the old tag no longer matches: the like shows.
    const after = await view(bo, wall, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(textOf(after)).toContain('Liked · 1 like');
    // Ann's page shows the count too, though she reloads with her old tag.
    const annBefore = await view(ann, wall);
    expect(textOf(annBefore)).toContain('1 like');
  });

  it('gives no tag to posts, errors or pages that set a cookie', async () => {
    const missing = await view(ann, '/c/spring/no-such-room');
    expect(missing.headers.etag).toBeUndefined();
    const fresh = await view('', '/');
    expect(fresh.headers['set-cookie']).toBeDefined();
    expect(fresh.headers.etag).toBeUndefined();
  });
});
