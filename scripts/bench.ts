// npm run bench: throughput of the room and exhibit pages against a bare Fastify
// hello-world on the same machine, in one run, so the ratios mean something. Each target is
// measured three times, each time right after hello-world, and the median ratio counts: this
// machine is shared, and a neighbour's burst moves both of a pair alike. The server's own CPU
// time per request (from /proc, before and after) is steadier still than requests a second.
// PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped),
// otherwise the embedded PGlite in a temporary folder. Results go to docs/benchmarks.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { cpuOf, createBenchCohort, median, root, start, stop } from './bench-server.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-db.ts';
import { signInThroughMail } from './sign-in.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's CPU time (user + system) per answered request, in microseconds. */
  cpuUs: number;
}

interface Result extends Run {
  name: string;
  /** Median over the rounds of this target's req/s ÷ hello-world's just before it. */
  ratio: number;
  helloCpuUs: number;
}

async function measure(
  server: ChildProcess,
  url: string,
  headers: Record<string, string> = {},
  post?: string,
): Promise<Run> {
  const options = {
    url,
    connections,
    headers,
    ...(post ? { method: 'POST' as const, body: post } : {}),
  };
  // A short warm-up so JIT and caches are settled before we count.
  await autocannon({ ...options, duration: 1 });
  const before = await cpuOf(server.pid);
  const r = await autocannon({ ...options, duration });
  const cpu = (await cpuOf(server.pid)) - before;
  // A form post answers 303 (POST → redirect → GET); anything else outside 2xx is an error.
  const errors = r.errors + r.non2xx - (post ? (r['3xx'] ?? 0) : 0);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors,
    cpuUs: cpu / Math.max(r.requests.total, 1),
  };
}

/**
 * What each compression setting costs on a real page, as the page hook would call it:
 * microseconds per call (median of many) and bytes. The hook's level is chosen from this.
 */
function compressionTable(html: string): string[] {
  const size = Buffer.byteLength(html);
  const settings: [string, () => Buffer][] = [
    ['gzip 1', () => gzipSync(html, { level: 1 })],
    ['gzip 6', () => gzipSync(html, { level: 6 })],
    ['gzip 9', () => gzipSync(html, { level: 9 })],
    ...[1, 4, 5, 6, 11].map(
      (q) =>
        [
          `brotli ${q}`,
          () =>
            brotliCompressSync(html, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: q,
                [constants.BROTLI_PARAM_SIZE_HINT]: size,
              },
            }),
        ] as [string, () => Buffer],
    ),
  ];
  const rows = settings.map(([name, run]) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 60; i++) {
      const started = process.hrtime.bigint();
      bytes = run().length;
      times.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    return `| ${name} | ${Math.round(median(times))} | ${bytes} | ${((100 * bytes) / size).toFixed(1)} % |`;
  });
  return [
    `Compressing the room page (${size} bytes of HTML) in this process:`,
    '',
    '| setting | µs per page | bytes | of the HTML |',
    '|---|---:|---:|---:|',
    ...rows,
  ];
}

