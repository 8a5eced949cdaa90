// A room's icebreaker: its thread is pinned at the top of the room page with the room's
// prompt (or the app's), it is a conversation like any other (post, reply, like, edit,
// report; with htmx and without), and each post shows its author's profile card.
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { comments } from '../../db/schema.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { postProfileWithPhoto, type Seeded, seed } from '../profile/helpers.ts';

let t: TestApp;
let s: Seeded;
const room = '/c/spring/welcome';
const action = `${room}/comments`;
const htmx = { 'hx-request': 'true' };

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo']);
});

const idOf = (location: string | undefined) => Number(/#comment-(\d+)$/.exec(location ?? '')?.[1]);

describe('the icebreaker', () => {
  it('is pinned above the exhibits with the default prompt', async () => {
    const res = await t.app.inject({ url: room, headers: { cookie: s.cookies.Ann } });
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('Introduce yourself');
    expect(text).toContain('Take a photo of your view');
    expect(res.body.indexOf('class="conversation panel icebreaker"')).toBeLessThan(
      res.body.indexOf('id="exhibits-title"'),
    );
    expect(res.body).toContain(`action="${action}"`);
  });

  it('says the room’s own prompt, in a Dutch course in Dutch', async () => {
    await createCohort(t.database.db, {
      slug: 'herfst',
      courseId: 'leren',
      startsOn: '2026-03-02',
    });
    const cookie = await signIn(t, {
      email: 'eva@example.org',
      name: 'Eva',
      cohorts: ['herfst'],
      locale: 'nl',
    });
    const res = await t.app.inject({ url: '/c/herfst/begin', headers: { cookie } });
    expect(textOf(res)).toContain('Stel je voor');
    expect(textOf(res)).toContain('Vertel wat je hoopt te leren');
  });

  it('is not in a room without one', async () => {
    const res = await t.app.inject({
      url: '/c/spring/walking',
      headers: { cookie: s.cookies.Ann },
    });
    expect(res.body).not.toContain('icebreaker');
    const post = await submit(
      t.app,
      room,
      '/c/spring/walking/comments',
      { body: 'Hi' },
      s.cookies.Ann,
    );
    expect(post.res.statusCode).toBe(404);
  });

  it('takes a post without JavaScript and shows it with the author’s profile card', async () => {
    const photo = await sharp({
      create: { width: 80, height: 80, channels: 3, background: '#357' },
    })
      .png()
      .toBuffer();
    await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [
        ['intro', 'Chemistry teacher who collects maps.'],
        ['listed', '1'],
      ],
      { filename: 'me.png', type: 'image/png', bytes: photo },
    );
    const posted = await submit(
      t.app,
      room,
      action,
      { body: 'Hello, I am **Ann**' },
      s.cookies.Ann,
    );
    expect(posted.res.statusCode).toBe(303);
    expect(posted.res.headers.location).toMatch(/^\/c\/spring\/welcome\?sort=newest#comment-\d+$/);
    const [row] = await t.database.db.select().from(comments);
    expect(row?.thread).toBe('icebreaker:welcome');
    const page = await t.app.inject({ url: room, headers: { cookie: s.cookies.Bo } });
    expect(page.body).toContain('<strong>Ann</strong>');
    expect(page.body).toContain('Chemistry teacher who collects maps.');
    expect(page.body).toContain(`href="/c/spring/people/${s.ids.Ann}"`);
    expect(page.body).toMatch(
      /<img class="avatar avatar-m avatar-photo" src="\/c\/spring\/people\/photos\/[0-9a-f]{32}-s\.webp"/,
    );
  });

  it('shows a changed card at once, though cards are kept a few seconds', async () => {
    await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [
        ['intro', 'Maps.'],
        ['listed', '1'],
      ],
      null,
    );
    await submit(t.app, room, action, { body: 'Hello from Ann' }, s.cookies.Ann);
    const view = async () =>
      (await t.app.inject({ url: room, headers: { cookie: s.cookies.Bo } })).body;
    expect(await view()).toContain('Maps.');
    await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [
        ['intro', 'Rivers.'],
        ['listed', '1'],
      ],
      null,
    );
    const changed = await view();
    expect(changed).toContain('Rivers.');
    expect(changed).not.toContain('Maps.');
    // Leaving who's here takes the intro and the link away as soon.
    await postProfileWithPhoto(t, s.cookies.Ann, [['intro', 'Rivers.']], null);
    expect(await view()).not.toContain(`href="/c/spring/people/${s.ids.Ann}"`);
  });

  it('posts in place with htmx, and refuses an empty post with a 422', async () => {
    const res = await submit(t.app, room, action, { body: 'Hi all' }, s.cookies.Bo, htmx);
    expect(res.res.statusCode).toBe(200);
    expect(res.res.body).toContain('Hi all');
    expect(res.res.body).toContain('class="conversation panel icebreaker"');
    const empty = await submit(t.app, room, action, { body: '  ' }, s.cookies.Bo);
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res)).toContain('Introduce yourself');
  });

  it('is a conversation: reply, like, edit, report, each back to the room', async () => {
    const first = await submit(t.app, room, action, { body: 'I am Ann' }, s.cookies.Ann);
    const id = idOf(first.res.headers.location);
    const reply = await submit(
      t.app,
      room,
      `/comments/${id}/reply`,
      { body: 'Welcome!' },
      s.cookies.Bo,
    );
    expect(reply.res.statusCode).toBe(303);
    expect(reply.res.headers.location).toBe(`${room}#comment-${id}`);
    const like = await submit(
      t.app,
      room,
      `/comments/${id}/like`,
      { like: 'on' },
      s.cookies.Bo,
      htmx,
    );
    expect(like.res.statusCode).toBe(200);
    expect(like.res.body).toContain('aria-pressed="true"');
    const edit = await submit(
      t.app,
      room,
      `/comments/${id}/edit`,
      { body: 'I am Ann, hi' },
      s.cookies.Ann,
    );
    expect(edit.res.statusCode).toBe(303);
    const flag = await submit(
      t.app,
      room,
      `/comments/${id}/flag`,
      { reason: 'test' },
      s.cookies.Bo,
    );
    expect(flag.res.statusCode).toBe(303);
    const page = textOf(await t.app.inject({ url: room, headers: { cookie: s.cookies.Bo } }));
    expect(page).toContain('I am Ann, hi');
    expect(page).toContain('Welcome!');
  });

  it('shows more introductions in place, and as the room page without htmx', async () => {
    for (let i = 0; i < 21; i++) {
      t.setNow(new Date(Date.UTC(2026, 2, 10, 12, i)));
      await submit(t.app, room, action, { body: `Intro ${i}` }, s.cookies.Ann);
    }
    const page = await t.app.inject({ url: room, headers: { cookie: s.cookies.Bo } });
    const more = /data-hx-get="([^"]+)"/.exec(
      page.body.slice(page.body.indexOf('id="more-comments"')),
    )?.[1];
    expect(more).toMatch(/^\/c\/spring\/welcome\/comments\?sort=newest&amp;after=/);
    const url = (more ?? '').replaceAll('&amp;', '&');
    const fragment = await t.app.inject({ url, headers: { cookie: s.cookies.Bo, ...htmx } });
    expect(fragment.statusCode).toBe(200);
    expect(textOf(fragment)).toContain('Intro 0');
    const plain = await t.app.inject({ url, headers: { cookie: s.cookies.Bo } });
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toMatch(
      /^\/c\/spring\/welcome\?sort=newest&after=.+#conversation$/,
    );
  });

  it('checks the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: action,
      headers: { cookie: s.cookies.Ann, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'body=hi',
    });
    expect(res.statusCode).toBe(403);
    expect(await t.database.db.select().from(comments)).toEqual([]);
  });
});
