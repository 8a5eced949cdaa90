// The cohort home tells a member what others added since they last walked the rooms: per open
// room, new comments and new finds, never their own, nor what an organiser hid.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments } from '../../db/schema.ts';
import { findUserByEmail, updateUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bob = '';
const exhibit = '/c/spring/welcome/drawing';
const wall = '/c/spring/welcome/wall';

/** Moves the app clock on by `minutes` (past the posting limit, and apart from the visit). */
const later = (minutes: number) => t.setNow(new Date(t.app.clock().getTime() + minutes * 60_000));

const home = async (cookie: string) =>
  (await t.app.inject({ url: '/c/spring', headers: { cookie } })).body;
const newsOf = (html: string) =>
  /<section class="panel news"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '1' } });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bob = await signIn(t, { email: 'bob@example.org', name: 'Bob', cohorts: ['spring'] });
});
afterAll(() => t.close());

describe('new since your last walk', () => {
  it('is not shown before a member has walked any room', async () => {
    expect(newsOf(await home(ann))).toBe('');
  });

  it('says nothing is new when nobody else wrote since', async () => {
    await t.app.inject({ url: exhibit, headers: { cookie: ann } });
    later(5);
    const { res } = await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Mine' }, ann);
    expect(res.statusCode).toBe(303);
    const news = newsOf(await home(ann));
    expect(news).toContain('Nothing new since your last walk');
    expect(news).not.toContain('comment');
  });

  it("counts others' comments and finds per room, leaving out hidden ones", async () => {
    await t.app.inject({ url: exhibit, headers: { cookie: ann } });
    for (const body of ['One', 'Two', 'Hidden later']) {
      later(1);
      const { res } = await submit(t.app, exhibit, `${exhibit}/comments`, { body }, bob);
      expect(res.statusCode).toBe(303);
    }
    later(1);
    const find = { title: 'A find', url: 'https://example.org/a', note: 'Worth it' };
    expect((await submit(t.app, wall, wall, find, bob)).res.statusCode).toBe(303);
    await t.database.db
      .update(comments)
      .set({ hiddenAt: t.app.clock() })
      .where(eq(comments.bodyMd, 'Hidden later'));

    const news = newsOf(await home(ann));
    expect(news).toContain('href="/c/spring/welcome"');
    expect(news).toContain('2 comments · 1 find on the wall');
    // Bob's own walk was before none of it: he sees only what Ann wrote.
    await t.app.inject({ url: exhibit, headers: { cookie: bob } });
    expect(newsOf(await home(bob))).toContain('Nothing new since your last walk');
  });

  it('starts again from the next walk, in Dutch too', async () => {
    await t.app.inject({ url: '/c/spring/welcome', headers: { cookie: ann } });
    later(1);
    const { res } = await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Drie' }, bob);
    expect(res.statusCode).toBe(303);
    const annUser = await findUserByEmail(t.database.db, 'ann@example.org');
    await updateUser(t.database.db, annUser?.id ?? 0, { locale: 'nl' });
    const html = await home(ann);
    expect(newsOf(html)).toContain('Nieuw sinds je laatste ronde');
    expect(newsOf(html)).toContain('1 reactie');
  });
});
