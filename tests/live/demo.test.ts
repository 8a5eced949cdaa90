// The demo's live hours: one under way when the app starts (the tick releases the next
// question a couple of minutes later) and one over, with its story published in the room.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.ts';
import { buildTestApp, root, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
const now = new Date();
let nina = '';

beforeAll(async () => {
  t = await buildTestApp({ contentDir: path.join(root, 'content') });
  t.setNow(now);
  await seedDemo(t.database.db, t.app.content.current(), now);
  nina = await signIn(t, { email: 'nina@example.com', name: 'Nina', cohorts: ['pkm-demo'] });
});
afterAll(() => t.close());

describe('the demo’s live hours', () => {
  it('has an hour under way: icebreaker and first question answered, the next one on the tick', async () => {
    const page = '/c/pkm-demo/live/sense-and-share';
    const res = await t.app.inject({ url: page, headers: { cookie: nina } });
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('happening now');
    expect(text).toContain('Now: Question 1');
    expect(text).toContain('Blake here, at the kitchen table');
    expect(text).toContain('An article on the strength of weak ties');
    t.setNow(new Date(now.getTime() + 3 * 60_000));
    await t.app.ticks.tick();
    const later = textOf(await t.app.inject({ url: page, headers: { cookie: nina } }));
    expect(later).toContain('Now: Question 2: Where do you write things down');
    t.setNow(now);
  });

  it('has a finished hour whose story is published in its room', async () => {
    const room = await t.app.inject({ url: '/c/pkm-demo/seek', headers: { cookie: nina } });
    expect(room.body).toContain('/c/pkm-demo/live/seek/story');
    const story = await t.app.inject({
      url: '/c/pkm-demo/live/seek/story',
      headers: { cookie: nina },
    });
    expect(story.statusCode).toBe(200);
    expect(textOf(story)).toContain('The news app. It only makes me anxious');
    // The Dutch course too.
    const nl = await signIn(t, {
      email: 'nina2@example.com',
      name: 'Nina',
      cohorts: ['knowmads-demo'],
    });
    const verhaal = await t.app.inject({
      url: '/c/knowmads-demo/live/wie-is-de-knowmad/story',
      headers: { cookie: nl },
    });
    expect(verhaal.statusCode).toBe(200);
    expect(textOf(verhaal)).toContain('Lees het hele gesprek');
  });
});
