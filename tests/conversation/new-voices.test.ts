// "You are seen": a learner's first post in the cohort is marked "New voice" for organisers
// (never for learners), with welcomes to reply in one click; the organisers may rewrite them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { comments } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { type Seeded, seed } from '../profile/helpers.ts';

let t: TestApp;
let s: Seeded;
const drawing = '/c/spring/welcome/drawing';
const firstLook = '/c/spring/welcome/first-look';
const welcomesPage = '/c/spring/organise/moderation/welcomes';
const htmx = { 'hx-request': 'true' };

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const idOf = (location: string | undefined) => Number(/#comment-(\d+)$/.exec(location ?? '')?.[1]);
let first = 0;
let second = 0;

beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo']);
  first = idOf(
    (await submit(t.app, drawing, `${drawing}/comments`, { body: 'My first words' }, s.cookies.Ann))
      .res.headers.location,
  );
  t.setNow(new Date('2026-03-10T12:05:00Z'));
  second = idOf(
    (await submit(t.app, firstLook, `${firstLook}/comments`, { body: 'Again' }, s.cookies.Ann)).res
      .headers.location,
  );
});

const view = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });

describe('a new voice', () => {
  it('marks the first post for organisers, not the second, never for learners', async () => {
    const organiser = await view(drawing, s.organiser);
    expect(textOf(organiser)).toContain('New voice');
    expect(organiser.body).toContain(`action="/comments/${first}/welcome"`);
    expect(textOf(organiser)).toContain('Welcome, Ann! Good to have you here.');
    const later = await view(firstLook, s.organiser);
    expect(textOf(later)).not.toContain('New voice');
    expect(later.body).not.toContain(`/comments/${second}/welcome`);
    for (const learner of [s.cookies.Ann, s.cookies.Bo]) {
      const page = await view(drawing, learner);
      expect(textOf(page)).not.toContain('New voice');
      expect(page.body).not.toContain(`/comments/${first}/welcome`);
    }
  });

  it('counts a reply as a first post too, and never marks the organiser', async () => {
    const reply = await submit(
      t.app,
      drawing,
      `/comments/${first}/reply`,
      { body: 'Hi' },
      s.cookies.Bo,
    );
    expect(reply.res.statusCode).toBe(303);
    await submit(t.app, drawing, `${drawing}/comments`, { body: 'From the desk' }, s.organiser);
    const page = await view(drawing, s.organiser);
    expect(page.body.match(/\/welcome" data-hx-post/g)?.length).toBe(6); // Ann's and Bo's, 3 each
  });

  it('posts the chosen welcome as the organiser’s reply, without and with htmx', async () => {
    const res = await submit(
      t.app,
      drawing,
      `/comments/${first}/welcome`,
      { welcome: '1' },
      s.organiser,
    );
    expect(res.res.statusCode).toBe(303);
    expect(res.res.headers.location).toBe(`${drawing}#comment-${first}`);
    const rows = await t.database.db.select().from(comments);
    const welcome = rows.find((r) => r.parentId === first);
    expect(welcome?.bodyMd).toBe(
      'Thank you for sharing this, Ann. I look forward to hearing more from you.',
    );
    expect(welcome?.authorId).not.toBe(s.ids.Ann);
    const again = await submit(
      t.app,
      drawing,
      `/comments/${first}/welcome`,
      { welcome: '0' },
      s.organiser,
      htmx,
    );
    expect(again.res.statusCode).toBe(200);
    expect(textOf(again.res)).toContain('Welcome, Ann! Good to have you here.');
    expect(textOf(again.res)).toContain('Your welcome is posted.');
  });

  it('is the organisers’ alone, checks the CSRF token, and only under a first post', async () => {
    const learner = await submit(t.app, drawing, `/comments/${first}/welcome`, {}, s.cookies.Bo);
    expect(learner.res.statusCode).toBe(403);
    const notFirst = await submit(t.app, drawing, `/comments/${second}/welcome`, {}, s.organiser);
    expect(notFirst.res.statusCode).toBe(404);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/comments/${first}/welcome`,
      headers: { cookie: s.organiser, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'welcome=0',
    });
    expect(forged.statusCode).toBe(403);
    expect(await t.database.db.select().from(comments)).toHaveLength(2);
  });
});

describe('the welcomes', () => {
  it('may be rewritten by organisers, refused when too many, and put back when emptied', async () => {
    expect((await view(welcomesPage, s.cookies.Ann)).statusCode).toBe(403);
    const page = await view(welcomesPage, s.organiser);
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('Welcome, {name}! Good to have you here.');
    const saved = await submit(
      t.app,
      welcomesPage,
      welcomesPage,
      { welcomes: 'Hoi {name}!\n\n  Glad you came, {name}.  ' },
      s.organiser,
    );
    expect(saved.res.statusCode).toBe(303);
    const marked = textOf(await view(drawing, s.organiser));
    expect(marked).toContain('Hoi Ann!');
    expect(marked).toContain('Glad you came, Ann.');
    expect(marked).not.toContain('Good to have you here');
    const tooMany = await submit(
      t.app,
      welcomesPage,
      welcomesPage,
      { welcomes: 'a\nb\nc\nd\ne\nf' },
      s.organiser,
    );
    expect(tooMany.res.statusCode).toBe(422);
    expect(textOf(tooMany.res)).toContain('at most 5 welcomes');
    expect(tooMany.res.body).toContain('a\nb\nc\nd\ne\nf');
    await submit(t.app, welcomesPage, welcomesPage, { welcomes: '' }, s.organiser);
    expect(textOf(await view(drawing, s.organiser))).toContain('Good to have you here');
  });
});
