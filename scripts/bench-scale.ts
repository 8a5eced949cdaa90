// npm run bench:scale: the hot paths (scale-walk.ts) on a database filled by `npm run
// bench:seed`, in this process: each page's time (sequential requests through the real app,
// p50/p99), the digest run of the big cohort, and every query they send with its real plan
// and time (EXPLAIN ANALYZE, writes rolled back), slowest first. BENCH_SEED_URL names the
// database as for bench:seed (default: salon_scale on TEST_DATABASE_URL's server);
// BENCH_SCALE_RUNS (default 30) requests per page.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type Database, type Db, openDatabase, rowsOf } from '../db/client.ts';
import * as schema from '../db/schema.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createContentStore } from '../server/content/store.ts';
import { createSession } from '../server/core/sessions.ts';
import { hotSteps } from './scale-walk.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_SCALE_RUNS ?? 30);

function databaseUrl(): string {
  if (process.env.BENCH_SEED_URL) return process.env.BENCH_SEED_URL;
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) throw new Error('set BENCH_SEED_URL, or TEST_DATABASE_URL to a PostgreSQL server');
  const url = new URL(server);
  url.pathname = '/salon_scale';
  return url.toString();
}

interface Captured {
  query: string;
  params: unknown[];
  source: string;
}
let source = '';
const captured = new Map<string, Captured>();
const logger: Logger = {
  logQuery(query, params) {
    if (source && !captured.has(query)) captured.set(query, { query, params, source });
  },
};

const url = databaseUrl();
const client = postgres(url, { max: 10, onnotice: () => {} });
const plain = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
const database: Database = {
  ...plain,
  db: drizzle(client, { schema, logger }) as unknown as Db,
};
const one = async <T>(query: ReturnType<typeof sql>) =>
  rowsOf<T>(await database.db.execute(query))[0];

const big = await one<{ id: number; slug: string; members: number; first: number }>(sql`
  SELECT c.id, c.slug, count(*)::int AS members, min(e.user_id) AS first
    FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id AND e.role = 'learner'
   WHERE c.slug = 'scale-big' GROUP BY c.id`);
if (!big) throw new Error(`${url} has no scale data: run npm run bench:seed first`);
const longest = await one<{ thread: string; room_id: string }>(sql`
  SELECT thread, room_id FROM thread_counts WHERE cohort_id = ${big.id} AND thread LIKE 'exhibit:%'
   ORDER BY comments DESC LIMIT 1`);
const live = await one<{ id: number; room_id: string }>(
  sql`SELECT id, room_id FROM live_sessions WHERE cohort_id = ${big.id} LIMIT 1`,
);
if (!longest) throw new Error('no thread in the big cohort');
const world = {
  big: { id: big.id, slug: big.slug, courseId: '', members: big.members, firstUserId: big.first },
  bigThread: {
    roomId: longest.room_id,
    exhibitId: longest.thread.slice(longest.thread.indexOf('/') + 1),
    thread: longest.thread,
  },
  live: live ? { roomId: live.room_id, sessionId: live.id } : null,
};

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: url,
  CONTENT_DIR: path.join(root, 'content'),
  DATA_DIR: path.join(root, 'data/bench-scale'),
  BASE_URL: 'http://127.0.0.1:3901',
  LOG_LEVEL: 'warn',
  SMTP_URL: '',
});
const app = await buildApp(config, {
  database,
  content: createContentStore(config.contentDir),
  transport: { send: async () => {}, close: () => {} },
});
await app.ready();

async function sessionFor(email: string, role: 'learner' | 'organiser'): Promise<string> {
  const user = await one<{ id: number }>(sql`
    INSERT INTO users (email, name, locale) VALUES (${email}, 'Scale bench', 'en')
    ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`);
  if (!user) throw new Error('no user');
  await database.db.execute(sql`
    INSERT INTO enrolments (cohort_id, user_id, role) VALUES (${big?.id}, ${user.id}, ${role})
    ON CONFLICT DO NOTHING`);
  const { token } = await createSession(database.db, user.id, new Date());
  return `salon_session=${token}`;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

try {
  const cookies = {
    learner: await sessionFor('learner2@scale.example.org', 'learner'),
    organiser: await sessionFor('organiser@scale.example.org', 'organiser'),
  };
  console.log(
    `Scale data: cohort ${big.slug} of ${big.members} learners, thread ${world.bigThread.thread}`,
  );
  console.log(`\n| step | p50 ms | p99 ms | runs |\n|---|---:|---:|---:|`);
  for (const step of hotSteps(app, database.db, world, cookies)) {
    const digest = step.name.startsWith('digest');
    const times: number[] = [];
    source = step.name;
    for (let i = 0; i < (digest ? 1 : runs + 2); i++) {
      const started = performance.now();
      await step.run();
      if (digest || i >= 2) times.push(performance.now() - started);
      source = '';
    }
    const p50 = percentile(times, 50).toFixed(1);
    const p99 = percentile(times, 99).toFixed(1);
    console.log(`| ${step.name} | ${p50} | ${p99} | ${times.length} |`);
  }

  // The plans as PostgreSQL makes them on this data, with what they cost.
  const plans: { ms: number; source: string; query: string; whole: string[] }[] = [];
  for (const q of captured.values()) {
    if (!/^\s*(select|with|update|delete|insert)/i.test(q.query)) continue;
    const text = `EXPLAIN (ANALYZE, FORMAT JSON) ${q.query}`;
    let plan: Record<string, unknown> | undefined;
    await client
      .begin(async (tx) => {
        const [row] = await tx.unsafe(text, q.params as never[]);
        const json = (row as Record<string, unknown>)['QUERY PLAN'];
        plan = (typeof json === 'string' ? JSON.parse(json) : json)[0];
        throw new Error('roll back');
      })
      .catch((err: Error) => {
        if (err.message !== 'roll back') throw err;
      });
    const whole: string[] = [];
    const walk = (node: Record<string, unknown>) => {
      if (node['Node Type'] === 'Seq Scan')
        whole.push(`Seq Scan on ${node['Relation Name']} (${node['Actual Rows']} rows)`);
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk(plan?.Plan as Record<string, unknown>);
    plans.push({
      ms: Number(plan?.['Execution Time'] ?? 0),
      source: q.source,
      query: q.query.replace(/\s+/g, ' ').slice(0, 160),
      whole,
    });
  }
  plans.sort((a, b) => b.ms - a.ms);
  console.log(`\n${plans.length} queries; the slowest, as PostgreSQL plans them on this data:\n`);
  for (const p of plans.slice(0, 25)) {
    console.log(
      `${p.ms.toFixed(1)} ms  ${p.source}${p.whole.length ? `  [${p.whole.join('; ')}]` : ''}`,
    );
    console.log(`    ${p.query}`);
  }
} finally {
  await app.close();
  await client.end({ timeout: 2 });
  await plain.close();
}
