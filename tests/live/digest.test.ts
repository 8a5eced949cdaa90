import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCohortContext } from '../../server/core/context.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { act, at, type Seeded, seed } from './setup.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
  s = await seed(t);
});
afterAll(() => t.close());

const load = async (since: Date, until: Date) => {
  t.setNow(until);
  const context = await loadCohortContext(t.app, 'spring');
  if (!context) throw new Error('no cohort');
  return t.app.digestSections.get('live')?.load(t.app, {
    context,
    user: { id: s.ids.ana, name: 'Ana' },
    since,
    until,
    cohortUrl: '',
  });
};

describe('the live hour in the digest', () => {
  it('reminds of the hour in the coming week, then carries its story', async () => {
    const before = (await load(at(-24 * 60), at(-60))) as { coming: { title: string }[] };
    expect(before.coming.map((c) => c.title)).toEqual(['The opening live hour']);
    t.setNow(at(0));
    await t.app.ticks.tick();
    await act(t, s.olga, 'plan', { action: 'end' });
    expect(await load(at(1), at(2))).toBeNull();
    await act(t, s.olga, 'story', { story: 'What we learnt.' });
    await act(t, s.olga, 'story/publish');
    const after = (await load(at(1), at(60 * 24))) as { stories: { href: string }[] };
    expect(after.stories.map((x) => x.href)).toEqual([
      'http://localhost:3000/c/spring/live/welcome/story',
    ]);
  });
});
