// npm run bench:scale: the hot paths (scale-walk.ts) on a database filled by `npm run
// bench:seed`, in this process: each page's time (sequential requests through the real app,
// p50/p99), the digest run of the big cohort with its peak memory, and every query they send
// with its real plan and time (EXPLAIN ANALYZE, writes rolled back), slowest first. The room
// and exhibit pages are also timed on a small database made for the run on the same server
// (the same shape at 1/500, so the pages show as much), requests alternating between the two,
// for the goal that the scale data keeps them at 0.8× their speed on little data or better.
// BENCH_SEED_URL names the database as for bench:seed (default: salon_scale on
// TEST_DATABASE_URL's server); its pending migrations are applied first, as the app would.
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
import { seedScale } from './scale-data.ts';
import { hotSteps } from './scale-walk.ts';
import { createScratchDatabase } from './scratch-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_SCALE_RUNS ?? 30);
/** The pages timed against a small database too. */
const smallScale = 0.002;
const compared = (step: string) => step === 'room page' || step.startsWith('exhibit page');
/** Their goal: on the scale data at least this fraction of their speed on little data. */
const goal = 0.8;
/** The digest run's goal for the process's peak resident memory. */
const rssGoalMb = 256;

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
const migrations = async () =>
  (await client`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)[0]?.n as number;
const before = await migrations();
await plain.migrate();
const applied = (await migrations()) - before;
const database: Database = {
  ...plain,
  db: drizzle(client, { schema, logger }) as unknown as Db,
};
const one = async <T>(query: ReturnType<typeof sql>) =>
  rowsOf<T>(await database.db.execute(query))[0];

const big = await one<{
  id: number;
  slug: string;
  course_id: string;
  starts_on: string;
  timezone: string;
  members: number;
  first: number;
}>(sql`
  SELECT c.id, c.slug, c.course_id, c.starts_on::text, c.timezone, count(*)::int AS members,
         min(e.user_id) AS first
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
  big: {
    id: big.id,
    slug: big.slug,
    courseId: big.course_id,
    members: big.members,
    firstUserId: big.first,
  },
  bigThread: {
    roomId: longest.room_id,
    exhibitId: longest.thread.slice(longest.thread.indexOf('/') + 1),
    thread: longest.thread,
  },
  live: live ? { roomId: live.room_id, sessionId: live.id } : null,
};

const content = createContentStore(path.join(root, 'content'));
const appOn = async (database: Database, databaseUrl: string, dataDir: string) => {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    CONTENT_DIR: path.join(root, 'content'),
    DATA_DIR: path.join(root, 'data', dataDir),
    BASE_URL: 'http://127.0.0.1:3901',
    LOG_LEVEL: 'warn',
    SMTP_URL: '',
  });
  const built = await buildApp(config, {
    database,
    content,
    transport: { send: async () => {}, close: () => {} },
  });
  await built.ready();
  return built;
};
const app = await appOn(database, url, 'bench-scale');

/** The bench's learner or organiser of a cohort, signed in: a cookie header. */
async function sessionFor(
  db: Db,
  cohortId: number,
  email: string,
  role: 'learner' | 'organiser',
): Promise<string> {
  const [user] = rowsOf<{ id: number }>(
    await db.execute(sql`
      INSERT INTO users (email, name, locale) VALUES (${email}, 'Scale bench', 'en')
      ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`),
  );
  if (!user) throw new Error('no user');
  await db.execute(sql`
    INSERT INTO enrolments (cohort_id, user_id, role) VALUES (${cohortId}, ${user.id}, ${role})
    ON CONFLICT DO NOTHING`);
  const { token } = await createSession(db, user.id, new Date());
  return `salon_session=${token}`;
}
const sessionsIn = async (db: Db, cohortId: number) => ({
  learner: await sessionFor(db, cohortId, 'learner2@scale.example.org', 'learner'),
  organiser: await sessionFor(db, cohortId, 'organiser@scale.example.org', 'organiser'),
});

/**
 * The same walk on a small database of the same server: the scale data's shape at 1/500
 * (`smallScale`: 100 learners, ~2,000 comments), so its pages show as much as the scale
 * data's do (full first pages of a thread, exhibit cards with counts) and only the amount of
 * data around them differs. An empty database would compare a page of 40 comments with a
 * page of none, which measures rendering, not data.
 */
