// A fresh, migrated database for one test file: PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set (a database created from the migrated template).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';

/** A test file's database; `destroy` closes it for good (close may keep it for reuse). */
export type TestDatabase = Database & { url?: string; destroy: () => Promise<void> };

/** `poolSize`: connections on PostgreSQL (tests of concurrency want more than the default). */
export async function createTestDatabase(
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const template = inject('postgresTemplate');
  if (template) {
    const name = `salon_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(template.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template.name}`);
    const url = new URL(template.url);
    url.pathname = `/${name}`;
    const database = await openDatabase({
      databaseUrl: url.toString(),
      dataDir: '/nonexistent',
      poolSize: options.poolSize ?? 4,
    });
    const close = async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
    return { ...database, url: url.toString(), close, destroy: close };
  }
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
