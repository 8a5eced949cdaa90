import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { liveMessages, liveSessions } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { act, at, page, post, type Seeded, seed } from './setup.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t);
});

const messages = () => t.database.db.select().from(liveMessages).orderBy(asc(liveMessages.id));
const session = async () => (await t.database.db.select().from(liveSessions))[0];

describe('the live hour before it starts', () => {
  it('shows the plan, its time in the cohort’s zone and the questions beforehand', async () => {
    const res = await t.app.inject({ url: page, headers: { cookie: s.ana } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = textOf(res);
    expect(text).toContain('The opening live hour');
    expect(text).toContain('Europe/Amsterdam');
    expect(text).toContain('Question 2 (15 minutes): What do you hope to find?');
    expect(text).toContain('Questions beforehand');
  });

  it('refuses messages before the start with a clear message, text kept', async () => {
    const { res } = await post(t, s.ana, 'Am I early?');
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('The live hour has not started yet');
    expect(res.body).toContain('Am I early?');
  });

  it('takes questions beforehand and one vote per member', async () => {
    const { res } = await act(t, s.ana, 'questions', { body: 'How do you keep up?' });
    expect(res.statusCode).toBe(303);
    const empty = await act(t, s.bo, 'questions', { body: '   ' });
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res)).toContain('Write your question first.');
    const list = await t.app.inject({ url: page, headers: { cookie: s.bo } });
    const vote = /action="([^"]+\/vote)"/.exec(list.body)?.[1] ?? '';
    await act(t, s.bo, vote.replace(`${page}/`, ''));
    const after = textOf(await t.app.inject({ url: page, headers: { cookie: s.ana } }));
    expect(after).toMatch(/How do you keep up\? Ana\s+1 vote/);
    await act(t, s.bo, vote.replace(`${page}/`, ''));
    expect(textOf(await t.app.inject({ url: page, headers: { cookie: s.ana } }))).toContain(
      '0 votes',
    );
  });

  it('lets no one outside the cohort in', async () => {
    const res = await t.app.inject({ url: page, headers: { cookie: s.outsider } });
    expect(res.statusCode).toBe(403);
    const stream = await t.app.inject({ url: `${page}/stream`, headers: { cookie: s.outsider } });
    expect(stream.statusCode).toBe(403);
  });
});

