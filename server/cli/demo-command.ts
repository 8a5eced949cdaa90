// The logic behind `npm run demo -- reset`, separate from process handling so tests can call
// it with a database and a catalogue and read what it prints.
import type { Db } from '../../db/client.ts';
import type { Catalogue } from '../content/types.ts';
import { absolute, paths } from '../core/paths.ts';
import { resetDemo } from '../demo/reset.ts';
import { UsageError } from './cohort-command.ts';

export interface DemoCommandDeps {
  /** Set: a real PostgreSQL server, where the demo never runs. */
  databaseUrl: string | null;
  /** Opens the embedded database (only once the command is known to be allowed). */
  open(): Promise<Db>;
  catalogue: Catalogue;
  baseUrl: string;
  out(line: string): void;
  now?: Date;
}

export const demoUsage = `Usage:
  npm run demo -- reset   delete the demo cohorts and demo learners, and create them again`;

export const refusedWithDatabaseUrl =
  'DATABASE_URL is set: the demo lives only in the embedded database, and resetting it here would delete cohorts and people on your PostgreSQL server. Unset DATABASE_URL to reset the embedded demo.';

/** Runs one command; throws UsageError when the arguments are wrong or the command is refused. */
export async function runDemoCommand(argv: string[], deps: DemoCommandDeps): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'reset' || rest.length) {
    throw new UsageError(
      command ? `Unknown command "${argv.join(' ')}".\n${demoUsage}` : demoUsage,
    );
  }
  if (deps.databaseUrl) throw new UsageError(refusedWithDatabaseUrl);
  const db = await deps.open();
  const slugs = await resetDemo(db, deps.catalogue, deps.now ?? new Date());
  deps.out('The demo is back as on a first start:');
  for (const slug of slugs) deps.out(`  ${absolute(deps.baseUrl, paths.cohort(slug))}`);
}
