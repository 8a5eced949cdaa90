// A member's posts go with "export my data" (each with the thread its talk is in) and are
// removed with the account, and from the round-up that lists them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { carnivalEntries, carnivalRoundups } from '../../db/schema.ts';
import { draftRoundup } from '../../server/carnival/draft.ts';
import { listEntries, saveRoundup } from '../../server/carnival/queries.ts';
import { renderBody } from '../../server/core/render.ts';
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
  // An address that starts like the first one: its line has to stay.
  await post(t, s.cookie(1), goodPost(10));
  const words = { intro: 'Our walks.', untagged: 'Other', by: 'by' };
  const draft = draftRoundup(await listEntries(t.database.db, s.cohortId, 'walking'), words);
  expect(draft).toContain('by Learner 0');
  await saveRoundup(t.database.db, {
    cohortId: s.cohortId,
    roomId: 'walking',
    targetRoomId: 'sharing',
    bodyMd: draft,
    bodyHtml: renderBody(draft),
    publish: true,
    now: new Date(),
  });
  const me = { id: s.id(0), email: 'learner0@example.org' };
  const data = (await t.app.personalData.exportFor(t.database.db, me)) as {
    carnivalPosts: { title: string; room: string; thread: string }[];
  };
  expect(data.carnivalPosts).toHaveLength(1);
  expect(data.carnivalPosts[0]).toMatchObject({ title: 'My walk 1', room: 'walking' });
  expect(data.carnivalPosts[0]?.thread).toMatch(/^carnival:\d+$/);
  await t.app.personalData.eraseFor(t.database.db, me);
  const left = await t.database.db.select().from(carnivalEntries);
  expect(left.map((e) => e.title)).toEqual(['My walk 10']);
  const [roundup] = await t.database.db.select().from(carnivalRoundups);
  for (const text of [roundup?.bodyMd, roundup?.bodyHtml]) {
    expect(text).not.toContain('Learner 0');
    expect(text).not.toContain('My walk 1]');
    expect(text).toContain('Our walks.');
    expect(text).toContain('Learner 1');
    expect(text).toContain('My walk 10');
  }
});
