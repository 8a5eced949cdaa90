// Migrates a database once per run; each test file then gets its own copy of it
// (a PGlite restored from a dump, or a PostgreSQL database made from a template).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pgliteVersion = (
  JSON.parse(
    readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string }
).version;

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    postgresTemplate: { url: string; name: string; prefix: string } | null;
  }
}

/**
 * The migrated PGlite as a dump, made once per set of migrations: kept under
 * node_modules/.cache (keyed by the migrations and PGlite's version), so a second run starts
 * without creating, migrating and dumping one (about 7 s on 2 cores).
 */
async function migratedDump(dir: string): Promise<string> {
  const migrations = path.join(root, 'db/migrations');
  const hash = createHash('sha256').update(pgliteVersion);
  const files = (await readdir(migrations, { recursive: true })).sort();
  for (const file of files.filter((f) => /\.(sql|json)$/.test(f)))
    hash.update(file).update(await readFile(path.join(migrations, file)));
  const cached = path.join(
    root,
    'node_modules/.cache/salon',
    `migrated-${hash.digest('hex').slice(0, 16)}.tar`,
  );
  if (existsSync(cached)) return cached;
  const pg = await PGlite.create();
  const database = await openDatabase({ databaseUrl: null, dataDir: dir, pglite: pg });
  await database.migrate();
  const dump = await pg.dumpDataDir('none');
  await database.close();
  // Written aside and renamed, so a run that stops halfway leaves no half file behind.
  await mkdir(path.dirname(cached), { recursive: true });
  const partial = path.join(dir, 'migrated.tar');
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await copyFile(partial, `${cached}.${process.pid}`);
  await rename(`${cached}.${process.pid}`, cached);
  return cached;
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'salon-test-'));
  // On PostgreSQL every file gets a database made from the template below; the PGlite dump is
  // still made (and kept) for the tests that start a server process on an embedded database.
  project.provide('pgliteDump', await migratedDump(dir));

  const url = process.env.TEST_DATABASE_URL;
  let admin: postgres.Sql | null = null;
  const template = `salon_template_${process.pid}`;
  // Test files keep their databases for the next file (tests/helpers/db.ts); all of this
  // run's share this prefix, so the run drops them here at the end.
  const prefix = `salon_test_${process.pid}_`;
  if (url) {
    admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${template}`);
    await admin.unsafe(`CREATE DATABASE ${template}`);
    const target = new URL(url);
    target.pathname = `/${template}`;
    const db = await openDatabase({ databaseUrl: target.toString(), dataDir: dir, poolSize: 1 });
    await db.migrate();
    await db.close();
    project.provide('postgresTemplate', { url, name: template, prefix });
  } else {
    project.provide('postgresTemplate', null);
  }

  return async () => {
    if (admin) {
      const kept = await admin<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE starts_with(datname, ${prefix})`;
      for (const { datname } of kept) {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
      await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    }
    await rm(dir, { recursive: true, force: true });
  };
}
