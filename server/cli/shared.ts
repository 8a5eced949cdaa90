// What every command-line tool starts with: the validated config, or one line per problem;
// the database, or one line saying why not.
import type { Database } from '../../db/client.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(
        `The configuration is invalid:\n${err.problems.map((p) => `  ${p}`).join('\n')}`,
      );
      process.exit(1);
    }
    throw err;
  }
}

/**
 * The database, migrated, or one line saying why it cannot be opened (a wrong DATABASE_URL,
 * a data directory in use by a running server).
 */
export async function openDatabaseOrExit(config: Config, poolSize = 1): Promise<Database> {
  let database: Database;
  try {
    // Loaded here, not above: a command that stops on its input never loads a database driver.
    const { openDatabase } = await import('../../db/client.ts');
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize,
    });
    await database.migrate();
  } catch (err) {
    // Drizzle wraps the driver's error ("Failed query: …"): the cause says what went wrong.
    const cause = (err as Error & { cause?: unknown }).cause;
    const why = cause instanceof Error ? cause.message : (err as Error).message;
    console.error(`Cannot open the database: ${why || (err as Error).message}`);
    process.exit(1);
  }
  return database;
}
