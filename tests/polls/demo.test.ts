// The demo: each sample course has a poll in its first room, answered by enough demo members
// that a newcomer sees real charts after voting; the knowmads self-scan is repeated in the
// last room.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.ts';
import { buildTestApp, root, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { htmx, pollSection, vote } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ contentDir: path.join(root, 'content') });
  t.setNow(new Date());
  await seedDemo(t.database.db, t.app.content.current(), new Date());
});
afterAll(() => t.close());

it('every sample course has a poll in its first room; the knowmads scan comes back at the end', () => {
  const courses = [...t.app.content.current().courses.values()];
  for (const course of courses) {
    const first = course.rooms[0];
    const polls = [...course.polls.values()].filter((p) => p.roomId === first?.id);
    expect(polls.length, course.id).toBeGreaterThan(0);
  }
  const knowmads = t.app.content.current().courses.get('knowmads');
  const last = knowmads?.rooms.at(-1);
  expect(knowmads?.polls.get('zelfscan-terug')).toMatchObject({
    type: 'scan',
    roomId: last?.id,
    repeatOf: 'zelfscan',
  });
});

it('a newcomer votes and sees real charts: in the pkm poll, and in the knowmads self-scan', async () => {
  const nina = await signIn(t, { email: 'nina@example.com', name: 'Nina', cohorts: ['pkm-demo'] });
  const page = '/c/pkm-demo/seek/ten-minute-setup';
  const res = await vote(t, nina, page, 'sources', [['option', 'courses']], htmx);
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('<svg class="poll-chart"');
  expect(textOf(res)).not.toContain('Too few answers');
  expect(textOf(res)).toContain('21 answers');
  expect(textOf(res)).toContain('read why');

  const noor = await signIn(t, {
    email: 'noor@example.com',
    name: 'Noor',
    cohorts: ['knowmads-demo'],
  });
  const scan = '/c/knowmads-demo/wie-is-de-knowmad/ben-jij-er-al-een';
  const before = pollSection(
    (await t.app.inject({ url: scan, headers: { cookie: noor } })).body,
    'zelfscan',
  );
  expect(before).toContain('name="option_leren"');
  const fields: [string, string][] = [
    'leren',
    'vragen',
    'delen',
    'uitproberen',
    'fouten',
    'toevoegen',
  ].map((q) => [`option_${q}`, '3']);
  const answered = await vote(t, noor, scan, 'zelfscan', fields, htmx);
  expect(answered.statusCode).toBe(200);
  expect(answered.body.match(/<svg class="poll-chart"/g)).toHaveLength(6);
  expect(textOf(answered)).toContain('You chose: Deels');
});
