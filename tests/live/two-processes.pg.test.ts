// Two app processes on one PostgreSQL behind HAProxy, as production runs past one machine: a
// member whose stream goes through process A sees what is posted through process B (NOTIFY
// reaches every process), and when A dies the member's reconnect goes through B and catches up
// from the last id it saw, with nothing lost and nothing twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveMessages, liveSessions } from '../../db/schema.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { todayIn } from '../../server/core/schedule.ts';
import { buildTestApp, fixtures, root, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import type { TestDatabase } from '../helpers/db.ts';

const page = '/c/spring/live/welcome';
let t: TestApp;
let dir = '';
const children: ChildProcess[] = [];
let base = '';
let ana = '';
let olga = '';

/** A port nobody listens on yet. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A child that has printed `ready` on its output (or fails the run with what it printed). */
function start(command: string, args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
  children.push(child);
  let output = '';
  return new Promise<ChildProcess>((resolve, reject) => {
    const seen = (d: Buffer) => {
      output += d.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${output}`)));
  });
}

/** An app process on the test's database: node itself (tsx as a loader), so a kill kills it. */
const startApp = (port: number) =>
  start(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts'],
    {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: base,
      DATABASE_URL: (t.database as TestDatabase).url ?? '',
      CONTENT_DIR: path.join(fixtures, 'content-valid'),
      DATA_DIR: dir,
      SMTP_URL: '',
      LOG_LEVEL: 'warn',
    },
    /Salon is running/,
  );

/** A request through the load balancer, to process `via` while it is up. */
function through(via: 'a' | 'b', url: string, init: RequestInit & { cookie: string }) {
  return fetch(`${base}${url}`, {
    signal: AbortSignal.timeout(5000),
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: init.cookie, 'x-backend': via },
  });
}

/** Posts a form of the live page through process `via`, as its script does. */
async function postVia(
  via: 'a' | 'b',
  cookie: string,
  action: string,
  fields: Record<string, string>,
) {
  const form = await through(via, page, { cookie });
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const jar = [cookie, ...form.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
  const res = await through(via, `${page}/${action}`, {
    cookie: jar,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-live-post': '1' },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  expect(
    res.status,
    await res
      .clone()
      .text()
      .then((b) =>
        b
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 1500),
      ),
  ).toBeLessThan(400);
}

/** Message ids from a stream, as they arrive, until the stream ends. */
function readStream(res: Response, ids: number[]): Promise<void> {
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return (async () => {
    try {
      for (;;) {
        const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(event)?.[1];
          if (id && /^event: message$/m.test(event)) ids.push(Number(id));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // The process on the other end went away: the stream is over.
    }
  })();
}

/** Waits (polling, no fixed sleep) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const sessionMessages = async () => {
  const [session] = await t.database.db.select().from(liveSessions);
  return (
    await t.database.db
      .select({ id: liveMessages.id })
      .from(liveMessages)
      .where(eq(liveMessages.sessionId, session?.id ?? 0))
      .orderBy(asc(liveMessages.id))
  ).map((m) => m.id);
};

beforeAll(async () => {
  t = await buildTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'salon-two-'));
  // The first room opens today, in real time (the processes keep the real clock), so its live
  // hour is still to come and "start now" opens it.
  await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: todayIn('Europe/Amsterdam'),
  });
  ana = await signIn(t, { email: 'ana@example.org', name: 'Ana', cohorts: ['spring'] });
  olga = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  const [lb, a, b] = await Promise.all([freePort(), freePort(), freePort()]);
  base = `http://127.0.0.1:${lb}`;
  // A down server's use-server rule is skipped, and a refused connection is retried on the
  // other: that is the failover under test.
  const config = path.join(dir, 'haproxy.cfg');
  await writeFile(
    config,
    `defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  option redispatch
  option http-server-close
  retries 2
frontend salon
  bind 127.0.0.1:${lb}
  default_backend apps
backend apps
  balance roundrobin
  option httpchk GET /
  use-server a if { req.hdr(x-backend) -m str a }
  use-server b if { req.hdr(x-backend) -m str b }
  server a 127.0.0.1:${a} check inter 300 fall 1 rise 1
  server b 127.0.0.1:${b} check inter 300 fall 1 rise 1
`,
  );
  await Promise.all([startApp(a), startApp(b)]);
  children.push(spawn('haproxy', ['-db', '-f', config], { stdio: 'ignore' }));
  await until(async () => (await fetch(base).catch(() => null))?.status === 200, 'HAProxy');
}, 90_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a live hour on two processes behind a load balancer', () => {
  it('reaches a member on A from B, and after A dies catches up through B with no gap', async () => {
    await postVia('b', olga, 'start', {});
    const seen: number[] = [];
    const first = await through('a', `${page}/stream?after=0`, { cookie: ana });
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    const reading = readStream(first, seen);

    for (const body of ['one', 'two', 'three']) await postVia('b', ana, 'messages', { body });
    await until(async () => seen.length === (await sessionMessages()).length, 'A to relay B');
    expect(seen.length).toBeGreaterThanOrEqual(3);

    // A dies; what is posted while the member has no stream must still reach them.
    const [appA] = children;
    appA?.kill('SIGKILL');
    await reading;
    for (const body of ['four', 'five']) await postVia('b', ana, 'messages', { body });
    const again = await through('a', `${page}/stream?after=${seen.at(-1)}`, { cookie: ana });
    expect(again.status).toBe(200);
    void readStream(again, seen);
    await until(async () => seen.length === (await sessionMessages()).length, 'the catch-up');
    await postVia('b', ana, 'messages', { body: 'six' });
    await until(async () => seen.length === (await sessionMessages()).length, 'a live one');

    expect(seen).toEqual(await sessionMessages());
    expect(new Set(seen).size).toBe(seen.length);
  }, 60_000);
});
