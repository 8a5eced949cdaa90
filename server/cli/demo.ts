// npm run demo -- reset: put the embedded demo back (never on PostgreSQL).
import type { Database } from '../../db/client.ts';
import { loadContent } from '../content/loader.ts';
import { formatContentError } from '../content/types.ts';
import { UsageError } from './cohort-command.ts';
import { runDemoCommand } from './demo-command.ts';
import { configOrExit, openDatabaseOrExit } from './shared.ts';

const config = configOrExit();
const content = loadContent(config.contentDir);
if (!content.ok) {
  console.error(
    `The content has errors; fix them first:\n${content.errors.map((e) => `  ${formatContentError(e)}`).join('\n')}`,
  );
  process.exit(1);
}
let database: Database | null = null;
let code = 0;
try {
  await runDemoCommand(process.argv.slice(2), {
    databaseUrl: config.databaseUrl,
    open: async () => {
      database = await openDatabaseOrExit(config);
      return database.db;
    },
    catalogue: content.catalogue,
    baseUrl: config.baseUrl,
    out: (line) => console.log(line),
  });
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  code = 2;
} finally {
  await (database as Database | null)?.close();
}
process.exit(code);
