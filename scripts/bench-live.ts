// The live hour benchmark (part of `npm run bench`): two app processes on one PostgreSQL,
// BENCH_LIVE_CLIENTS member streams split over both (each member signed in with a session of
// their own), and messages posted through both processes at BENCH_LIVE_RATE a second for
// BENCH_LIVE_SECONDS. Every stream must get every message exactly once, in id order; the
// latency is from sending the post to a stream's reading the event. Memory per stream is the
// growth of both servers' RSS from before the streams opened to after, divided by their number.
// Needs PostgreSQL (DATABASE_URL, or TEST_DATABASE_URL): PGlite cannot be shared by two
// processes. A scratch database is created and dropped. BENCH_LIVE=0 skips it.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, gt } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { enrolments, liveMessages, liveSessions, sessions, users } from '../db/schema.ts';
import { createCohort } from '../server/core/cohorts.ts';
import { todayIn } from '../server/core/schedule.ts';
import { sessionLifetimeMs } from '../server/core/sessions.ts';
import { generateToken, hashToken } from '../server/core/tokens.ts';
import { cpuOf as cpuUsOf, root, rssOf, start, stop } from './bench-server.ts';
import { benchBody, checkStream, type LiveStream, openStream, percentile } from './live-streams.ts';
import { createScratchDatabase } from './scratch-db.ts';

const clients = Number(process.env.BENCH_LIVE_CLIENTS ?? 300);
const seconds = Number(process.env.BENCH_LIVE_SECONDS ?? 20);
const rate = Number(process.env.BENCH_LIVE_RATE ?? 10);
const posters = 10;
const ports = [3911, 3912];
const slug = 'bench-live';
const room = 'wie-is-de-knowmad';
const page = `/c/${slug}/live/${room}`;
/** After the last post, what has not arrived once the streams got nothing for this long is lost. */
const stillMs = 5000;
/** …and in any case after this long. */
const drainMs = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** User + system CPU time of a process so far, in milliseconds. */
const cpuOf = async (pid: number | undefined) => (await cpuUsOf(pid)) / 1000;

const startApp = (port: number, env: Record<string, string>) =>
  start(['server/main.ts'], { ...env, PORT: String(port) }, /Salon is running/);

