// npm run content:check [folder] [--db]: the same validation start-up runs, on its own. With
// --db it also opens the database and warns about rooms and exhibits that have conversations
// but are not in the content any more (renamed without pinning `id:`), and about polls and
// options that have votes but left the content; warnings exit 0.
import {
  checkContent,
  checkOrphans,
  checkPollVotes,
  parseCheckArgs,
} from './content-check-command.ts';
import { configOrExit, openDatabaseOrExit } from './shared.ts';

const args = parseCheckArgs(process.argv.slice(2), process.env.npm_config_db);
const config = args.withDb || !args.folder ? configOrExit() : null;
const io = { out: (l: string) => console.log(l), err: (l: string) => console.warn(l) };
const catalogue = checkContent(args.folder ?? config?.contentDir ?? '', {
  ...io,
  err: (l) => console.error(l),
});
if (!catalogue) process.exit(1);
if (args.withDb && config) {
  const database = await openDatabaseOrExit(config);
  try {
    await checkOrphans(database.db, catalogue, io);
    await checkPollVotes(database.db, catalogue, io);
  } finally {
    await database.close();
  }
}
