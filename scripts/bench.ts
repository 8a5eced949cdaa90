// npm run bench: throughput of the room and exhibit pages against a bare Fastify
// hello-world on the same machine, in one run, so the ratios mean something.
// PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped),
// otherwise the embedded PGlite in a temporary folder. Results go to docs/benchmarks.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { mondayOfWeek } from '../server/core/schedule.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-db.ts';
import { signInThroughMail } from './sign-in.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;

function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`process exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

interface Result {
  name: string;
  url: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  post?: string,
): Promise<Result> {
  const options = {
    url,
    connections,
    headers,
    ...(post ? { method: 'POST' as const, body: post } : {}),
  };
  // A short warm-up so JIT and caches are settled before we count.
  await autocannon({ ...options, duration: 2 });
  const r = await autocannon({ ...options, duration });
  // A form post answers 303 (POST → redirect → GET); anything else outside 2xx is an error.
  const errors = r.errors + r.non2xx - (post ? (r['3xx'] ?? 0) : 0);
  return { name, url, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors };
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
    const cohortEnv = { ...env, LOG_LEVEL: 'silent' };
    await new Promise<void>((resolve, reject) => {
      const args = [
        'server/cli/cohort.ts',
        'create',
        '--course',
        'knowmads',
        '--slug',
        slug,
        '--starts',
        mondayOfWeek('Europe/Amsterdam'),
      ];
      const child = spawn(tsx, args, {
        cwd: root,
        env: { ...process.env, ...cohortEnv },
        stdio: 'inherit',
      });
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`cohort create failed (${code})`)),
      );
    });

    const seeded = await new Promise<{ room: string; exhibits: string[] }>((resolve, reject) => {
      const child = spawn(tsx, ['scripts/bench-seed.ts', slug], {
        cwd: root,
        env: { ...process.env, ...cohortEnv },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.on('exit', (code) =>
        code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`seeding failed (${code})`)),
      );
    });

    children.push(await start(['scripts/hello-server.ts'], { PORT: '3900' }, /listening/));
    // BENCH_NODE_FLAGS (e.g. --cpu-prof) go to the Salon process only, to see where its time goes.
    const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    children.push(await start([...flags, 'server/main.ts'], env, /Salon is running/));

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
    const browser = { 'accept-encoding': 'gzip, deflate, br', cookie };
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
    for (const [name, target, headers, post] of [
      ['hello world (bare Fastify)', 'http://127.0.0.1:3900/', {}, undefined],
      ['room page', `http://127.0.0.1:3901${room}`, member, undefined],
      [
        'room page, as a browser asks (br, cookie)',
        `http://127.0.0.1:3901${room}`,
        browser,
        undefined,
      ],
      ['exhibit page', `http://127.0.0.1:3901${exhibit}`, member, undefined],
      ['exhibit page, thread of 500 comments', thread(0), member, undefined],
      ['exhibit page, thread of 17,000 comments', thread(1), member, undefined],
      ['exhibit page, thread of 10 comments', thread(2), member, undefined],
      [
        'posting a comment (CSRF, sanitise, insert, 303)',
        `${thread(3)}/comments`,
        poster,
        postBody,
      ],
    ] as const) {
      // BENCH_ONLY=<regexp> measures some targets only (hello world always, for the ratio).
      if (only && name !== 'hello world (bare Fastify)' && !only.test(name)) continue;
      process.stdout.write(`measuring ${name} for ${duration}s… `);
      const r = await measure(name, target, headers, post);
      console.log(`${Math.round(r.rps)} req/s`);
      results.push(r);
    }
    const hello = results[0]?.rps ?? 1;
    const rows = results.map(
      (r) =>
        `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${(r.rps / hello).toFixed(2)}× | ${r.errors} |`,
    );
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
    const rps = (name: string) => results.find((r) => r.name.startsWith(name))?.rps ?? 0;
    const ratio = (name: string) => rps(name) / hello;
    const threadRps = (size: string) => rps(`exhibit page, thread of ${size} `);
    // [goal, the targets it needs, met, value]
    const goals = [
      [
        'room page ≥ 0.20× hello world',
        ['room page'],
        ratio('room page') >= 0.2,
        `${ratio('room page').toFixed(2)}×`,
      ],
      [
        '500-comment thread page ≥ 0.10×',
        ['exhibit page, thread of 500 '],
        ratio('exhibit page, thread of 500 ') >= 0.1,
        `${ratio('exhibit page, thread of 500 ').toFixed(2)}×`,
      ],
      ['posting ≥ 0.08×', ['posting'], ratio('posting') >= 0.08, `${ratio('posting').toFixed(2)}×`],
      [
        '17,000-comment page within 20 % of the 10-comment page',
        ['exhibit page, thread of 17,000 ', 'exhibit page, thread of 10 '],
        threadRps('17,000') >= 0.8 * threadRps('10'),
        `${Math.round((100 * threadRps('17,000')) / Math.max(threadRps('10'), 1))} %`,
      ],
    ] as const;
    // A partial run (BENCH_ONLY) gives no verdict on what it did not measure.
    const verdicts = goals
      .filter(([, targets]) => targets.every((t) => results.some((r) => r.name.startsWith(t))))
      .map(([goal, , met, value]) => `- ${goal}: ${met ? 'met' : 'NOT met'} (${value})`);
    console.log(verdicts.join('\n'));
    const table = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${url ? 'PostgreSQL' : 'PGlite'}`,
      '',
      `Machine: ${machine}. autocannon: ${connections} connections, ${duration}s per target after a 2s warm-up, load generator on the same machine.`,
      '',
      '| target | req/s | p50 ms | p99 ms | vs hello | errors |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      ...verdicts,
      '',
    ].join('\n');
    console.log(`\n${table}`);

    if (only) return; // a partial run is for looking, not for the record
    const file = path.join(root, 'docs/benchmarks.md');
    const header =
      '# Benchmarks\n\nWritten by `npm run bench` (newest first). Goals, as ratios to a bare Fastify hello-world in the same run: room page ≥ 0.20×, a 500-comment thread page ≥ 0.10×, posting a comment ≥ 0.08×, and the page of a 17,000-comment thread within 20 % of a 10-comment one.\n\n';
    const previous = await readFile(file, 'utf8').catch(() => header);
    const body = previous.startsWith(header) ? previous.slice(header.length) : previous;
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
