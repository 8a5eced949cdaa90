// npm run bench:memory: does Salon's memory hold under a long mixed load? Pages (room,
// exhibits, cohort home), comments posted, likes given and taken back, and live-hour streams
// that are opened and dropped, for BENCH_MEMORY_MINUTES (10). The server's resident memory is
// read every 5 s; the goal is that the last minute lies no more than 10 % above the second
// (after the first, caches are filled and the JIT warm). PostgreSQL when DATABASE_URL is set (a scratch database),
// else PGlite in a temporary folder. Prints a Markdown section for docs/benchmarks.md.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createBenchCohort, median, rssOf, start, stop } from './bench-server.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-db.ts';
import { signInThroughMail } from './sign-in.ts';

const minutes = Number(process.env.BENCH_MEMORY_MINUTES ?? 10);
const streamCount = Number(process.env.BENCH_MEMORY_STREAMS ?? 40);
// Pages a second: enough to turn every cache over many times; memory, not speed, is measured.
const pageRate = Number(process.env.BENCH_MEMORY_RATE ?? 300);
const port = 3905;
const base = `http://127.0.0.1:${port}`;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** A live-hour stream read and thrown away, until `close` is called. */
function openStream(url: string, cookie: string): { close(): void } {
  const abort = new AbortController();
  fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal })
    .then(async (res) => {
      const reader = res.body?.getReader();
      for (;;) if ((await reader?.read())?.done !== false) break;
    })
    .catch(() => {});
  return { close: () => abort.abort() };
}

async function main() {
  const url = process.env.DATABASE_URL;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'salon-memory-'));
  let scratch: ScratchDatabase | null = null;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: base,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SMTP_URL: '',
    POST_INTERVAL_SECONDS: '0',
    LIKES_PER_DAY: '100000',
    DATABASE_URL: '',
  };
  if (url) {
    scratch = await createScratchDatabase(url, 'salon_memory');
    env.DATABASE_URL = scratch.url;
  }
  let salon: ChildProcess | null = null;
  const streams: { close(): void }[] = [];
  try {
    const slug = 'knowmads-bench';
    const seeded = await createBenchCohort(env, slug);
    salon = await start(['server/main.ts'], env, /Salon is running/);
    const session = await signInThroughMail(base, dataDir, `/c/${slug}`, 'memory@example.org');
    const room = `${base}/c/${slug}/${seeded.room}`;
    const thread = (i: number) => `${room}/${seeded.exhibits[i]}`;
    const page = await fetch(thread(2), { headers: { cookie: session } });
    const html = await page.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const cookie = [session, ...page.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    const ids = [...new Set([...html.matchAll(/\/comments\/(\d+)\/like/g)].map((m) => m[1]))];
    if (!token || !ids.length) throw new Error('no comment form or likes on the 10-comment page');
    const form = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const browser = { cookie, 'accept-encoding': 'gzip, deflate, br, zstd', accept: 'text/html' };
    const body = (fields: Record<string, string>) =>
      new URLSearchParams({ _csrf: token, ...fields }).toString();
    const seconds = Math.round(minutes * 60);

    const pages = autocannon({
      url: base,
      connections: 20,
      overallRate: pageRate,
      duration: seconds,
      headers: browser,
      requests: [
        { path: new URL(room).pathname },
        { path: new URL(thread(0)).pathname },
        { path: new URL(thread(2)).pathname },
        { path: `/c/${slug}` },
      ],
    });
    // Writes at a learner's pace, not flat out: a thread that grows by thousands a second
    // would measure the thread, not whether memory is kept.
    const posts = autocannon({
      url: `${thread(3)}/comments`,
      connections: 1,
      overallRate: 5,
      duration: seconds,
      method: 'POST',
      headers: form,
      body: body({
        body: 'A comment from the *memory* bench, with [a link](https://example.org/).',
      }),
    });
    const likes = autocannon({
      url: base,
      connections: 1,
      overallRate: 10,
      duration: seconds,
      requests: ids.flatMap((id) =>
        ['on', 'off'].map((like) => ({
          path: `/comments/${id}/like`,
          method: 'POST' as const,
          headers: form,
          body: body({ like }),
        })),
      ),
    });
    // Live streams: held open, and every 10 s a few are dropped and opened again.
    const streamUrl = `${base}/c/${slug}/live/${seeded.room}/stream`;
    for (let i = 0; i < streamCount; i++) streams.push(openStream(streamUrl, cookie));
    const samples: { at: number; rss: number }[] = [];
    const began = Date.now();
    let tick = 0;
    const timer = setInterval(async () => {
      samples.push({ at: (Date.now() - began) / 1000, rss: await rssOf(salon?.pid) });
      if (++tick % 2 === 0) {
        for (let i = 0; i < 5; i++) {
          streams.shift()?.close();
          streams.push(openStream(streamUrl, cookie));
        }
      }
    }, 5000);
    const [p, w, l] = await Promise.all([pages, posts, likes]);
    clearInterval(timer);
    // RSS moves by tens of MB with each major collection: compare the median of a minute's
    // twelve readings, the second minute against the last.
    const minuteMedians: number[] = [];
    for (let m = 0; m * 60 < seconds; m++) {
      const inMinute = samples.filter((s) => s.at > m * 60 && s.at <= (m + 1) * 60);
      if (inMinute.length) minuteMedians.push(median(inMinute.map((s) => s.rss)));
    }
    // The base is the minute after the first: by then the caches and the JIT have settled.
    const first = minuteMedians[1] ?? minuteMedians[0];
    const end = minuteMedians.at(-1);
    if (first === undefined || end === undefined) throw new Error('no memory samples');
    const peak = Math.max(...samples.map((s) => s.rss));
    const growth = end / first - 1;
    const errors = (r: autocannon.Result, post: boolean) =>
      r.errors + r.non2xx - (post ? (r['3xx'] ?? 0) : 0);
    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · memory under mixed load · ${url ? 'PostgreSQL' : 'PGlite'}`,
      '',
      `Machine: ${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, Node ${process.version}. Command: \`${url ? 'DATABASE_URL=… ' : ''}BENCH_MEMORY_MINUTES=${minutes} npm run -s bench:memory\`. ${minutes} min of: pages at ${pageRate}/s (room, two exhibits, cohort home, as Chromium asks), comments at 5/s, likes and unlikes at 10/s, ${streamCount} live-hour streams with 5 dropped and reopened every 10 s.`,
      '',
      '| | requests | errors |',
      '|---|---:|---:|',
      `| pages | ${p.requests.total} | ${errors(p, false)} |`,
      `| comments posted | ${w.requests.total} | ${errors(w, true)} |`,
      `| likes | ${l.requests.total} | ${errors(l, true)} |`,
      '',
      `RSS (median of each minute's readings) in the second minute ${mb(first)} MB, in the last ${mb(end)} MB (${growth >= 0 ? '+' : ''}${(100 * growth).toFixed(1)} %), peak ${mb(peak)} MB. Goal: the last minute no more than 10 % above the second (less is memory given back, not lost): ${growth <= 0.1 ? 'met' : 'NOT met'}.`,
      '',
      `RSS per minute, median (MB): ${minuteMedians.map(mb).join(', ')}`,
      '',
    ];
    console.log(lines.join('\n'));
  } finally {
    for (const s of streams) s.close();
    if (salon) await stop(salon);
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
