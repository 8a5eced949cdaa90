// npm run cohort -- create|list: manage cohorts from the terminal.
import { loadContent } from '../content/loader.ts';
import { formatContentError } from '../content/types.ts';
import { configOrExit, openDatabaseOrExit } from './shared.ts';

const config = configOrExit();
const content = loadContent(config.contentDir);
if (!content.ok) {
  console.error(
    `The content has errors; fix them first:\n${content.errors.map((e) => `  ${formatContentError(e)}`).join('\n')}`,
  );
  process.exit(1);
}
// Loaded once the configuration and the content are known to be good: a mistake in either is
// answered without loading the queries and a database driver.
const { runCohortCommand, UsageError } = await import('./cohort-command.ts');
const database = await openDatabaseOrExit(config);
let code = 0;
try {
  await runCohortCommand(process.argv.slice(2), {
    db: database.db,
    catalogue: content.catalogue,
    baseUrl: config.baseUrl,
    out: (line) => console.log(line),
  });
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  code = 2;
} finally {
  await database.close();
}
process.exit(code);
