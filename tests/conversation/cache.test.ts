// Threads and rooms served from memory: readers share a first page, yet each gets their own
// CSRF token, likes and edit buttons, and every change shows at once in this process.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Shelf } from '../../server/conversation/cache.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort, findCohortBySlug } from '../../server/core/cohorts.ts';
import { renderBody } from '../../server/core/render.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bo = '';
let cy = '';
const page = '/c/spring/welcome/drawing';
const room = '/c/spring/welcome';
const htmx = { 'hx-request': 'true' };

beforeAll(async () => {
  t = await buildTestApp({ threadCacheMs: 60_000 });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  cy = await signIn(t, { email: 'cy@example.org', name: 'Cy', cohorts: ['spring'] });
});

const view = (cookie: string, url = page) => t.app.inject({ url, headers: { cookie } });
const tokens = (html: string) =>
  [...html.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1]);

describe('a shared first page', () => {
  it('gives every reader their own CSRF token in every form', async () => {
    await submit(t.app, page, `${page}/comments`, { body: 'Shared thought' }, ann);
    for (const reader of [bo, cy]) {
      const html = (await view(reader)).body;
      const found = tokens(html);
      expect(found.length).toBeGreaterThan(3);
      expect(new Set(found).size).toBe(1); // the layout's token is the comments' token
      expect(found[0]).not.toMatch(/^csrf-/);
    }
    // And the token works for an action on a comment from the shared rendering.
    const id = /id="comment-(\d+)"/.exec((await view(bo)).body)?.[1];
    const like = await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, cy);
    expect(like.res.statusCode).toBe(303);
  });

  it("shows a reader's own likes and comments to them alone", async () => {
    await submit(t.app, page, `${page}/comments`, { body: 'Shared thought' }, ann);
    const id = /id="comment-(\d+)"/.exec((await view(bo)).body)?.[1];
    await view(cy); // the shared rendering is now in memory
    await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, bo);
    expect((await view(bo)).body).toContain('aria-pressed="true"');
    expect((await view(cy)).body).not.toContain('aria-pressed="true"');
    expect(textOf(await view(cy))).toContain('1 like'); // the count changed for everyone
    expect(textOf(await view(ann))).toContain('Edit');
    expect(textOf(await view(cy))).not.toContain('Edit');
  });

  it('shows a new comment, an edit and a removal at once', async () => {
    await view(bo);
    const posted = await submit(t.app, page, `${page}/comments`, { body: 'First words' }, ann);
    expect(textOf(await view(bo))).toContain('First words');
    const id = /#comment-(\d+)/.exec(String(posted.res.headers.location))?.[1];
    await submit(t.app, page, `/comments/${id}/edit`, { body: 'Better words' }, ann, htmx);
    expect(textOf(await view(bo))).toContain('Better words');
    await submit(t.app, page, `/comments/${id}/delete`, {}, ann);
    expect(textOf(await view(bo))).not.toContain('Better words');
  });

  it('keeps room counts current when someone posts', async () => {
    await view(bo, page);
    expect(textOf(await view(bo, room))).toContain('0 comments');
    t.setNow(new Date('2026-03-10T12:05:00Z'));
    const posted = await submit(t.app, page, `${page}/comments`, { body: 'Hello room' }, ann);
    const text = textOf(await view(bo, room));
    expect(text).toContain('1 comment');
    expect(text).toContain('1 new since your last visit');
    // Counts are folded from the trigger's deltas on each read: removal counts down again.
    const id = /#comment-(\d+)/.exec(String(posted.res.headers.location))?.[1];
    await submit(t.app, page, `/comments/${id}/delete`, {}, ann);
    expect(textOf(await view(bo, room))).toContain('0 comments');
    t.setNow(new Date('2026-03-10T12:10:00Z')); // past the posting limit
    await submit(t.app, page, `${page}/comments`, { body: 'Again' }, ann);
    await submit(t.app, page, `${page}/comments`, { body: 'And again' }, bo);
    expect(textOf(await view(cy, room))).toContain('2 comments');
  });
});

describe('time to live', () => {
  it("runs on the app clock: another process's comment shows once it has passed", async () => {
    await view(bo); // the first page is now in memory
    const cohort = await findCohortBySlug(t.database.db, 'spring');
    const author = await findUserByEmail(t.database.db, 'cy@example.org');
    // Written past this app, as another app process would.
    await createComment(t.database.db, {
      cohortId: cohort?.id ?? 0,
      thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
      roomId: 'welcome',
      parentId: null,
      authorId: author?.id ?? 0,
      bodyMd: 'Said elsewhere',
      bodyHtml: renderBody('Said elsewhere'),
      now: new Date('2026-03-10T12:00:01Z'),
    });
    t.setNow(new Date('2026-03-10T12:00:59Z'));
    expect(textOf(await view(bo))).not.toContain('Said elsewhere');
    t.setNow(new Date('2026-03-10T12:01:01Z'));
    expect(textOf(await view(bo))).toContain('Said elsewhere');
  });
});

describe('Shelf', () => {
  it('keeps values for its time to live, per group, and forgets failed loads', async () => {
    let now = 0;
    const shelf = new Shelf<Promise<number>>(1000, () => now);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await shelf.get('a', 'x', load)).toBe(1);
    expect(await shelf.get('a', 'x', load)).toBe(1);
    now = 1000;
    expect(await shelf.get('a', 'x', load)).toBe(2);
    shelf.drop('a');
    expect(await shelf.get('a', 'x', load)).toBe(3);
    const failing = shelf.get('b', 'y', () => Promise.reject(new Error('down')));
    await expect(failing).rejects.toThrow('down');
    expect(await shelf.get('b', 'y', load)).toBe(4);
  });
});
