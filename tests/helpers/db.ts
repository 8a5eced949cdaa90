// A fresh, migrated database for one test file: PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set (a database created from the migrated template).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';

/** `poolSize`: connections on PostgreSQL (tests of concurrency want more than the default). */
export async function createTestDatabase(
  options: { poolSize?: number } = {},
): Promise<Database & { url?: string }> {
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
    return {
      ...database,
      url: url.toString(),
      close: async () => {
        await database.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dump = await readFile(inject('pgliteDump'));
  const pg = await PGlite.create({ loadDataDir: new Blob([dump]) });
  return openDatabase({ databaseUrl: null, dataDir: '/nonexistent', pglite: pg });
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
