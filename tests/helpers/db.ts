// A fresh, migrated database for one test file: PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set (a database created from the migrated template).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, openDatabase, rowsOf } from '../../db/client.ts';

/** A test file's database; `destroy` closes it for good (close may keep it for reuse). */
export type TestDatabase = Database & { url?: string; destroy: () => Promise<void> };

/** `poolSize`: connections on PostgreSQL (tests of concurrency want more than the default). */
export async function createTestDatabase(
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const template = inject('postgresTemplate');
  if (template) return openPostgres(template, options.poolSize ?? 4);
  // Restoring a PGlite takes a second and a half; emptying one takes a few milliseconds. A
  // file's closed database is emptied and kept for the next file of this worker (the files
  // share modules, decision 016), so only the first file of a worker restores one.
  const pg = spare.pop() ?? (await restorePglite());
  const database = await openDatabase({ databaseUrl: null, dataDir: '/nonexistent', pglite: pg });
  let open = true;
  return {
    ...database,
    close: async () => {
      if (!open) return;
      open = false;
      try {
        await emptyPglite(pg);
        spare.push(pg);
      } catch {
        await pg.close();
      }
    },
    destroy: async () => {
      open = false;
      await pg.close();
    },
  };
}

/** Emptied PGlite databases waiting for the next test file of this worker. */
const spare: PGlite[] = [];
/** The same on PostgreSQL: names of emptied databases made from the template. */
const sparePostgres: string[] = [];

/**
 * Creating a database from the template and dropping it again costs PostgreSQL a checkpoint
 * each; with a hundred files that kept the server busy well after the suite. A closed file's
 * database is emptied and kept for the next file of this worker instead; global setup drops
 * them all (their names start with the run's prefix) when the run ends.
 */
async function openPostgres(
  template: { url: string; name: string; prefix: string },
  poolSize: number,
): Promise<TestDatabase> {
  const admin = () => postgres(template.url, { max: 1, onnotice: () => {} });
  let name = sparePostgres.pop();
  if (!name) {
    name = `${template.prefix}${randomBytes(6).toString('hex')}`;
    const sql = admin();
    await sql.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template.name}`);
    await sql.end();
  }
  const url = new URL(template.url);
  url.pathname = `/${name}`;
  const database = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: '/nonexistent',
    poolSize,
  });
  let open = true;
  const drop = async () => {
    const sql = admin();
    await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await sql.end();
  };
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      if (!open) return;
      open = false;
      try {
        await emptyPostgres(database);
        await database.close();
        sparePostgres.push(name);
      } catch {
        await database.close().catch(() => {});
        await drop();
      }
    },
    destroy: async () => {
      if (open) await database.close();
      open = false;
      await drop();
    },
  };
}

async function emptyPostgres(database: Database): Promise<void> {
  const names = rowsOf<{ name: string }>(
    await database.db.execute(
      sql`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
    ),
  ).map((r) => r.name);
  if (names.length) {
    await database.db.execute(sql.raw(`TRUNCATE ${names.join(', ')} RESTART IDENTITY CASCADE`));
  }
}

async function restorePglite(): Promise<PGlite> {
  const dump = await readFile(inject('pgliteDump'));
  return PGlite.create({ loadDataDir: new Blob([dump]) });
}

/**
 * Back to the state of a freshly migrated database: every table of ours empty with its
 * identities restarted, and nothing a session may have left (advisory locks, settings).
 */
async function emptyPglite(pg: PGlite): Promise<void> {
  const { rows } = await pg.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
  );
  if (rows.length) {
    await pg.exec(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  }
  await pg.exec('SELECT pg_advisory_unlock_all(); RESET ALL;');
}

const tables = [
  'cohorts',
  'room_openings',
  'users',
  'sessions',
  'sign_in_tokens',
  'enrolments',
  'outbox',
  'rate_events',
  'comments',
  'likes',
  'flags',
  'contributions',
  'contribution_likes',
  'contribution_flags',
  'visits',
  'thread_counts',
  'thread_count_deltas',
  'submissions',
  'reviews',
  'app_secrets',
  'digest_runs',
  'meetups',
  'rsvps',
  'announcements',
];

/** Empties every table between tests (cheaper than a new database). */
export async function resetDatabase(database: Database): Promise<void> {
  await database.db.execute(sql`TRUNCATE ${sql.raw(tables.join(', '))} RESTART IDENTITY CASCADE`);
}

/**
 * Fills the empty folder `dataDir` with the run's migrated PGlite, for a server process a
 * test starts on it: migrating a new embedded database on disk takes that process seconds of
 * CPU on a busy machine (it still checks the migrations, which are all applied).
 */
export async function restoreMigratedDataDir(dataDir: string): Promise<void> {
  const dump = await readFile(inject('pgliteDump'));
  // Where openDatabase keeps an embedded database inside DATA_DIR.
  const dir = path.join(dataDir, 'pglite');
  const pg = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([dump]) });
  await pg.close();
}
