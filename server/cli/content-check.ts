// npm run content:check [folder]: the same validation start-up runs, on its own.
import path from 'node:path';
import { loadContent } from '../content/loader.ts';
import { formatContentError } from '../content/types.ts';
import { configOrExit } from './shared.ts';

const dir = process.argv[2] ? path.resolve(process.argv[2]) : configOrExit().contentDir;
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
