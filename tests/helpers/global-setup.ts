// Migrates a database once per run; each test file then gets its own copy of it
// (a PGlite restored from a dump, or a PostgreSQL database made from a template).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    postgresTemplate: { url: string; name: string; prefix: string } | null;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'salon-test-'));
  const pg = await PGlite.create();
  const database = await openDatabase({ databaseUrl: null, dataDir: dir, pglite: pg });
  await database.migrate();
  const dump = await pg.dumpDataDir('none');
  const dumpFile = path.join(dir, 'migrated.tar');
  await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteDump', dumpFile);

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
