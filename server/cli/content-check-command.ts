// The logic behind `npm run content:check [folder] [--db]`, separate from process handling
// so tests can call it and read what it prints.
import path from 'node:path';
import type { Db } from '../../db/client.ts';
import { loadContent } from '../content/loader.ts';
import { type Catalogue, formatContentError } from '../content/types.ts';
import { findVoteOrphans, formatVoteOrphan } from '../polls/orphans.ts';
import { findOrphans, formatOrphan } from './orphans.ts';

export interface CheckArgs {
  /** The folder named on the command line, if any (else the configured content folder). */
  folder: string | null;
  withDb: boolean;
}

/**
 * `npm run content:check --db` hands --db to npm, which passes it on as npm_config_db rather
 * than as an argument; both spellings work.
 */
export function parseCheckArgs(argv: string[], npmConfigDb: string | undefined): CheckArgs {
  return {
    folder: argv.find((a) => !a.startsWith('--')) ?? null,
    withDb: argv.includes('--db') || npmConfigDb === 'true',
  };
}

export interface CheckIo {
  out(line: string): void;
  err(line: string): void;
}

/** Validates the content in `dir`; prints the summary or every problem. */
export function checkContent(dir: string, io: CheckIo): Catalogue | null {
  const full = path.resolve(dir);
  const result = loadContent(full);
  if (!result.ok) {
    const n = result.errors.length;
    io.err(`${n} problem${n === 1 ? '' : 's'} in ${full}:`);
    for (const e of result.errors) io.err(`  ${formatContentError(e)}`);
    return null;
  }
  const courses = [...result.catalogue.courses.values()];
  const rooms = courses.flatMap((c) => c.rooms);
  const exhibits = rooms.flatMap((r) => r.exhibits);
  const assignments = rooms.filter((r) => r.assignment).length;
  io.out(
    `Content OK: ${courses.length} courses, ${rooms.length} rooms, ${exhibits.length} exhibits, ${assignments} assignment${assignments === 1 ? '' : 's'}.`,
  );
  for (const c of courses)
    io.out(`  ${c.id} (${c.language}): ${c.title} (${c.rooms.length} rooms)`);
  return result.catalogue;
}

/** Warns (without failing) about places with conversations that left the content. */
export async function checkOrphans(db: Db, catalogue: Catalogue, io: CheckIo): Promise<number> {
  const orphans = await findOrphans(db, catalogue);
  for (const o of orphans) io.err(formatOrphan(o));
  io.out(
    orphans.length
      ? `${orphans.length} warning${orphans.length === 1 ? '' : 's'}: conversations without their place in the content.`
      : 'Database OK: every room and exhibit with conversations is in the content.',
  );
  return orphans.length;
}

/** Warns (without failing) about polls and options with votes that left the content. */
export async function checkPollVotes(db: Db, catalogue: Catalogue, io: CheckIo): Promise<number> {
  const orphans = await findVoteOrphans(db, catalogue);
  for (const o of orphans) io.err(formatVoteOrphan(o));
  io.out(
    orphans.length
      ? `${orphans.length} warning${orphans.length === 1 ? '' : 's'}: votes without their poll or option in the content.`
      : 'Database OK: every poll and option with votes is in the content.',
  );
  return orphans.length;
}
