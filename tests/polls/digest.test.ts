// The digest's polls: those in open rooms the member has not answered, and the results of
// polls that closed in the period with the member's own answer, in both parts of the mail.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCohortContext } from '../../server/core/context.ts';
import { translator } from '../../server/i18n/index.ts';
import type { DigestPolls } from '../../server/polls/digest.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { drawing, seed, talk, vote } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('lists unanswered open polls and the results of those that closed, with your answer', async () => {
  const s = await seed(t, 6);
  t.setNow(new Date('2026-03-04T12:00:00Z'));
  for (let i = 0; i < 6; i++)
    await vote(t, s.cookie(i), talk, 'early', [['option', i < 5 ? 'yes' : 'no']]);
  await vote(t, s.cookie(0), drawing, 'tools', [['option', 'paper']]);
  t.setNow(new Date('2026-03-06T06:00:00Z'));
  const context = await loadCohortContext(t.app, 'spring');
  if (!context) throw new Error('no cohort');
  const section = t.app.digestSections.get('polls');
  if (!section) throw new Error('no polls section');
  const request = {
    context,
    user: { id: s.id(0), name: 'Learner 0' },
    since: new Date('2026-03-04T12:00:00Z'),
    until: new Date('2026-03-05T12:00:00Z'),
    cohortUrl: `${t.app.config.baseUrl}/c/spring`,
  };
  const data = (await section.load(t.app, request)) as DigestPolls;
  // "early" closed on 5 March; "tools" is answered; the rest of the current room's remain.
  expect(data.open.map((p) => p.question)).toEqual([
    'Which stage is your organisation in?',
    'What matters most in a network?',
    'Where are you now?',
  ]);
  expect(data.open[0]?.href).toBe(
    `${t.app.config.baseUrl.replace(/\/$/, '')}/c/spring/welcome/first-look#poll-stance`,
  );
  expect(data.closed).toHaveLength(1);
  expect(data.closed[0]).toMatchObject({
    question: 'Did you listen to the whole talk?',
    mine: ['Yes'],
  });
  // Five and one: the one is a bar of one in a total under twenty.
  expect(data.closed[0]?.results[0]?.enough).toBe(false);
  expect(section.worthSending?.(data)).toBe(true);
  expect(section.subject(data, translator('en'))).toEqual([{ rank: 95, text: '1 poll closed' }]);
  const html = await t.app.view('polls/_digest.html.eta', {
    section: data,
    t: (k: string) => k,
    headingStyle: '',
  });
  expect(html).toContain('polls.digest.closed');
  // A later period: nothing closed, only the reminder, which is no mail of its own.
  const later = (await section.load(t.app, {
    ...request,
    since: new Date('2026-03-05T12:00:00Z'),
    until: new Date('2026-03-06T12:00:00Z'),
  })) as DigestPolls;
  expect(later.closed).toEqual([]);
  expect(section.worthSending?.(later)).toBe(false);
  expect(section.subject(later, translator('en'))).toEqual([]);
});