/** A form poster for one member on one process: the page's CSRF token and cookie, once. */
async function poster(port: number, cookie: string) {
  const base = `http://127.0.0.1:${port}`;
  const form = await fetch(`${base}${page}`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error(`no form on the live page (${form.status})`);
  const jar = [cookie, ...form.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
  return (action: string, fields: Record<string, string>) =>
    fetch(`${base}${page}/${action}`, {
      method: 'POST',
      redirect: 'manual',
      // As the page's script posts: the bare answer (204), no redirect and page after it.
      headers: {
        cookie: jar,
        'content-type': 'application/x-www-form-urlencoded',
        'x-live-post': '1',
      },
      body: new URLSearchParams({ _csrf: token, ...fields }),
    });
}

const mb = (n: number) => (n / 2 ** 20).toFixed(0);
const ms = (n: number) => (Number.isFinite(n) ? Math.round(n) : '–');

async function main() {
  if (process.env.BENCH_LIVE === '0') return;
  const only = process.env.BENCH_ONLY;
  if (only && !new RegExp(only).test('live hour streams')) return;
  const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log(
      'live hour streams: skipped (two processes need one PostgreSQL: set DATABASE_URL or TEST_DATABASE_URL)',
    );
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'salon-bench-live-'));
  const scratch = await createScratchDatabase(url, 'salon_bench_live');
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir, poolSize: 2 });
  const apps: ChildProcess[] = [];
  const streams: LiveStream[] = [];
  try {
    await database.migrate();
    const db = database.db;
    // The first room opens today, so its live hour is still to come and "start now" opens it.
    const cohort = await createCohort(db, {
      slug,
      courseId: 'knowmads',
      startsOn: todayIn('Europe/Amsterdam'),
    });
    // Members, each with a session of their own; the last one hosts (an enrolled organiser).
    const people = clients + posters + 1;
    const made = await db
      .insert(users)
      .values(
        Array.from({ length: people }, (_, i) => ({
          email: `live${i}@example.org`,
          name: `Member ${i}`,
          locale: i % 2 ? 'en' : 'nl',
        })),
      )
      .returning({ id: users.id });
    await db.insert(enrolments).values(
      made.map((u, i) => ({
        cohortId: cohort.id,
        userId: u.id,
        role: i === people - 1 ? 'organiser' : 'learner',
      })),
    );
    const tokens = made.map(() => generateToken());
    const expiresAt = new Date(Date.now() + sessionLifetimeMs);
    await db
      .insert(sessions)
      .values(made.map((u, i) => ({ id: hashToken(tokens[i] ?? ''), userId: u.id, expiresAt })));
    const cookies = tokens.map((t) => `salon_session=${t}`);

    const env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${ports[0]}`,
      DATABASE_URL: scratch.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SMTP_URL: '',
      POST_INTERVAL_SECONDS: '0',
    };
    apps.push(...(await Promise.all(ports.map((p) => startApp(p, env)))));
    const pids = apps.map((a) => a.pid);
    const portOf = (i: number) => ports[i % ports.length] ?? 0;

    const host = await poster(portOf(0), cookies[people - 1] ?? '');
    const started = await host('start', {});
    if (started.status >= 400) throw new Error(`starting the hour answered ${started.status}`);
    const [session] = await db
      .select()
      .from(liveSessions)
      .where(eq(liveSessions.cohortId, cohort.id));
    if (!session?.startedAt) throw new Error('the live hour did not start');
    let after = 0;
    const idsNow = async () =>
      (
        await db
          .select({ id: liveMessages.id })
          .from(liveMessages)
          .where(and(eq(liveMessages.sessionId, session.id), gt(liveMessages.id, after)))
          .orderBy(asc(liveMessages.id))
      ).map((r) => r.id);

    // The posters' forms, on both processes, before any stream: their pages are not counted.
    const post = await Promise.all(
      Array.from({ length: posters * ports.length }, (_, i) =>
        poster(portOf(i), cookies[clients + Math.floor(i / ports.length)] ?? ''),
      ),
    );
    // A warm-up round of posts (not timed, before the streams' `after`), so that the first
    // timed ones do not pay for compiling the posting path.
    await Promise.all(post.map((send) => send('messages', { body: 'Warming up.' })));
    after = (await idsNow()).at(-1) ?? 0;
    await sleep(1000);
    const rssBefore = await Promise.all(pids.map(rssOf));

    process.stdout.write(`opening ${clients} streams over ${ports.length} processes… `);
    const opening = performance.now();
    for (let i = 0; i < clients; i += 50) {
      const batch = Array.from({ length: Math.min(50, clients - i) }, (_, j) =>
        openStream(
          `http://127.0.0.1:${portOf(i + j)}${page}/stream?after=${after}`,
          cookies[i + j] ?? '',
        ),
      );
      streams.push(...(await Promise.all(batch)));
    }
    console.log(`${((performance.now() - opening) / 1000).toFixed(1)} s`);
    await sleep(2000);
    const rssOpen = await Promise.all(pids.map(rssOf));

    // A steady rate: post n is due at n / rate seconds, whatever the earlier posts are doing.
    const total = Math.round(seconds * rate);
    const sent: number[] = [];
    const answered: number[] = [];
    const failed: string[] = [];
    const peak = [...rssOpen];
    const sampler = setInterval(async () => {
      const now = await Promise.all(pids.map(rssOf));
      now.forEach((r, i) => {
        peak[i] = Math.max(peak[i] ?? 0, r);
      });
    }, 500);
    process.stdout.write(`posting ${total} messages over ${seconds} s through both processes… `);
    // CPU time, steadier than latency on a shared machine: what the servers and this reader
    // spent while the messages went out.
    const cpuBefore = await Promise.all(pids.map(cpuOf));
    const readerBefore = process.cpuUsage();
    const begin = performance.now();
    const posts: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      const due = begin + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      sent[n] = performance.now();
      const send = post[n % post.length];
      posts.push(
        (send ? send('messages', { body: benchBody(n) }) : Promise.reject(new Error('no poster')))
          .then((res) => {
            answered[n] = performance.now();
            if (res.status !== 204) failed.push(`${res.status}`);
          })
          .catch((err: Error) => {
            failed.push(err.message);
          }),
      );
    }
    await Promise.all(posts);
    console.log('done');
    // Wait (polling) until every stream has every message, or until they have stopped
    // getting any for a while: what is missing then is lost (late ones show in the latency).
    const expected = await idsNow();
    const received = () => streams.reduce((n, s) => n + s.ids.length, 0);
    let progress = performance.now();
    let seen = received();
    const lastPost = progress;
    while (performance.now() - lastPost < drainMs && performance.now() - progress < stillMs) {
      if (streams.every((s) => s.dropped || checkStream(s, expected).lost === 0)) break;
      await sleep(100);
      if (received() > seen) {
        seen = received();
        progress = performance.now();
      }
    }
    const drained = ((performance.now() - lastPost) / 1000).toFixed(1);
    clearInterval(sampler);
    const cpuSpent = (await Promise.all(pids.map(cpuOf))).map((c, i) => c - (cpuBefore[i] ?? 0));
    const reader = process.cpuUsage(readerBefore);
    const wall = performance.now() - begin;
    const cpuPerMessage = cpuSpent.map((c) => (c / Math.max(total, 1)).toFixed(1)).join(' / ');
    const cpuShare = (c: number) => `${Math.round((100 * c) / wall)} %`;
    const rssEnd = await Promise.all(pids.map(rssOf));
    // The machine is shared: how busy it was says how far to trust the latencies.
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');

    const toClient: number[] = [];
    const fromAnswer: number[] = [];
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    let clientsWrong = 0;
    let bytes = 0;
    let events = 0;
    for (const s of streams) {
      const c = checkStream(s, expected);
      lost += c.lost;
      duplicated += c.duplicated;
      outOfOrder += c.outOfOrder;
      if (c.lost || c.duplicated || c.outOfOrder) clientsWrong++;
      for (const [n, at] of s.arrivals) {
        const from = sent[n];
        const to = answered[n];
        if (from !== undefined) toClient.push(at - from);
        if (to !== undefined) fromAnswer.push(at - to);
      }
      bytes += s.messageBytes;
      events += s.ids.length;
    }
    const postTimes = answered.map((a, n) => a - (sent[n] ?? a));
    const dropped = streams.filter((s) => s.dropped).length;
    const perStream =
      (rssOpen.reduce((a, b) => a + b, 0) - rssBefore.reduce((a, b) => a + b, 0)) / clients;
    const p50 = percentile(toClient, 50);
    const p99 = percentile(toClient, 99);
    const max = percentile(toClient, 100);
    const ok = p99 <= 1000 && lost === 0 && duplicated === 0 && outOfOrder === 0 && dropped === 0;
    const rss = pids
      .map((_, i) => `${mb(rssBefore[i] ?? 0)} → ${mb(rssOpen[i] ?? 0)} → ${mb(peak[i] ?? 0)}`)
      .join(' / ');
    const row = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${clients} | ${seconds} s × ${rate}/s (${expected.length} messages) | ${ms(p50)} / ${ms(p99)} / ${ms(max)} | ${ms(percentile(fromAnswer, 50))} / ${ms(percentile(fromAnswer, 99))} | ${lost} | ${duplicated} | ${outOfOrder} | ${dropped} | ${failed.length} | ${(perStream / 1024).toFixed(0)} KB | ${rss} | ${events ? Math.round(bytes / events) : '–'} B | ${cpuPerMessage} | ${load} | ${ok ? 'met' : 'NOT met'} |`;
    console.log(
      [
        `${clients} streams (${streams.length} open), ${expected.length} messages (${total} posted, ${failed.length} failed${failed.length ? `: ${[...new Set(failed)].join(', ')}` : ''})`,
        `sent → client: p50 ${ms(p50)} ms, p99 ${ms(p99)} ms, max ${ms(max)} ms (${toClient.length} deliveries); answered → client: p50 ${ms(percentile(fromAnswer, 50))} ms, p99 ${ms(percentile(fromAnswer, 99))} ms`,
        `post → answer: p50 ${ms(percentile(postTimes, 50))} ms, p99 ${ms(percentile(postTimes, 99))} ms`,
        `deliveries ended ${drained} s after the last post was answered`,
        `lost ${lost}, duplicated ${duplicated}, out of order ${outOfOrder} (${clientsWrong} streams wrong), dropped streams ${dropped}`,
        `RSS per process (MB, before streams → streams open → peak): ${rss}; end ${rssEnd.map(mb).join(' / ')}; ${(perStream / 1024).toFixed(0)} KB per stream`,
        `server CPU per message (A / B): ${cpuPerMessage} ms, ${cpuSpent.map(cpuShare).join(' / ')} of a core; this reader ${cpuShare((reader.user + reader.system) / 1000)}`,
        `load average during the run: ${load}`,
        `message event: ${events ? Math.round(bytes / events) : '–'} bytes on average`,
        `goal (p99 ≤ 1 s, 0 lost, 0 duplicated, 0 out of order, 0 dropped): ${ok ? 'met' : 'NOT met'}`,
      ].join('\n'),
    );
    if (process.env.BENCH_LIVE_RECORD !== '0') await record(row);
  } finally {
    for (const s of streams) s.close();
    await Promise.all(apps.map(stop));
    await database.close();
    await scratch.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const heading = '## Live hour streams';

/** Adds the run as the newest row of the "Live hour streams" table in docs/benchmarks.md. */
async function record(row: string) {
  const file = path.join(root, 'docs/benchmarks.md');
  const text = await readFile(file, 'utf8');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const tableHead =
    '| UTC | streams | posting | sent → client p50 / p99 / max ms | answered → client p50 / p99 ms | lost | dup | out of order | dropped | failed posts | memory per stream | RSS A / B MB (before → open → peak) | message event | server CPU ms per message A / B | load 1 / 5 / 15 min | goal |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|';
  let next: string;
  const at = text.indexOf(`\n${heading}\n`);
  if (at >= 0) {
    const head = text.indexOf(tableHead, at);
    if (head < 0) throw new Error(`no table under "${heading}" in docs/benchmarks.md`);
    const end = head + tableHead.length;
    next = `${text.slice(0, end)}\n${row}${text.slice(end)}`;
  } else {
    const section = [
      heading,
      '',
      `Written by \`npm run bench:live\` (part of \`npm run bench\`; newest row first). Two app processes (\`server/main.ts\`, production mode) on one PostgreSQL, member streams split over both, each member with a session of their own; messages posted through both processes in turn at a steady rate, as the page's script posts them. Goal: every message reaches every stream within 1 s (p99), none lost, none twice, all in id order, no stream dropped. Latency is from sending the post to the stream's reading the event; "answered" is from the post's 204. Memory per stream: growth of both servers' RSS from before the streams opened to after, ÷ streams. Machine: 2 shared cores (${cpu}, ${os.cpus().length} cores shared with other work, ${Math.round(os.totalmem() / 2 ** 30)} GiB), Node ${process.version}; the streams' reader, both servers and PostgreSQL all on it. Command: \`BENCH_LIVE_CLIENTS=<streams> BENCH_LIVE_SECONDS=<s> TEST_DATABASE_URL=postgres://… npm run bench:live\`.`,
      '',
      tableHead,
      row,
      '',
    ].join('\n');
    const first = text.indexOf('\n## ');
    next =
      first < 0
        ? `${text}\n${section}`
        : `${text.slice(0, first + 1)}${section}\n${text.slice(first + 1)}`;
  }
  await writeFile(file, next);
  console.log(`Recorded in docs/benchmarks.md (${heading})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
