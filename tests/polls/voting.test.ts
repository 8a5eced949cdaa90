// Voting: the form at its place in the text, without JavaScript (303 back to the poll) and
// with htmx (the poll swapped in place), changing an answer, closing, and every refusal (422
// with what was chosen and typed kept, nothing saved).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollTallies, pollVotes, users } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import {
  drawing,
  firstLook,
  htmx,
  pollSection,
  type Seeded,
  seed,
  talk,
  vote,
  welcome,
} from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, 2);
});

const votes = () => t.database.db.select().from(pollVotes).orderBy(pollVotes.id);
const tallies = () => t.database.db.select().from(pollTallies);
const get = (url: string, cookie = s.cookie(0)) => t.app.inject({ url, headers: { cookie } });

describe('a poll in the text', () => {
  it('stands where the author wrote it, with a form that works without JavaScript', async () => {
    const res = await get(firstLook);
    expect(res.statusCode).toBe(200);
    const note = res.body.slice(
      res.body.indexOf('id="note-title"'),
      res.body.indexOf('id="prompts-title"'),
    );
    expect(note.indexOf('Where do you stand?')).toBeLessThan(note.indexOf('id="poll-stance"'));
    expect(note).toContain('id="poll-stance"');
    const poll = pollSection(res.body, 'stance');
    expect(poll).toContain('<form method="post" action="/c/spring/polls/stance/vote"');
    expect(poll).toContain('data-hx-target="#poll-stance"');
    expect(poll).toMatch(/<input type="radio" name="option" value="blended">/);
    expect(poll).toContain('name="reason"');
    // results: after_vote
    expect(textOf(poll)).toContain('once you have answered yourself');
    expect(poll).not.toContain('<svg');
  });

  it('a scan in the room introduction asks every statement on one scale', async () => {
    const poll = pollSection((await get(welcome)).body, 'scan');
    expect(poll).toContain('Self-scan');
    expect(poll).toContain('I learn something new for my work every week.');
    expect(poll).toMatch(/name="option_learn" value="1"/);
    expect(poll).toMatch(/name="option_share" value="5"/);
  });

  it('a ranked poll offers places to put options in order', async () => {
    const poll = pollSection((await get(drawing)).body, 'priorities');
    expect(poll.match(/<select [^>]*name="option"/g)).toHaveLength(4);
  });
});

describe('voting', () => {
  it('without JavaScript: saved, back to the poll, which then shows the answer', async () => {
    const res = await vote(t, s.cookie(0), firstLook, 'stance', [
      ['option', 'blended'],
      ['reason', 'We mix courses and coaching'],
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${firstLook}#poll-stance`);
    expect(await votes()).toMatchObject([
      {
        cohortId: s.cohortId,
        pollId: 'stance',
        question: '',
        userId: s.id(0),
        option: 'blended',
        position: 1,
        reason: 'We mix courses and coaching',
      },
    ]);
    const poll = pollSection((await get(firstLook)).body, 'stance');
    expect(poll).toMatch(/value="blended" checked/);
    expect(textOf(poll)).toContain('You chose: Blended');
    expect(textOf(poll)).toContain('Change my answer');
    expect(poll).toContain('value="We mix courses and coaching"');
  });

  it('with htmx: the poll comes back alone, to be swapped in place', async () => {
    const res = await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'social']], htmx);
    expect(res.statusCode).toBe(200);
    expect(res.body.trimStart().startsWith('<section class="poll" id="poll-stance"')).toBe(true);
    expect(res.body).not.toContain('<html');
    expect(res.body).toMatch(/value="social" checked/);
    expect(res.headers.vary).toContain('hx-request');
  });

  it('changing the answer replaces it, and the tallies follow', async () => {
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'experiment']]);
    await vote(t, s.cookie(1), firstLook, 'stance', [['option', 'experiment']]);
    expect((await votes()).map((v) => [v.userId, v.option])).toEqual([
      [s.id(0), 'experiment'],
      [s.id(1), 'experiment'],
    ]);
    const counts = Object.fromEntries((await tallies()).map((r) => [r.option, r.votes]));
    expect(counts).toEqual({ blended: 0, experiment: 2 });
  });

  it('multiple choice keeps every option; ranked keeps the order', async () => {
    const many = await vote(t, s.cookie(0), drawing, 'tools', [
      ['option', 'paper'],
      ['option', 'app'],
    ]);
    expect(many.statusCode).toBe(303);
    const ranked = await vote(t, s.cookie(0), drawing, 'priorities', [
      ['option', 'depth'],
      ['option', 'trust'],
      ['option', ''],
      ['option', ''],
    ]);
    expect(ranked.statusCode).toBe(303);
    const rows = (await votes()).map((v) => [v.pollId, v.option, v.position]);
    expect(rows).toEqual([
      ['tools', 'paper', 1],
      ['tools', 'app', 2],
      ['priorities', 'depth', 1],
      ['priorities', 'trust', 2],
    ]);
    const poll = pollSection((await get(drawing)).body, 'priorities');
    expect(textOf(poll)).toContain('Your order: Depth, Trust');
  });

  it('a scan is answered statement by statement', async () => {
    const res = await vote(t, s.cookie(0), welcome, 'scan', [
      ['option_learn', '4'],
      ['option_share', '2'],
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${welcome}#poll-scan`);
    expect((await votes()).map((v) => [v.question, v.option])).toEqual([
      ['learn', '4'],
      ['share', '2'],
    ]);
  });
});

