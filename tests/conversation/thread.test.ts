// The conversation on an exhibit: every action as a plain form post (303 back to the thread)
// and as an htmx request (the partial), validation keeping the text, and the thread's pages.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createComment } from '../../server/conversation/queries.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { renderBody } from '../../server/core/render.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bo = '';
let organiser = '';
let cohortId = 0;
const page = '/c/spring/welcome/drawing';
const htmx = { 'hx-request': 'true' };

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '10', LIKES_PER_DAY: '3' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
});

const later = (seconds: number) => t.setNow(new Date(t.app.clock().getTime() + seconds * 1000));
const post = (cookie: string, body: string, headers: Record<string, string> = {}) =>
  submit(t.app, page, `${page}/comments`, { body }, cookie, headers);
const view = (cookie: string, url = page) => t.app.inject({ url, headers: { cookie } });

async function seed(n: number, start = new Date('2026-03-09T12:00:00Z')) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = await createComment(t.database.db, {
      cohortId,
      thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
      roomId: 'welcome',
      parentId: null,
      authorId: null as unknown as number,
      bodyMd: `comment ${i}`,
      bodyHtml: renderBody(`comment ${i}`),
      now: new Date(start.getTime() + i * 60_000),
    });
    ids.push(c.id);
  }
  // Written past the app, so the app's memory of the thread is out of date.
  t.app.conversationCache.clear();
  return ids;
}

describe('posting', () => {
  it('posts without JavaScript: 303 back to the comment, then shown with author and time', async () => {
    const { res } = await post(ann, 'I *love* this [drawing](https://example.org/d).');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(
      /^\/c\/spring\/welcome\/drawing\?sort=newest#comment-\d+$/,
    );
    later(120);
    const html = (await view(bo)).body;
    expect(html).toContain('<em>love</em>');
    expect(html).toContain('href="https://example.org/d" rel="nofollow ugc noopener"');
    expect(textOf(html)).toContain('Ann 2 minutes ago');
  });

  it('posts with htmx: the thread partial comes back with the new comment and an empty form', async () => {
    const { res } = await post(ann, 'Hello from htmx', htmx);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('id="conversation"');
    expect(textOf(res)).toContain('Hello from htmx');
    expect(res.body).toMatch(/<textarea id="comment-body"[^>]*>\n<\/textarea>/);
  });

  it('refuses an empty or too long comment with 422 and keeps the text', async () => {
    const empty = await post(ann, '   ');
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res)).toContain('Please write something first.');
    const long = 'x'.repeat(10_001);
    const tooLong = await post(ann, long, htmx);
    expect(tooLong.res.statusCode).toBe(422);
    expect(textOf(tooLong.res)).toContain('at most 10,000 characters');
    expect(tooLong.res.body).toContain(`>\n${long}</textarea>`);
  });

  it('asks to slow down: one post per 10 seconds, text kept', async () => {
    expect((await post(ann, 'first')).res.statusCode).toBe(303);
    const second = await post(ann, 'second, too soon');
    expect(second.res.statusCode).toBe(429);
    expect(textOf(second.res)).toContain('Please wait a few seconds');
    expect(second.res.body).toContain('>\nsecond, too soon</textarea>');
    later(11);
    expect((await post(ann, 'second')).res.statusCode).toBe(303);
  });
});

