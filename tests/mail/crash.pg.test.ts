// A worker killed mid-batch (SIGKILL: no clean-up at all), another started: every learner
// gets their digest, and duplicates are at most the messages that were in flight at the
// kill (a worker has defaultSendsInFlight at once). PostgreSQL only: two processes share it.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { runDueDigests } from '../../server/digest/scheduler.ts';
import { defaultSendsInFlight } from '../../server/mail/worker.ts';
import { buildTestApp, fixtures, root, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

const learners = 60;
let sink: SmtpSink;
let t: TestApp;
let url = '';
const workers: ChildProcess[] = [];

beforeAll(async () => {
  const database = await createTestDatabase({ poolSize: 4 });
  if (database.kind !== 'postgres' || !database.url) throw new Error('needs TEST_DATABASE_URL');
  url = database.url;
  // A slow server: a batch takes long enough to kill a worker in the middle of it.
  sink = await startSmtpSink({ delayMs: 25 });
  t = await buildTestApp({ database, env: { SMTP_URL: sink.url } });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  for (let i = 0; i < learners; i++) {
    await signIn(t, { email: `l${i}@example.org`, name: `Learner ${i}`, cohorts: ['spring'] });
  }
  t.setNow(new Date('2026-03-09T06:30:00Z')); // week 2 opened: everyone has news
  // Only the worker processes send: this app's own worker would join in on its moved clock.
  await t.app.mailer.stop();
  await runDueDigests(t.app);
}, 120_000);
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await t.close();
  await database().close();
  await sink.close();
});
const database = () => t.database;

function startWorker() {
  // Node itself with tsx's loader: SIGKILL on the tsx wrapper would leave its child running.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'server/cli/worker.ts')],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DATABASE_URL: url,
        SMTP_URL: sink.url,
        CONTENT_DIR: path.join(fixtures, 'content-valid'),
        MAIL_LEASE_SECONDS: '2',
        WORKER_INTERVAL_MS: '100',
      },
      stdio: 'ignore',
    },
  );
  workers.push(child);
  return child;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a worker killed mid-batch', () => {
  it('leaves its claim to expire; the next worker delivers the rest, at most the ones in flight twice', async () => {
    const digests = await t.database.db.select().from(outbox).where(eq(outbox.kind, 'digest'));
    expect(digests).toHaveLength(learners);

    const first = startWorker();
    await until(() => sink.messages.length >= 15, 30_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = sink.messages.length;
    expect(atKill).toBeLessThan(learners); // really mid-way

    startWorker();
    await until(async () => {
      const rows = await t.database.db.select({ status: outbox.status }).from(outbox);
      return rows.every((r) => r.status === 'sent');
    }, 60_000);

    const perLearner = new Map<string, number>();
    for (const m of sink.messages) {
      const to = (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
      perLearner.set(to, (perLearner.get(to) ?? 0) + 1);
    }
    expect(perLearner.size).toBe(learners);
    const duplicates = [...perLearner.values()].reduce((n, c) => n + c - 1, 0);
    console.log(`crash test: ${atKill} delivered before the kill, ${duplicates} duplicate(s)`);
    expect(duplicates).toBeLessThanOrEqual(defaultSendsInFlight);
  }, 120_000);
});
