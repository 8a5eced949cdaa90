// The demo: the knowmads sample course's second room holds a carnival on "mijn
// social-learningvoorbeeld", and once it is open the demo learners have sent in posts.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { carnivalEntries } from '../../db/schema.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { buildTestApp, root, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ contentDir: path.join(root, 'content') });
  t.setNow(new Date());
  await seedDemo(t.database.db, t.app.content.current(), new Date());
});
afterAll(() => t.close());

it('the knowmads course has its carnival in the second room, with posts in the demo', async () => {
  const knowmads = t.app.content.current().courses.get('knowmads');
  const second = knowmads?.rooms[1];
  expect(second?.carnival?.theme).toBe('Mijn social-learningvoorbeeld');
  expect(second?.carnival?.maxPerPerson).toBe(2);
  const rows = await t.database.db.select().from(carnivalEntries);
  const inSecond = rows.filter((r) => r.roomId === second?.id);
  expect(inSecond.length).toBeGreaterThanOrEqual(3);
  expect(new Set(inSecond.map((r) => r.authorId)).size).toBe(inSecond.length);
});
