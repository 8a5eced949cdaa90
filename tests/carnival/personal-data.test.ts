// A member's posts go with "export my data" (each with the thread its talk is in) and are
// removed with the account.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { carnivalEntries } from '../../db/schema.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { goodPost, post, seed } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('exports and erases a member’s posts, and only theirs', async () => {
  const s = await seed(t, 2);
  await post(t, s.cookie(0), goodPost(1));
  await post(t, s.cookie(1), goodPost(2));
  const me = { id: s.id(0), email: 'learner0@example.org' };
  const data = (await t.app.personalData.exportFor(t.database.db, me)) as {
    carnivalPosts: { title: string; room: string; thread: string }[];
  };
  expect(data.carnivalPosts).toHaveLength(1);
  expect(data.carnivalPosts[0]).toMatchObject({ title: 'My walk 1', room: 'walking' });
  expect(data.carnivalPosts[0]?.thread).toMatch(/^carnival:\d+$/);
  await t.app.personalData.eraseFor(t.database.db, me);
  const left = await t.database.db.select().from(carnivalEntries);
  expect(left.map((e) => e.title)).toEqual(['My walk 2']);
});
