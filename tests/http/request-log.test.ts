// Request logs: a line for server errors, refusals that point at trouble and slow responses;
// nothing for the everyday requests (pages, redirects, 404s, form errors).
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestLogChoice, requestLogPlugin } from '../../server/http/request-log.ts';

describe('which requests are logged', () => {
  it('chooses errors, notable refusals and slow requests', () => {
    expect(requestLogChoice(200, 12, 1000)).toBeNull();
    expect(requestLogChoice(303, 12, 1000)).toBeNull();
    expect(requestLogChoice(404, 12, 1000)).toBeNull();
    expect(requestLogChoice(422, 12, 1000)).toBeNull();
    expect(requestLogChoice(500, 12, 1000)).toBe('error');
    expect(requestLogChoice(503, 12, 1000)).toBe('error');
    expect(requestLogChoice(403, 12, 1000)).toBe('refused');
    expect(requestLogChoice(429, 12, 1000)).toBe('refused');
    expect(requestLogChoice(413, 12, 1000)).toBe('refused');
    expect(requestLogChoice(200, 1000, 1000)).toBe('slow');
    expect(requestLogChoice(404, 2500, 1000)).toBe('slow');
  });

  /** A small app with the plugin; returns the JSON lines it logged for `urls`. */
  async function logsOf(slowMs: number, urls: string[]) {
    const lines: { level: number; msg: string; status?: number; url?: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream }, disableRequestLogging: true });
    await app.register(requestLogPlugin, { slowMs });
    app.get('/ok', async () => 'fine');
    app.get('/missing', async (_request, reply) => reply.code(404).send('no'));
    app.get('/limited', async (_request, reply) => reply.code(429).send('wait'));
    app.get('/broken', async (_request, reply) => reply.code(500).send('oops'));
    for (const url of urls) await app.inject({ url });
    await app.close();
    return lines;
  }

  it('writes one info line for those and none for the rest', async () => {
    const lines = await logsOf(60_000, ['/ok', '/missing', '/limited', '/broken']);
    const logged = lines.filter((l) => l.url);
    expect(logged.map((l) => [l.url, l.status, l.level])).toEqual([
      ['/limited', 429, 30],
      ['/broken', 500, 30],
    ]);
    expect(logged[0]?.msg).toMatch(/^GET \/limited → 429 in \d+ ms \(refused\)$/);
    expect(lines.some((l) => /incoming request|request completed/.test(l.msg))).toBe(false);
  });

  it('logs an everyday request that took longer than the threshold', async () => {
    // A threshold of 0 makes every request slow, without a test that depends on timing.
    const logged = (await logsOf(0, ['/ok'])).filter((l) => l.url);
    expect(logged.map((l) => [l.url, l.status])).toEqual([['/ok', 200]]);
    expect(logged[0]?.msg).toMatch(/\(slow\)$/);
  });
});