describe('the plan runs itself', () => {
  it('starts on the tick, releases each step at its time and tags every message', async () => {
    t.setNow(at(0));
    await t.app.ticks.tick();
    expect((await session())?.step).toBe(0);
    let rows = await messages();
    expect(rows.map((m) => [m.kind, m.step, m.bodyMd])).toEqual([
      ['question', 0, 'Say who you are and where you are.'],
    ]);
    const first = await post(t, s.ana, 'Ana, *from Utrecht*.');
    expect(first.res.statusCode).toBe(303);
    t.setNow(at(4));
    await t.app.ticks.tick();
    expect((await session())?.step).toBe(0);
    t.setNow(at(5));
    await t.app.ticks.tick();
    expect((await session())?.step).toBe(1);
    await post(t, s.bo, 'Curiosity.');
    // A reply answers the message it replies to: the icebreaker, not question 1.
    const ice = (await messages()).find((m) => m.bodyMd.startsWith('Ana'));
    await post(t, s.bo, 'Hi Ana!', { reply_to: String(ice?.id) });
    rows = await messages();
    expect(rows.map((m) => [m.kind, m.step, m.replyTo !== null])).toEqual([
      ['question', 0, false],
      ['message', 0, false],
      ['question', 1, false],
      ['message', 1, false],
      ['message', 0, true],
    ]);
    expect(rows[1]?.bodyHtml).toContain('<p>Ana, <em>from Utrecht</em>.</p>');
    const text = textOf(await t.app.inject({ url: page, headers: { cookie: s.ana } }));
    expect(text).toContain('Now: Question 1: What brought you here?');
    expect(text).toContain('Icebreaker Ana');
  });

  it('lets the host release early, skip, extend and end, and nobody else', async () => {
    t.setNow(at(0));
    await t.app.ticks.tick();
    const learner = await act(t, s.ana, 'plan', { action: 'next' });
    expect(learner.res.statusCode).toBe(403);
    await act(t, s.olga, 'plan', { action: 'next' });
    expect((await session())?.step).toBe(1);
    await act(t, s.olga, 'plan', { action: 'extend' });
    expect((await session())?.stepExtraMinutes).toBe(5);
    // Ten minutes plus five: the tick leaves question 1 alone at minute 12.
    t.setNow(at(12));
    await t.app.ticks.tick();
    expect((await session())?.step).toBe(1);
    // Skip question 2: straight on to the closing question.
    await act(t, s.olga, 'plan', { action: 'skip' });
    expect((await session())?.step).toBe(3);
    expect((await messages()).at(-1)?.bodyMd).toBe('What do you take away?');
    await act(t, s.olga, 'plan', { action: 'end' });
    expect((await session())?.endedAt).not.toBeNull();
    const { res } = await post(t, s.ana, 'Too late?');
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('The live hour is over');
    expect(textOf(await t.app.inject({ url: page, headers: { cookie: s.ana } }))).toContain(
      'This live hour is over.',
    );
  });

  it('ends by itself when its hour is up', async () => {
    t.setNow(at(0));
    await t.app.ticks.tick();
    t.setNow(at(61));
    await t.app.ticks.tick();
    expect((await session())?.endedAt).not.toBeNull();
    // The page no longer says what is on now, nor offers a stream to pause.
    const over = await t.app.inject({ url: page, headers: { cookie: s.ana } });
    expect(over.body).toContain('data-stream=""');
    expect(over.body).not.toContain('id="live-now"');
  });

  it('starts early from the desk (start now)', async () => {
    const desk = await t.app.inject({
      url: '/c/spring/organise/live',
      headers: { cookie: s.olga },
    });
    expect(desk.statusCode).toBe(200);
    expect(textOf(desk)).toContain('The opening live hour');
    const { res } = await (await import('../helpers/auth.ts')).submit(
      t.app,
      '/c/spring/organise/live',
      '/c/spring/organise/live/welcome/start',
      {},
      s.olga,
    );
    expect(res.statusCode).toBe(303);
    expect((await session())?.startedAt?.toISOString()).toBe(at(-60).toISOString());
    expect((await messages())[0]?.kind).toBe('question');
  });

  it('moves a session on the desk, refusing a time that is not one', async () => {
    const { submit } = await import('../helpers/auth.ts');
    const bad = await submit(
      t.app,
      '/c/spring/organise/live',
      '/c/spring/organise/live/welcome/move',
      { starts_at: 'next friday' },
      s.olga,
    );
    expect(bad.res.statusCode).toBe(422);
    expect(bad.res.body).toContain('next friday');
    await submit(
      t.app,
      '/c/spring/organise/live',
      '/c/spring/organise/live/welcome/move',
      { starts_at: '2026-03-05T21:00' },
      s.olga,
    );
    expect((await session())?.startsAt?.toISOString()).toBe('2026-03-05T20:00:00.000Z');
    t.setNow(at(0));
    await t.app.ticks.tick();
    expect((await session())?.startedAt).toBeNull();
  });
});

describe('the live hour on the room page', () => {
  const panel = async () => {
    const res = await t.app.inject({ url: '/c/spring/welcome', headers: { cookie: s.ana } });
    return /<section class="panel live-panel"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
  };

  it('shows a move, a start and an end at once, though it keeps the hour a few seconds', async () => {
    expect(await panel()).toContain('datetime="2026-03-03T19:00:00.000Z"');
    const { submit } = await import('../helpers/auth.ts');
    await submit(
      t.app,
      '/c/spring/organise/live',
      '/c/spring/organise/live/welcome/move',
      { starts_at: '2026-03-05T21:00' },
      s.olga,
    );
    expect(await panel()).toContain('datetime="2026-03-05T20:00:00.000Z"');
    await submit(
      t.app,
      '/c/spring/organise/live',
      '/c/spring/organise/live/welcome/start',
      {},
      s.olga,
    );
    const running = await panel();
    expect(running).toContain(`datetime="${at(-60).toISOString()}"`);
    expect(running).toContain('badge success');
    await act(t, s.olga, 'plan', { action: 'end' });
    expect(await panel()).not.toContain('badge success');
  });
});

