// npm run content:check [folder] [--db]: the same validation start-up runs, on its own. With
// --db it also opens the database and warns about rooms and exhibits that have conversations
// but are not in the content any more (renamed without pinning `id:`); warnings exit 0.
import path from 'node:path';
import { loadContent } from '../content/loader.ts';
import { findOrphans, formatOrphan } from '../content/orphans.ts';
import { formatContentError } from '../content/types.ts';
import { configOrExit, openDatabaseOrExit } from './shared.ts';

const args = process.argv.slice(2);
// `npm run content:check --db` hands --db to npm, which passes it on as npm_config_db rather
// than as an argument; both spellings work.
const withDb = args.includes('--db') || process.env.npm_config_db === 'true';
const folder = args.find((a) => !a.startsWith('--'));
const config = withDb || !folder ? configOrExit() : null;
const dir = folder ? path.resolve(folder) : (config?.contentDir ?? '');
const result = loadContent(dir);
if (!result.ok) {
  const n = result.errors.length;
  console.error(`${n} problem${n === 1 ? '' : 's'} in ${dir}:`);
  for (const e of result.errors) console.error(`  ${formatContentError(e)}`);
  process.exit(1);
}
const courses = [...result.catalogue.courses.values()];
const rooms = courses.flatMap((c) => c.rooms);
const exhibits = rooms.flatMap((r) => r.exhibits);
const assignments = rooms.filter((r) => r.assignment).length;
console.log(
  `Content OK: ${courses.length} courses, ${rooms.length} rooms, ${exhibits.length} exhibits, ${assignments} assignment${assignments === 1 ? '' : 's'}.`,
);
for (const c of courses)
  console.log(`  ${c.id} (${c.language}): ${c.title} (${c.rooms.length} rooms)`);

if (withDb && config) {
  const database = await openDatabaseOrExit(config);
  try {
    const orphans = await findOrphans(database.db, result.catalogue);
    for (const o of orphans) console.warn(formatOrphan(o));
    console.log(
      orphans.length
        ? `${orphans.length} warning${orphans.length === 1 ? '' : 's'}: conversations without their place in the content.`
        : 'Database OK: every room and exhibit with conversations is in the content.',
    );
  } finally {
    await database.close();
  }
}