describe('refused votes (422, typed text kept, nothing saved)', () => {
  const refused = async (page: string, poll: string, fields: [string, string][], headers = {}) => {
    const res = await vote(t, s.cookie(0), page, poll, fields, headers);
    expect(res.statusCode).toBe(422);
    expect(await votes()).toEqual([]);
    return res;
  };

  it('an option that does not exist', async () => {
    const res = await refused(firstLook, 'stance', [
      ['option', 'nonsense'],
      ['reason', 'my <kept> reason'],
    ]);
    expect(textOf(res)).toContain('That answer is not (or no longer) in this poll');
    expect(res.body).toContain('value="my &lt;kept&gt; reason"');
    // Without JavaScript a page of its own, with the way back.
    expect(res.body).toContain('<html');
    expect(res.body).toContain(`href="${firstLook}#poll-stance"`);
  });

  it('no choice at all, and two choices in a single-choice poll', async () => {
    expect(textOf(await refused(firstLook, 'stance', []))).toContain('Choose an answer.');
    const two = await refused(firstLook, 'stance', [
      ['option', 'adhoc'],
      ['option', 'social'],
    ]);
    expect(textOf(two)).toContain('Choose one answer.');
  });

  it('a ranked vote with the same option twice, with htmx: swapped in place', async () => {
    const res = await refused(
      drawing,
      'priorities',
      [
        ['option', 'trust'],
        ['option', 'trust'],
      ],
      htmx,
    );
    expect(res.body.trimStart().startsWith('<section class="poll"')).toBe(true);
    expect(textOf(res)).toContain('Put each choice in one place only.');
  });

  it('a reason over its length', async () => {
    const long = 'x'.repeat(201);
    const res = await refused(firstLook, 'stance', [
      ['option', 'adhoc'],
      ['reason', long],
    ]);
    expect(textOf(res)).toContain('at most 200 characters');
    expect(res.body).toContain(`value="${long}"`);
    expect(res.body).toMatch(/value="adhoc" checked/);
  });

  it('a vote after the poll closed, also a second one', async () => {
    // "early" closes 3 days after its room opened (2 March): open on the 4th, closed today.
    t.setNow(new Date('2026-03-04T12:00:00Z'));
    expect((await vote(t, s.cookie(0), talk, 'early', [['option', 'yes']])).statusCode).toBe(303);
    t.setNow(new Date('2026-03-10T12:00:00Z'));
    const res = await vote(t, s.cookie(0), talk, 'early', [['option', 'no']]);
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('This poll has closed');
    expect((await votes()).map((v) => v.option)).toEqual(['yes']);
    const closed = await vote(t, s.cookie(1), talk, 'early', [['option', 'no']]);
    expect(closed.statusCode).toBe(422);
    // The closed poll shows no form, but the answer and the (small) results.
    const poll = pollSection((await get(talk)).body, 'early');
    expect(poll).not.toContain('<form');
    expect(textOf(poll)).toContain('Closed on');
    expect(textOf(poll)).toContain('You chose: Yes');
  });

  it('a poll that does not exist, or outside the cohort, is not found', async () => {
    const res = await vote(t, s.cookie(0), firstLook, 'nothing', [['option', 'a']]);
    expect(res.statusCode).toBe(404);
  });
});

describe('leaving and deleting', () => {
  it('deleting the account takes its votes off the tallies', async () => {
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    await vote(t, s.cookie(1), firstLook, 'stance', [['option', 'blended']]);
    const { res } = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'learner0@example.org' },
      s.cookie(0),
    );
    expect(res.statusCode).toBeLessThan(400);
    expect((await votes()).map((v) => v.userId)).toEqual([s.id(1)]);
    const [row] = (await tallies()).filter((r) => r.option === 'blended');
    expect(row?.votes).toBe(1);
  });

  it('leaving the cohort takes its votes off the tallies', async () => {
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    await vote(t, s.cookie(1), firstLook, 'stance', [['option', 'blended']]);
    const { res } = await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, s.cookie(0));
    expect(res.statusCode).toBe(303);
    expect((await votes()).map((v) => v.userId)).toEqual([s.id(1)]);
    const [row] = (await tallies()).filter((r) => r.option === 'blended');
    expect(row?.votes).toBe(1);
  });

  it('a cascade from the user row updates the tallies too', async () => {
    await vote(t, s.cookie(0), drawing, 'tools', [
      ['option', 'paper'],
      ['option', 'wiki'],
    ]);
    await t.database.db.delete(users).where(eq(users.id, s.id(0)));
    expect((await tallies()).map((r) => r.votes)).toEqual([0, 0]);
  });

  it('the export lists every vote with its reason', async () => {
    await vote(t, s.cookie(0), firstLook, 'stance', [
      ['option', 'adhoc'],
      ['reason', 'Nothing planned yet'],
    ]);
    const res = await get('/settings/export');
    const data = JSON.parse(res.body);
    expect(data.pollVotes).toMatchObject([
      { cohort: 'spring', poll: 'stance', option: 'adhoc', reason: 'Nothing planned yet' },
    ]);
  });
});
