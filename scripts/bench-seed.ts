// npm run bench:seed: a PostgreSQL database at the scale of 50,000 learners (scale-data.ts),
// for measuring pages, exports and digests against it. BENCH_SEED_URL names the database (it
// must be empty: real data is never touched); without it, `salon_scale` on the server of
// TEST_DATABASE_URL (or DATABASE_URL) is dropped and made again. BENCH_SEED_SCALE (e.g. 0.01)
// shrinks every table alike. Prints the time each table took.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf } from '../db/client.ts';
import { createContentStore } from '../server/content/store.ts';
import { seedScale } from './scale-data.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scale = Number(process.env.BENCH_SEED_SCALE ?? 1);
if (!(scale > 0 && scale <= 1)) throw new Error('BENCH_SEED_SCALE must be a number in (0, 1]');

async function targetUrl(): Promise<string> {
  if (process.env.BENCH_SEED_URL) return process.env.BENCH_SEED_URL;
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) throw new Error('set BENCH_SEED_URL, or TEST_DATABASE_URL to a PostgreSQL server');
  const name = 'salon_scale';
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

const url = await targetUrl();
const started = performance.now();
const database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 1 });
try {
  await database.migrate();
  const [existing] = rowsOf<{ n: number }>(
    await database.db.execute(sql`SELECT count(*)::int AS n FROM users`),
  );
  if ((existing?.n ?? 0) > 0)
    throw new Error(`${url} is not empty: seeding only fills empty databases`);
  // The seed is one long transaction; the app's statement timeout is for pages.
  await database.db.execute(sql`SET statement_timeout = 0`);
  const catalogue = createContentStore(path.join(root, 'content')).current();
  console.log(`Seeding ${new URL(url).pathname.slice(1)} at scale ${scale}…`);
  const world = await seedScale(database.db, catalogue, {
    scale,
    now: new Date(),
    onTable: (t) =>
      console.log(
        `  ${t.table.padEnd(14)} ${String(t.rows).padStart(9)} rows  ${(t.ms / 1000).toFixed(1).padStart(6)} s`,
      ),
  });
  const analysing = performance.now();
  await database.db.execute(sql`VACUUM (ANALYZE)`);
  console.log(
    `  ${'vacuum/analyze'.padEnd(14)} ${''.padStart(9)}       ${((performance.now() - analysing) / 1000).toFixed(1).padStart(6)} s`,
  );
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  console.log(
    JSON.stringify({
      url,
      big: world.big,
      bigThread: world.bigThread,
      live: world.live,
      cohorts: world.cohorts.map((c) => c.slug),
    }),
  );
} finally {
  await database.close();
}
