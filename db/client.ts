// One database type for both back ends: PostgreSQL through postgres.js when DATABASE_URL
// is set, otherwise PGlite (Postgres in WASM) stored under DATA_DIR. Callers never branch.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the committed SQL migrations (idempotent). */
  migrate(): Promise<void>;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  /**
   * LISTEN on a channel: `onPayload` gets each NOTIFY's payload once it is committed. On
   * PostgreSQL this holds one connection of its own (postgres.js listens again after it
   * reconnects, and calls `onListen` each time, so a caller can catch up on what it missed).
   * Returns how to stop.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onListen?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Test hook: an already-open PGlite instance (e.g. restored from a dump). */
  pglite?: PGlite;
  /** Connections in the postgres.js pool. */
  poolSize?: number;
}

/**
 * How postgres.js behaves when PostgreSQL goes away. Its default backoff grows to 10–20 s
 * per pool slot, so requests queued during a short outage kept waiting long after the
 * database was back; a short fixed ceiling lets the pool find the database again within a
 * second, and queries meanwhile fail fast (503) instead of hanging. A statement that runs
 * longer than any page should is cancelled rather than holding a connection.
 */
export const postgresResilience = {
  /** Seconds to wait for a connection to open. */
  connect_timeout: 2,
  /** Seconds before reconnecting after a failure: 0.1, 0.2, … at most 0.5. */
  backoff: (retries: number) => Math.min(0.1 * retries, 0.5),
  /** Milliseconds a single statement may run (migrations use their own connection). */
  statementTimeoutMs: 15_000,
};

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const client = postgres(url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connect_timeout: postgresResilience.connect_timeout,
      backoff: postgresResilience.backoff,
      connection: { statement_timeout: postgresResilience.statementTimeoutMs },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migrateOnOwnConnection(url),
      ping: () => ping(db),
      listen: async (channel, onPayload, onListen) => {
        const { unlisten } = await client.listen(channel, onPayload, onListen);
        return unlisten;
      },
      close: () => client.end({ timeout: 2 }),
    };
  }
  let client = options.pglite;
  let unlock = () => {};
  if (!client) {
    const dir = path.join(options.dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    unlock = lockDataDir(dir);
    try {
      client = await PGlite.create(dir);
    } catch (err) {
      unlock();
      throw err;
    }
  }
  const pg = client;
  const db = drizzlePglite(pg, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: () => ping(db),
    listen: async (channel, onPayload, onListen) => {
      const stop = await pg.listen(channel, onPayload);
      onListen?.();
      return () => stop();
    },
    close: async () => {
      await pg.close();
      unlock();
    },
  };
}

/** A migration may rightly run longer than the app's statement timeout allows. */
async function migrateOnOwnConnection(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

export class DatabaseBusyError extends Error {}

/**
 * Errors that mean "the database cannot be reached right now" rather than "this request is
 * wrong": postgres.js' connection errors, and PostgreSQL refusing or cancelling work while it
 * shuts down, starts up or times a statement out. Drizzle wraps them (`cause`).
 */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt
 * it. A lock file with our pid makes the second one (e.g. `npm run cohort` while the app
 * runs) stop with a clear message instead; a lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DatabaseBusyError(
        `The embedded database in ${dir} is in use by process ${pid} (is Salon running?). Stop it first, or set DATABASE_URL to use PostgreSQL.`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** The rows of a raw `db.execute()`: postgres.js answers an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** A moment for raw SQL, as ISO text: postgres.js cannot serialise a Date inside `sql```. */
export const sqlTime = (d: Date) => sql`${d.toISOString()}::timestamptz`;