describe('facilitating', () => {
  beforeEach(async () => {
    t.setNow(at(0));
    await t.app.ticks.tick();
  });

  it('slow mode: one message per member per N seconds, the text kept', async () => {
    await act(t, s.olga, 'slow', { seconds: '30' });
    await post(t, s.ana, 'One.');
    t.setNow(at(0.25));
    const { res } = await post(t, s.ana, 'Two, too soon.');
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Slow mode: wait 15 more seconds');
    expect(res.body).toContain('Two, too soon.');
    t.setNow(at(0.5));
    expect((await post(t, s.ana, 'Two.')).res.statusCode).toBe(303);
    // The script gets the form alone back.
    t.setNow(at(0.6));
    const bare = await post(t, s.ana, 'Three.', {});
    expect(bare.res.statusCode).toBe(422);
  });

  it('highlights onto the rail, welcomes a first voice, hides and takes reports', async () => {
    await post(t, s.ana, 'Hello from Ana');
    const ana = (await messages()).find((m) => m.authorId === s.ids.ana);
    const id = String(ana?.id);
    expect((await act(t, s.bo, `messages/${id}/highlight`)).res.statusCode).toBe(403);
    await act(t, s.olga, `messages/${id}/highlight`);
    await act(t, s.olga, `messages/${id}/welcome`);
    const text = textOf(await t.app.inject({ url: page, headers: { cookie: s.bo } }));
    expect(text).toMatch(/Highlighted Icebreaker Ana \d\d:\d\d Hello from Ana/);
    expect(text).toContain('Welcome, Ana! Good to have you here: you are seen.');
    const welcome = (await messages()).at(-1);
    expect([welcome?.kind, welcome?.replyTo]).toEqual(['welcome', ana?.id]);
    await act(t, s.bo, `messages/${id}/flag`);
    expect(textOf(await t.app.inject({ url: page, headers: { cookie: s.olga } }))).toContain(
      'reported 1×',
    );
    await act(t, s.olga, `messages/${id}/hide`);
    expect(textOf(await t.app.inject({ url: page, headers: { cookie: s.bo } }))).not.toContain(
      'Hello from Ana',
    );
  });

  it('keeps the comment limits', async () => {
    const { res } = await post(t, s.ana, 'x'.repeat(10_001));
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('at most 10000 characters');
    const empty = await post(t, s.ana, '   ');
    expect(textOf(empty.res)).toContain('Write a message first.');
    await post(t, s.ana, '<script>alert(1)</script>');
    expect((await messages()).at(-1)?.bodyHtml).not.toContain('<script>');
  });

  it('shows the latest hundred and earlier ones on demand', async () => {
    const [row] = await t.database.db.select().from(liveSessions);
    const values = Array.from({ length: 150 }, (_, i) => ({
      sessionId: row?.id ?? 0,
      authorId: s.ids.bo,
      step: 0,
      bodyMd: `message ${i}`,
      bodyHtml: `<p>message ${i}</p>`,
    }));
    await t.database.db.insert(liveMessages).values(values);
    const res = await t.app.inject({ url: page, headers: { cookie: s.ana } });
    expect((res.body.match(/class="live-message /g) ?? []).length).toBe(100);
    expect(res.body).toContain('message 149');
    expect(res.body).not.toContain('message 49<');
    const earlier = /href="([^"]+\?before=\d+)"/.exec(res.body)?.[1] ?? '';
    const back = await t.app.inject({
      url: earlier.replace(/&amp;/g, '&'),
      headers: { cookie: s.ana },
    });
    expect(back.body).toContain('message 49<');
  });
});