async function main() {
  const url = process.env.DATABASE_URL;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'salon-bench-'));
  let scratch: ScratchDatabase | null = null;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: '3901',
    HOST: '127.0.0.1',
    BASE_URL: 'http://127.0.0.1:3901',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SMTP_URL: '', // the development transport: the sign-in mail lands in DATA_DIR/mail
    POST_INTERVAL_SECONDS: '0', // no posting limit: the benchmark posts as fast as it can
  };
  if (url) {
    scratch = await createScratchDatabase(url, 'salon_bench');
    env.DATABASE_URL = scratch.url;
    console.log('Database: PostgreSQL (scratch database on DATABASE_URL)');
  } else {
    env.DATABASE_URL = '';
    console.log('Database: embedded PGlite (set DATABASE_URL to measure PostgreSQL)');
  }

  const children: ChildProcess[] = [];
  try {
    const slug = 'knowmads-bench';
    const seeded = await createBenchCohort(env, slug);

    const hello = await start(['scripts/hello-server.ts'], { PORT: '3900' }, /listening/);
    children.push(hello);
    // BENCH_NODE_FLAGS (e.g. --cpu-prof) go to the Salon process only, to see where its time goes.
    const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const salon = await start([...flags, 'server/main.ts'], env, /Salon is running/);
    children.push(salon);

    // Rooms are for members: enrol and sign in as a learner would, through the mail.
    const session = await signInThroughMail(
      'http://127.0.0.1:3901',
      dataDir,
      `/c/${slug}`,
      'bench@example.org',
    );
    const member = { cookie: session };
    const probe = await fetch(`http://127.0.0.1:3901/c/${slug}`, { headers: member });
    const html = await probe.text();
    const room = /href="(\/c\/knowmads-bench\/[a-z0-9-]+)"/.exec(html)?.[1];
    if (!room) throw new Error('no open room found on the cohort page');
    const roomHtml = await (
      await fetch(`http://127.0.0.1:3901${room}`, { headers: member })
    ).text();
    const exhibit = new RegExp(`href="(${room}/(?!wall")[a-z0-9-]+)"`).exec(roomHtml)?.[1];
    if (!exhibit) throw new Error('no exhibit found in the room');

    const results: Result[] = [];
    // What a browser sends: compression, and the CSRF cookie from an earlier page.
    const cookie = [session, ...probe.headers.getSetCookie().map((c) => c.split(';')[0])].join(
      '; ',
    );
    // What Chromium sends for a signed-in member's page load.
    const browser = {
      accept:
        'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br, zstd',
      'accept-language': 'en-GB,en;q=0.9,nl;q=0.8',
      'user-agent':
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      cookie,
    };
    const thread = (i: number) =>
      `http://127.0.0.1:3901/c/${slug}/${seeded.room}/${seeded.exhibits[i]}`;
    // Posting: a real form post with the CSRF token of the page, to a thread of its own.
    const formPage = await fetch(thread(3), { headers: member });
    const token = /name="_csrf" value="([^"]+)"/.exec(await formPage.text())?.[1] ?? '';
    const formCookie = [
      session,
      ...formPage.headers.getSetCookie().map((c) => c.split(';')[0]),
    ].join('; ');
    const poster = { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' };
    const postBody = new URLSearchParams({
      _csrf: token,
      body: 'A *benchmark* comment with [a link](https://example.org/) and some words.',
    }).toString();
    const base = 'http://127.0.0.1:3901';
    for (const [name, target, headers, post] of [
      ['room page (as Chromium asks: br, cookie)', `${base}${room}`, browser, undefined],
      ['room page, plain (no Accept-Encoding)', `${base}${room}`, member, undefined],
      ['exhibit page (as Chromium asks)', `${base}${exhibit}`, browser, undefined],
      ['exhibit page, plain', `${base}${exhibit}`, member, undefined],
      ['exhibit page, thread of 500 comments', thread(0), browser, undefined],
      ['exhibit page, thread of 17,000 comments', thread(1), browser, undefined],
      ['exhibit page, thread of 10 comments', thread(2), browser, undefined],
      [
        'posting a comment (CSRF, sanitise, insert, 303)',
        `${thread(3)}/comments`,
        poster,
        postBody,
      ],
    ] as const) {
      // BENCH_ONLY=<regexp> measures some targets only.
      if (only && !only.test(name)) continue;
      process.stdout.write(`measuring ${name}, ${rounds} × ${duration}s after hello world… `);
      const runs: { hello: Run; run: Run }[] = [];
      for (let i = 0; i < rounds; i++) {
        const helloRun = await measure(hello, 'http://127.0.0.1:3900/');
        runs.push({ hello: helloRun, run: await measure(salon, target, headers, post) });
      }
      const r: Result = {
        name,
        rps: median(runs.map((x) => x.run.rps)),
        p50: median(runs.map((x) => x.run.p50)),
        p99: median(runs.map((x) => x.run.p99)),
        errors: runs.reduce((n, x) => n + x.run.errors, 0),
        cpuUs: median(runs.map((x) => x.run.cpuUs)),
        ratio: median(runs.map((x) => x.run.rps / Math.max(x.hello.rps, 1))),
        helloCpuUs: median(runs.map((x) => x.hello.cpuUs)),
      };
      console.log(`${Math.round(r.rps)} req/s, ${r.ratio.toFixed(2)}×`);
      results.push(r);
    }

    // Start time: what `npm start` takes to answer its first request, on the database the
    // runs above filled (an existing PGlite data directory, or PostgreSQL). BENCH_ONLY skips it
    // unless it names "start".
    const starts: number[] = [];
    if (!only || only.test('start')) {
      process.stdout.write('measuring start → first answered request, 3 times… ');
      await stop(salon);
      // The command `npm start` runs, without npm itself in front of it.
      const { scripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
      const [, ...startArgs] = (scripts.start as string).split(' ');
      for (let i = 0; i < 3; i++) {
        const began = performance.now();
        const child = spawn(process.execPath, startArgs, {
          cwd: root,
          env: { ...process.env, ...env },
          stdio: 'ignore',
        });
        for (;;) {
          const ok = await fetch('http://127.0.0.1:3901/healthz')
            .then((res) => res.ok)
            .catch(() => false);
          if (ok) break;
          if (child.exitCode !== null) throw new Error('Salon exited before it answered');
          await new Promise((r) => setTimeout(r, 25));
        }
        starts.push(performance.now() - began);
        await stop(child);
      }
      console.log(`${Math.round(median(starts))} ms`);
    }
    const helloCpu = median(results.map((r) => r.helloCpuUs));
    const rows = results.map(
      (r) =>
        `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.ratio.toFixed(2)}× | ${Math.round(r.cpuUs)} | ${r.errors} |`,
    );
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
    const find = (name: string) => results.find((r) => r.name.startsWith(name));
    const ratio = (name: string) => find(name)?.ratio ?? 0;
    const roomPage = 'room page (as Chromium asks';
    const postingGoal = url ? 0.1 : 0.05;
    // [goal, the targets it needs, met, value]
    const goals = [
      [
        'room page as Chromium asks ≥ 0.20× hello world',
        [roomPage],
        ratio(roomPage) >= 0.2,
        `${ratio(roomPage).toFixed(2)}×`,
      ],
      [
        'room page as Chromium asks: p99 ≤ 20 ms',
        [roomPage],
        (find(roomPage)?.p99 ?? Infinity) <= 20,
        `${find(roomPage)?.p99} ms`,
      ],
      [
        '500-comment thread page ≥ 0.10×',
        ['exhibit page, thread of 500 '],
        ratio('exhibit page, thread of 500 ') >= 0.1,
        `${ratio('exhibit page, thread of 500 ').toFixed(2)}×`,
      ],
      [
        `posting ≥ ${postingGoal.toFixed(2)}×`,
        ['posting'],
        ratio('posting') >= postingGoal,
        `${ratio('posting').toFixed(2)}×`,
      ],
      [
        '17,000-comment page within 20 % of the 10-comment page',
        ['exhibit page, thread of 17,000 ', 'exhibit page, thread of 10 '],
        ratio('exhibit page, thread of 17,000 ') >= 0.8 * ratio('exhibit page, thread of 10 '),
        `${Math.round((100 * ratio('exhibit page, thread of 17,000 ')) / Math.max(ratio('exhibit page, thread of 10 '), 0.001))} %`,
      ],
    ] as const;
    const startMs = starts.length ? median(starts) : null;
    // A partial run (BENCH_ONLY) gives no verdict on what it did not measure.
    const verdicts = goals
      .filter(([, targets]) => targets.every((t) => results.some((r) => r.name.startsWith(t))))
      .map(([goal, , met, value]) => `- ${goal}: ${met ? 'met' : 'NOT met'} (${value})`);
    if (startMs !== null) {
      verdicts.push(
        `- start to first answered request ≤ 3 s (${url ? 'PostgreSQL' : 'existing PGlite data directory'}, median of 3): ${startMs <= 3000 ? 'met' : 'NOT met'} (${(startMs / 1000).toFixed(1)} s)`,
      );
    }
    console.log(verdicts.join('\n'));
    const table = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${url ? 'PostgreSQL' : 'PGlite'}`,
      '',
      `Machine: ${machine}. autocannon: ${connections} connections, load generator on the same machine; each target ${rounds} × ${duration}s (after a 1s warm-up), each time right after hello world; medians. Server CPU per request: hello world ${Math.round(helloCpu)} µs.`,
      '',
      '| target | req/s | p50 ms | p99 ms | vs hello (median) | server CPU µs/req | errors |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      ...verdicts,
      '',
      ...compressionTable(roomHtml),
      '',
    ].join('\n');
    console.log(`\n${table}`);

    if (only) return; // a partial run is for looking, not for the record
    const file = path.join(root, 'docs/benchmarks.md');
    const header =
      '# Benchmarks\n\nWritten by `npm run bench` (newest first). Goals, as ratios to a bare Fastify hello-world in the same run (the median of three pairs): the room page as Chromium asks for it ≥ 0.20× with p99 ≤ 20 ms at 50 connections, a 500-comment thread page ≥ 0.10×, posting a comment ≥ 0.10× on PostgreSQL (0.05× on PGlite), and the page of a 17,000-comment thread within 20 % of a 10-comment one.\n\n';
    const previous = await readFile(file, 'utf8').catch(() => header);
    // Everything after the header, whichever wording of it the file has.
    const first = previous.indexOf('\n## ');
    const body = first >= 0 ? previous.slice(first + 1) : '';
    await writeFile(file, `${header}${table}\n${body}`);
    console.log(`Recorded in ${path.relative(root, file)}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