describe('replies, likes, edits and removal', () => {
  async function oneComment() {
    await post(ann, 'A first thought');
    const html = (await view(bo)).body;
    return Number(/id="comment-(\d+)"/.exec(html)?.[1]);
  }

  it('replies one level deep, in place with htmx and by form post', async () => {
    const id = await oneComment();
    later(11);
    const viaHtmx = await submit(
      t.app,
      page,
      `/comments/${id}/reply`,
      { body: 'A reply' },
      bo,
      htmx,
    );
    expect(viaHtmx.res.statusCode).toBe(200);
    expect(viaHtmx.res.body).toMatch(new RegExp(`^\\s*<li id="comment-${id}"`));
    expect(textOf(viaHtmx.res)).toContain('A reply');
    expect(viaHtmx.res.body).toContain('role="status">Your reply has been posted.</p>');
    const replyId = Number(
      /<ol class="replies">\s*<li id="comment-(\d+)"/.exec(viaHtmx.res.body)?.[1],
    );
    later(11);
    // Answering a reply joins the same list (one level only).
    const plain = await submit(t.app, page, `/comments/${replyId}/reply`, { body: 'Deeper?' }, ann);
    expect(plain.res.statusCode).toBe(303);
    expect(plain.res.headers.location).toBe(`/c/spring/welcome/drawing#comment-${id}`);
    const html = (await view(bo)).body;
    const replies = html.slice(html.indexOf('<ol class="replies">'));
    expect(replies).toContain('Deeper?');
    expect(html.split('<ol class="replies">')).toHaveLength(2); // one list, not nested
  });

  it('fetches the reply and report forms when asked: in place with htmx, as a page without', async () => {
    const id = await oneComment();
    const inPlace = await t.app.inject({
      url: `/comments/${id}/reply`,
      headers: { cookie: bo, ...htmx },
    });
    expect(inPlace.statusCode).toBe(200);
    expect(inPlace.body).toMatch(new RegExp(`^\\s*<form id="reply-form-${id}"`));
    expect(inPlace.body).not.toContain('<html');
    expect(textOf(inPlace)).toContain('Your reply to Ann');
    const asPage = await view(bo, `/comments/${id}/reply`);
    expect(asPage.body).toContain('<html');
    expect(textOf(asPage)).toContain('A first thought'); // what you answer, quoted
    const report = await view(bo, `/comments/${id}/flag`);
    expect(textOf(report)).toContain('Why are you reporting this?');
    expect((await view(ann, `/comments/${id}/flag`)).statusCode).toBe(404); // not your own
    // The thread page itself no longer carries a form per comment for these.
    expect((await view(bo)).body).not.toContain(`id="reply-body-${id}"`);
  });

  it('puts a failed reply back in its own form, with the text kept', async () => {
    const id = await oneComment();
    const tooLong = 'x'.repeat(10_001);
    const viaHtmx = await submit(
      t.app,
      `/comments/${id}/reply`,
      `/comments/${id}/reply`,
      { body: tooLong },
      bo,
      htmx,
    );
    expect(viaHtmx.res.statusCode).toBe(422);
    expect(viaHtmx.res.headers['hx-retarget']).toBe(`#reply-form-${id}`);
    expect(viaHtmx.res.body).toContain(`${tooLong}</textarea>`);
    expect(viaHtmx.res.body).toContain('aria-invalid="true"');
    const plain = await submit(
      t.app,
      `/comments/${id}/reply`,
      `/comments/${id}/reply`,
      { body: ' ' },
      bo,
    );
    expect(plain.res.statusCode).toBe(422);
    expect(plain.res.body).toContain('<html');
    expect(textOf(plain.res)).toContain('A first thought');
  });

  it('likes and unlikes with a count, and limits likes per day', async () => {
    const id = await oneComment();
    const like = await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, bo, htmx);
    expect(textOf(like.res)).toContain('Like · 1 like');
    expect(like.res.body).toContain('aria-pressed="true"');
    const again = await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, bo, htmx);
    expect(textOf(again.res)).toContain('1 like'); // liking twice counts once
    const unlike = await submit(t.app, page, `/comments/${id}/like`, { like: 'off' }, bo);
    expect(unlike.res.statusCode).toBe(303);
    expect(textOf(await view(bo))).toContain('Like · 0 likes');
    // LIKES_PER_DAY is 3 in this file: the fourth like today is refused.
    await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, bo);
    const fourth = await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, bo);
    expect(fourth.res.statusCode).toBe(429);
    expect(textOf(fourth.res)).toContain('You can like again tomorrow.');
  });

  it('lets the author edit (shown as edited) and nobody else', async () => {
    const id = await oneComment();
    const form = await view(ann, `/comments/${id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('>\nA first thought</textarea>');
    expect((await view(bo, `/comments/${id}/edit`)).statusCode).toBe(404);
    const bad = await submit(
      t.app,
      `/comments/${id}/edit`,
      `/comments/${id}/edit`,
      { body: '' },
      ann,
    );
    expect(bad.res.statusCode).toBe(422);
    const ok = await submit(
      t.app,
      `/comments/${id}/edit`,
      `/comments/${id}/edit`,
      { body: 'A *better* thought' },
      ann,
      htmx,
    );
    expect(ok.res.statusCode).toBe(200);
    expect(textOf(ok.res)).toContain('A better thought');
    expect(textOf(ok.res)).toContain('· edited');
    const other = await submit(t.app, page, `/comments/${id}/edit`, { body: 'hijack' }, bo);
    expect(other.res.statusCode).toBe(404);
  });

  it('removes a comment but keeps its replies readable under a placeholder', async () => {
    const id = await oneComment();
    later(11);
    await submit(t.app, page, `/comments/${id}/reply`, { body: 'Still worth reading' }, bo);
    expect((await submit(t.app, page, `/comments/${id}/delete`, {}, bo)).res.statusCode).toBe(404);
    const removed = await submit(t.app, page, `/comments/${id}/delete`, {}, ann);
    expect(removed.res.statusCode).toBe(303);
    const text = textOf(await view(bo));
    expect(text).toContain('This comment was removed.');
    expect(text).not.toContain('A first thought');
    expect(text).toContain('Still worth reading');
  });
});

describe('reading a big thread', () => {
  it('pages by keyset in every order, with "show more" as a link and as htmx', async () => {
    await seed(45);
    const first = await view(ann);
    const text = textOf(first);
    expect(text).toContain('comment 44');
    expect(text).not.toContain('comment 24 ');
    const more = /href="([^"]+)#conversation" data-hx-get="([^"]+)"/.exec(first.body);
    expect(more?.[1]).toMatch(/\?sort=newest&amp;after=\d+\.\d+$/);
    const fragment = await t.app.inject({
      url: (more?.[2] ?? '').replace(/&amp;/g, '&'),
      headers: { cookie: ann, ...htmx },
    });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain('id="conversation"');
    expect(textOf(fragment)).toContain('comment 24');
    expect(textOf(fragment)).toContain('comment 5');
    expect(textOf(fragment)).not.toContain('comment 4 ');

    const oldest = textOf(await view(ann, `${page}?sort=oldest`));
    expect(oldest.indexOf('comment 0')).toBeLessThan(oldest.indexOf('comment 1 '));
    expect(oldest).not.toContain('comment 20');
  });

  it('neither repeats nor skips comments posted within one millisecond, in either order', async () => {
    // 45 comments a microsecond apart, newest id not always the latest time.
    await t.database.db.execute(sql`
      INSERT INTO comments (cohort_id, thread, room_id, body_md, body_html, created_at)
      SELECT ${cohortId}, 'exhibit:welcome/drawing', 'welcome', 'same ' || g, '<p>same ' || g || '</p>',
             '2026-03-09T12:00:00.123Z'::timestamptz + ((g * 7) % 45) * interval '1 microsecond'
        FROM generate_series(0, 44) g`);
    t.app.conversationCache.clear();
    for (const sort of ['newest', 'oldest'] as const) {
      const seen: string[] = [];
      let url: string | null = `${page}?sort=${sort}`;
      while (url) {
        const res = await view(ann, url);
        seen.push(...[...res.body.matchAll(/<p>(same \d+)<\/p>/g)].map((m) => m[1] ?? ''));
        const next = /href="([^"]+)#conversation" data-hx-get/.exec(res.body)?.[1];
        url = next ? next.replace(/&amp;/g, '&') : null;
      }
      expect(seen).toHaveLength(45);
      expect(new Set(seen).size).toBe(45);
    }
  });

  it('sorts by likes and puts spotlighted comments first', async () => {
    const ids = await seed(3);
    await submit(t.app, page, `/comments/${ids[0]}/like`, { like: 'on' }, bo);
    await submit(t.app, page, `/comments/${ids[0]}/like`, { like: 'on' }, ann);
    await submit(t.app, page, `/comments/${ids[1]}/like`, { like: 'on' }, bo);
    const liked = textOf(await view(ann, `${page}?sort=liked`));
    expect(liked.indexOf('comment 0')).toBeLessThan(liked.indexOf('comment 1'));
    expect(liked.indexOf('comment 1')).toBeLessThan(liked.indexOf('comment 2'));

    const spot = await submit(
      t.app,
      page,
      `/comments/${ids[1]}/spotlight`,
      { on: 'on' },
      organiser,
      htmx,
    );
    expect(textOf(spot.res)).toContain('Spotlighted');
    const newest = textOf(await view(ann));
    expect(newest.indexOf('comment 1')).toBeLessThan(newest.indexOf('comment 2'));
    expect(newest).toContain('Spotlighted');
  });
});

describe('organisers and learners', () => {
  it('lets only organisers spotlight', async () => {
    const [id] = await seed(1);
    const res = await submit(t.app, page, `/comments/${id}/spotlight`, { on: 'on' }, bo);
    expect(res.res.statusCode).toBe(403);
    expect(textOf(await view(bo))).not.toContain('Spotlighted');
  });
});

describe('moderation', () => {
  it('takes a flag to the queue, where an organiser hides, restores or dismisses', async () => {
    const [id] = await seed(1);
    const queue = `/c/spring/organise/moderation`;
    const flag = await submit(t.app, page, `/comments/${id}/flag`, { reason: 'Rude' }, bo);
    expect(flag.res.statusCode).toBe(303);
    expect(textOf(await view(flag.cookie, page))).toContain(
      'Thank you. The organisers will look at it.',
    );

    expect((await view(bo, queue)).statusCode).toBe(403);
    const list = await view(organiser, queue);
    expect(textOf(list)).toContain('comment 0');
    expect(textOf(list)).toContain('1 report');
    expect(textOf(list)).toContain('Rude');

    const hide = await submit(
      t.app,
      queue,
      queue,
      { comment: String(id), action: 'hide' },
      organiser,
    );
    expect(hide.res.statusCode).toBe(303);
    // Hidden: gone for learners (page, fragment, actions), marked for organisers.
    expect(textOf(await view(bo))).not.toContain('comment 0');
    const fragment = await t.app.inject({
      url: `${page}/comments?sort=oldest`,
      headers: { cookie: bo, ...htmx },
    });
    expect(textOf(fragment)).not.toContain('comment 0');
    expect(
      (await submit(t.app, page, `/comments/${id}/like`, { like: 'on' }, bo)).res.statusCode,
    ).toBe(404);
    const seen = textOf(await view(organiser));
    expect(seen).toContain('comment 0');
    expect(seen).toContain('Hidden from participants');
    expect(textOf(await view(organiser, queue))).toContain('There are no open reports.');

    await submit(t.app, page, `/comments/${id}/flag`, { reason: 'Still rude' }, ann);
    await submit(t.app, queue, queue, { comment: String(id), action: 'restore' }, organiser);
    expect(textOf(await view(bo))).toContain('comment 0');
    expect(textOf(await view(organiser, queue))).toContain('There are no open reports.');
  });

  it('dismissing keeps the comment', async () => {
    const [id] = await seed(1);
    const queue = `/c/spring/organise/moderation`;
    await submit(t.app, page, `/comments/${id}/flag`, { reason: 'Hmm' }, bo);
    const res = await submit(
      t.app,
      queue,
      queue,
      { comment: String(id), action: 'dismiss' },
      organiser,
    );
    expect(textOf(await view(res.cookie, res.res.headers.location as string))).toContain(
      'The report was dismissed; the comment stays.',
    );
    expect(textOf(await view(bo))).toContain('comment 0');
  });
});