async function smallTwin() {
  const scratch = await createScratchDatabase(
    process.env.TEST_DATABASE_URL ?? url,
    'salon_scale_small',
  );
  const opened = await openDatabase({ databaseUrl: scratch.url, dataDir: '/nonexistent' });
  try {
    await opened.migrate();
    const catalogue = createContentStore(path.join(root, 'content')).current();
    const small = await seedScale(opened.db, catalogue, { scale: smallScale, now: new Date() });
    const smallApp = await appOn(opened, scratch.url, 'bench-scale-small');
    const steps = hotSteps(
      smallApp,
      opened.db,
      { ...small, live: null },
      await sessionsIn(opened.db, small.big.id),
    );
    return {
      name: new URL(scratch.url).pathname.slice(1),
      members: small.big.members,
      steps: new Map(steps.map((s) => [s.name, s])),
      close: async () => {
        await smallApp.close();
        await opened.close();
        await scratch.drop();
      },
    };
  } catch (err) {
    await opened.close();
    await scratch.drop();
    throw err;
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (values: number[], p: number) => percentile(values, p).toFixed(1);
const timed = async (run: () => Promise<void>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

/** The process's resident memory from now until the returned function is called: its peak. */
function watchRss(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

let twin: Awaited<ReturnType<typeof smallTwin>> | null = null;
try {
  const steps = hotSteps(app, database.db, world, await sessionsIn(database.db, big.id));
  twin = await smallTwin();
  console.log(
    `Scale data: cohort ${big.slug} of ${big.members} learners, thread ${world.bigThread.thread}` +
      (applied ? ` (${applied} migrations applied to it first)` : ''),
  );

  // The compared pages: each run requests the page from both databases, the order swapped
  // from run to run, so whatever else the machine does falls on both alike.
  console.log(
    `\nRoom and exhibit pages, scale data against the small database ${twin.name} (a big cohort of ${twin.members}; requests alternating):`,
  );
  console.log(
    `\n| step | small p50 ms | small p99 ms | scale p50 ms | scale p99 ms | speed | ≥ ${goal}× | runs |\n|---|---:|---:|---:|---:|---:|---|---:|`,
  );
  for (const step of steps.filter((s) => compared(s.name))) {
    const other = twin.steps.get(step.name);
    if (!other) throw new Error(`no step ${step.name} on the small database`);
    const scale: number[] = [];
    const small: number[] = [];
    source = step.name;
    for (let i = 0; i < runs + 2; i++) {
      const pair = [
        { run: step.run, times: scale },
        { run: other.run, times: small },
      ];
      if (i % 2 === 1) pair.reverse();
      for (const side of pair) {
        const took = await timed(side.run);
        if (i >= 2) side.times.push(took);
      }
      source = '';
    }
    // Speed is the inverse of time: the small database's median time over the scale data's.
    const speed = percentile(small, 50) / percentile(scale, 50);
    console.log(
      `| ${step.name} | ${ms(small, 50)} | ${ms(small, 99)} | ${ms(scale, 50)} | ${ms(scale, 99)} | ${speed.toFixed(2)}× | ${speed >= goal ? 'yes' : 'no'} | ${scale.length} |`,
    );
  }
  // Gone before the rest, so the digest's memory is this process's with one app.
  await twin.close();
  twin = null;

  console.log(`\nThe other steps, on the scale data:`);
  console.log(`\n| step | p50 ms | p99 ms | runs |\n|---|---:|---:|---:|`);
  let digestRun: { ms: number; peakRss: number; startRss: number } | null = null;
  for (const step of steps.filter((s) => !compared(s.name))) {
    const digest = step.name.startsWith('digest');
    const times: number[] = [];
    source = step.name;
    for (let i = 0; i < (digest ? 1 : runs + 2); i++) {
      const startRss = process.memoryUsage.rss();
      const peak = digest ? watchRss() : null;
      const took = await timed(step.run);
      if (peak) digestRun = { ms: took, peakRss: peak(), startRss };
      if (digest || i >= 2) times.push(took);
      source = '';
    }
    console.log(`| ${step.name} | ${ms(times, 50)} | ${ms(times, 99)} | ${times.length} |`);
  }
  if (digestRun) {
    const perSecond = world.big.members / (digestRun.ms / 1000);
    const met = mb(digestRun.peakRss) <= rssGoalMb ? 'met' : 'not met';
    console.log(
      `\nDigest dry run: ${world.big.members} members in ${(digestRun.ms / 1000).toFixed(1)} s, ${perSecond.toFixed(0)} members/s; peak RSS ${mb(digestRun.peakRss)} MB (${mb(digestRun.startRss)} MB at its start; goal ≤ ${rssGoalMb} MB: ${met})`,
    );
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
  await twin?.close();
  await app.close();
  await client.end({ timeout: 2 });
  await plain.close();
}
