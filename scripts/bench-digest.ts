// The digest benchmark (part of `npm run bench`): personal digests for a 10,000-learner
// cohort sent into a local SMTP sink, against 10,000 trivial messages through the same
// outbox, worker and pooled transport in the same run. Goals: digest throughput ≥ 0.5× the
// trivial rate; peak memory (RSS of this process while composing and sending) ≤ 256 MB.
// DATABASE_URL: a scratch database on that server; otherwise PGlite in a temporary folder.
// Runs with a 128 MB V8 heap (package.json): composing must stream, or it runs out.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createContentStore } from '../server/content/store.ts';
import { createCohort } from '../server/core/cohorts.ts';
import { loadCohortContext } from '../server/core/context.ts';
import { exhibitThread, formatThreadKey } from '../server/core/thread-key.ts';
import { latestPeriod } from '../server/digest/periods.ts';
import { runDigest } from '../server/digest/run.ts';
import { enqueueMail } from '../server/mail/outbox.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const learners = Number(process.env.BENCH_LEARNERS ?? 10_000);

async function startSink() {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/smtp-sink.ts'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => {
    child.stdout.once('data', (d: Buffer) =>
      resolve(Number(/listening (\d+)/.exec(String(d))?.[1])),
    );
  });
  return { child, url: `smtp://127.0.0.1:${port}` };
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (only && !new RegExp(only).test('digests')) return;
  const url = process.env.DATABASE_URL;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'salon-bench-digest-'));
  let scratch: ScratchDatabase | null = null;
  let databaseUrl: string | null = null;
  if (url) {
    scratch = await createScratchDatabase(url, 'salon_bench_digest');
    databaseUrl = scratch.url;
  }
  const sink = await startSink();
  const database = await openDatabase({ databaseUrl, dataDir, poolSize: 10 });
  try {
    await database.migrate();
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      LOG_LEVEL: 'warn',
      BASE_URL: 'https://salon.example.org',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    // Monday 9 March 2026, 07:30 in Amsterdam: week 2 opened overnight, so every weekly
    // digest has news (and real work: rooms, exhibits, feedback and talk are all looked up).
    const now = new Date('2026-03-09T06:30:00Z');
    const app = await buildApp(config, {
      database,
      content: createContentStore(config.contentDir),
      clock: () => now,
    });
    await app.ready();
    await app.mailer.stop(); // this script decides when mail goes out
    const cohort = await createCohort(app.db, {
      slug: 'bench',
      courseId: 'knowmads',
      startsOn: '2026-02-23',
    });
    process.stdout.write(`seeding ${learners} learners… `);
    await app.db.execute(sql`INSERT INTO users (email, name, locale)
      SELECT 'l' || i || '@example.org', 'Learner ' || i, CASE WHEN i % 2 = 0 THEN 'nl' ELSE 'en' END
      FROM generate_series(1, ${learners}) AS i`);
    await app.db.execute(sql`INSERT INTO enrolments (cohort_id, user_id)
      SELECT ${cohort.id}, id FROM users`);
    // Some talk: every tenth learner commented on an exhibit of week 1 during the week.
    const thread = formatThreadKey(exhibitThread('wie-is-de-knowmad', 'de-nieuwe-professional'));
    await app.db.execute(sql`INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html, created_at)
      SELECT ${cohort.id}, ${thread}, 'wie-is-de-knowmad', id,
        'Een gedachte', '<p>Een gedachte</p>', ${'2026-03-05T10:00:00Z'}::timestamptz + (id || ' seconds')::interval
      FROM users WHERE id % 10 = 0`);
    console.log('done');

    const mailer = (await import('../server/mail/worker.ts')).createMailer({
      db: app.db,
      transport: (await import('../server/mail/transports.ts')).createTransport(config, app.log),
      from: config.mailFrom,
      clock: () => now,
      log: app.log,
      batchSize: 100,
    });

    // Trivial messages, through the same outbox, worker and transport.
    let start = performance.now();
    for (let i = 0; i < learners; i++) {
      await enqueueMail(
        app.db,
        {
          key: `trivial:${i}`,
          kind: 'trivial',
          to: { address: `t${i}@example.org` },
          subject: 'Hi',
          text: 'Hi',
        },
        now,
      );
    }
    await mailer.deliverDue();
    const trivialSeconds = (performance.now() - start) / 1000;
    const trivialRate = learners / trivialSeconds;
    console.log(
      `trivial: ${learners} in ${trivialSeconds.toFixed(1)} s = ${Math.round(trivialRate)}/s`,
    );

    // Digests: compose and queue for everyone, then send; peak RSS sampled meanwhile.
    global.gc?.();
    const baseline = process.memoryUsage();
    let peak = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 25);
    start = performance.now();
    const context = await loadCohortContext(app, 'bench');
    if (!context) throw new Error('no cohort');
    const summary = await runDigest(app, context, latestPeriod(context.cohort, 'weekly', now));
    const composedSeconds = (performance.now() - start) / 1000;
    await mailer.deliverDue();
    const digestSeconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const digestRate = summary.queued / digestSeconds;
    const peakMb = Math.round(peak / 2 ** 20);
    const mb = (n: number) => Math.round(n / 2 ** 20);
    console.log(
      `memory: RSS ${mb(baseline.rss)} MB before, ${peakMb} MB peak; heap used ${mb(baseline.heapUsed)} MB before, ${mb(peakHeap)} MB peak`,
    );
    console.log(
      `digests: ${summary.queued} queued in ${composedSeconds.toFixed(1)} s, all sent after ${digestSeconds.toFixed(1)} s = ${Math.round(digestRate)}/s; peak RSS ${peakMb} MB`,
    );
    await mailer.stop();
    await app.close();

    const ratio = digestRate / trivialRate;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const section = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · digests · ${databaseUrl ? 'PostgreSQL' : 'PGlite'}`,
      '',
      `Machine: ${machine}. ${learners} learners, one weekly digest each (week 2 opened, a tenth of them commented), through the outbox and a pooled SMTP transport into a local sink (a separate process).`,
      '',
      '| run | messages | seconds | per second |',
      '|---|---:|---:|---:|',
      `| trivial messages | ${learners} | ${trivialSeconds.toFixed(1)} | ${Math.round(trivialRate)} |`,
      `| digests (compose ${composedSeconds.toFixed(1)} s, then send) | ${summary.queued} | ${digestSeconds.toFixed(1)} | ${Math.round(digestRate)} |`,
      '',
      `- digest throughput ≥ 0.5× trivial: ${ratio >= 0.5 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}×)`,
      `- peak memory ≤ 256 MB: ${peakMb <= 256 ? 'met' : 'NOT met'} (${peakMb} MB RSS; ${mb(baseline.rss)} MB before the run; V8 heap capped at 128 MB, ${mb(peakHeap)} MB used at most)`,
      '',
    ].join('\n');
    console.log(`\n${section}`);
    if (learners === 10_000) {
      const file = path.join(root, 'docs/benchmarks.md');
      const text = await readFile(file, 'utf8');
      const at = text.indexOf('\n## ');
      await writeFile(
        file,
        at < 0
          ? `${text}\n${section}`
          : `${text.slice(0, at + 1)}${section}\n${text.slice(at + 1)}`,
      );
      console.log('Recorded in docs/benchmarks.md');
    }
  } finally {
    sink.child.kill();
    await database.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
