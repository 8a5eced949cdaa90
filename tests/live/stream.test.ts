// The stream through a real listening server and fetch (inject cannot hold a response open):
// order, catch-up by id, membership on open, and closing when a member is removed or the
// hour ends. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { leaveCohort } from '../../server/core/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { act, at, page, post, type Seeded, seed } from './setup.ts';

let t: TestApp;
let s: Seeded;
let origin = '';
beforeAll(async () => {
  t = await buildTestApp();
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t);
  t.setNow(at(0));
  await t.app.ticks.tick();
});

interface Event {
  event: string;
  id: number | null;
  data: string;
}

/** An open stream: events as they arrive, and whether the server ended it. */
async function open(cookie: string, after = 0) {
  const controller = new AbortController();
  const res = await fetch(`${origin}${page}/stream?after=${after}`, {
    headers: { cookie },
    signal: controller.signal,
  });
  const events: Event[] = [];
  let ended = false;
  const waiters: (() => void)[] = [];
  if (res.status === 200 && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const lines = block.split('\n');
            const field = (name: string) =>
              lines.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
            const event = field('event')[0];
            if (event)
              events.push({
                event,
                id: field('id')[0] ? Number(field('id')[0]) : null,
                data: field('data').join('\n'),
              });
            cut = buffer.indexOf('\n\n');
          }
          for (const w of waiters.splice(0)) w();
        }
      } catch {
        // aborted
      }
      ended = true;
      for (const w of waiters.splice(0)) w();
    })();
  }
  const until = async (check: () => boolean, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out; events: ${JSON.stringify(events)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return {
    res,
    events,
    messages: () => events.filter((e) => e.event === 'message'),
    ended: () => ended,
    until,
    close: () => controller.abort(),
  };
}

describe('the live stream', () => {
  it('is an event stream that proxies do not buffer and caches do not keep', async () => {
    const stream = await open(s.ana);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.res.headers.get('cache-control')).toContain('no-cache');
    expect(stream.res.headers.get('content-encoding')).toBeNull();
    // From the start: the icebreaker the tick released.
    await stream.until(() => stream.messages().length === 1);
    expect(stream.messages()[0]?.data).toContain('Say who you are and where you are.');
    stream.close();
  });

  it('refuses people outside the cohort (403) and sends visitors to sign in', async () => {
    const outsider = await fetch(`${origin}${page}/stream`, { headers: { cookie: s.outsider } });
    expect(outsider.status).toBe(403);
    const visitor = await fetch(`${origin}${page}/stream`, { redirect: 'manual' });
    expect(visitor.status).toBe(303);
  });

  it('delivers messages to every member in order, each once', async () => {
    const ana = await open(s.ana);
    const bo = await open(s.bo);
    await ana.until(() => ana.messages().length === 1);
    await bo.until(() => bo.messages().length === 1);
    for (let i = 1; i <= 5; i++) await post(t, i % 2 ? s.ana : s.bo, `number ${i}`);
    await ana.until(() => ana.messages().length === 6);
    await bo.until(() => bo.messages().length === 6);
    for (const stream of [ana, bo]) {
      const ids = stream.messages().map((m) => m.id ?? 0);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(6);
      expect(stream.messages().map((m) => /number (\d)/.exec(m.data)?.[1] ?? '-')).toEqual([
        '-',
        '1',
        '2',
        '3',
        '4',
        '5',
      ]);
    }
    // Facilitators get their buttons, members theirs; forms carry no one's token.
    const olga = await open(s.olga);
    await olga.until(() => olga.messages().length === 6);
    expect(olga.messages()[1]?.data).toContain('/highlight');
    expect(ana.messages()[2]?.data).not.toContain('/highlight');
    expect(ana.messages()[2]?.data).toContain('name="_csrf" value=""');
    for (const x of [ana, bo, olga]) x.close();
  });

  it('catches up from the last id in the URL: no gap, no duplicate', async () => {
    const first = await open(s.ana);
    await post(t, s.bo, 'one');
    await first.until(() => first.messages().length === 2);
    const lastSeen = first.messages().at(-1)?.id ?? 0;
    first.close();
    await post(t, s.bo, 'two');
    await post(t, s.bo, 'three');
    const again = await open(s.ana, lastSeen);
    await again.until(() => again.messages().length === 2);
    await post(t, s.bo, 'four');
    await again.until(() => again.messages().length === 3);
    expect(again.messages().map((m) => /<p>(\w+)<\/p>/.exec(m.data)?.[1])).toEqual([
      'two',
      'three',
      'four',
    ]);
    expect(again.messages()[0]?.id).toBe(lastSeen + 1);
    again.close();
  });

  it('sends a message without the partial’s indentation, its own whitespace kept', async () => {
    const bo = await open(s.bo);
    await post(t, s.ana, 'A *small* point:\n\n```\nfirst\n    indented\n```');
    await bo.until(() => bo.messages().length === 2);
    const data = bo.messages()[1]?.data ?? '';
    expect(data).toContain('<em>small</em>');
    expect(data).toContain('first\n    indented');
    expect(data).toContain('/flag');
    expect(data).toMatch(/^<li id="m-\d+"/);
    // The partial's tags are one space apart at most, as the page shows them.
    const around = data.replace(/<div class="prose"[^>]*>[\s\S]*?<\/div>/, '<div></div>');
    expect(around).not.toMatch(/>\s\s+</);
    expect(around).not.toContain('\n');
    expect(data).toMatch(/<\/span> <strong><bdi>Ana<\/bdi><\/strong>/);
    bo.close();
  });

  it('passes on highlights, hiding and the host’s next question', async () => {
    const bo = await open(s.bo);
    await post(t, s.ana, 'worth lifting');
    await bo.until(() => bo.messages().length === 2);
    const id = bo.messages()[1]?.id;
    await act(t, s.olga, `messages/${id}/highlight`);
    await bo.until(() => bo.events.some((e) => e.event === 'highlight'));
    expect(bo.events.find((e) => e.event === 'highlight')?.data).toContain('worth lifting');
    await act(t, s.olga, `messages/${id}/hide`);
    await bo.until(() => bo.events.some((e) => e.event === 'hide'));
    expect(bo.events.find((e) => e.event === 'hide')?.data).toBe(String(id));
    await act(t, s.olga, 'plan', { action: 'next' });
    await bo.until(() => bo.messages().length === 3);
    expect(bo.messages()[2]?.data).toContain('data-kind="question"');
    bo.close();
  });

  it('sends the “now” box anew when the host extends the step or sets slow mode', async () => {
    const ana = await open(s.ana);
    const olga = await open(s.olga);
    await ana.until(() => ana.messages().length === 1);
    await olga.until(() => olga.messages().length === 1);
    const steps = (x: typeof ana) => x.events.filter((e) => e.event === 'step');
    await act(t, s.olga, 'plan', { action: 'extend' });
    await ana.until(() => steps(ana).length === 1);
    const extended = steps(ana)[0]?.data ?? '';
    expect(extended).toMatch(/^<div class="live-now" id="live-now"/);
    expect(extended).toContain('Icebreaker: Say who you are and where you are.');
    // Five minutes for the icebreaker from 20:00, and five more.
    expect(extended).toContain('until 20:10');
    expect(extended).not.toContain('Slow mode');

    await act(t, s.olga, 'slow', { seconds: '30' });
    await ana.until(() => steps(ana).length === 2);
    await olga.until(() => steps(olga).length === 2);
    const slow = steps(ana)[1]?.data ?? '';
    expect(slow).toContain('data-slow="30"');
    expect(slow).toContain('data-slow-hint="Slow mode: one message per 30 seconds per person."');
    // The host sees it is on, but the hint for the message form is not for them.
    expect(steps(olga)[1]?.data).toContain('Slow mode: one message per 30 seconds');
    expect(steps(olga)[1]?.data).toContain('data-slow-hint=""');

    await act(t, s.olga, 'plan', { action: 'next' });
    await ana.until(() => steps(ana).length === 3);
    expect(steps(ana)[2]?.data).toContain('Question 1: What brought you here?');
    expect(steps(ana)[2]?.data).toContain('until 20:10');
    for (const x of [ana, olga]) x.close();
  });

  it('closes a removed member’s stream, and everyone’s when the hour ends', async () => {
    const ana = await open(s.ana);
    const bo = await open(s.bo);
    await ana.until(() => ana.messages().length === 1);
    await bo.until(() => bo.messages().length === 1);
    await t.app.membership.depart(
      t.database.db,
      { cohortId: s.cohortId, userId: s.ids.ana, reason: 'removed', at: at(1) },
      (tx) => leaveCohort(tx, s.cohortId, s.ids.ana),
    );
    await ana.until(() => ana.ended());
    expect(ana.events.at(-1)?.event).toBe('gone');
    expect(bo.ended()).toBe(false);
    const again = await fetch(`${origin}${page}/stream`, { headers: { cookie: s.ana } });
    expect(again.status).toBe(403);
    await act(t, s.olga, 'plan', { action: 'end' });
    await bo.until(() => bo.ended());
    expect(bo.events.at(-1)?.event).toBe('end');
  });
});
