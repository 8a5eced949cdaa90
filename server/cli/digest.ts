// npm run digest -- --cohort <slug> [--frequency daily|weekly] [--dry-run] [--now <ISO time>]
// Process handling only: the run itself is runDigestCommand (digest-command.ts).
import { UsageError } from './cohort-command.ts';
import {
  type DigestArgs,
  digestUsage,
  parseDigestArgs,
  runDigestCommand,
} from './digest-command.ts';
import { configOrExit, openDatabaseOrExit } from './shared.ts';

function fail(message: string): never {
  console.error(`${message}\n${digestUsage}`);
  process.exit(2);
}

let args: DigestArgs;
try {
  args = parseDigestArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  fail(err.message);
}

const tty = process.stderr.isTTY;
function progress(label: string, done: number, total: number) {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
  if (tty) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
  else if (done === total) process.stderr.write(`${line}\n`);
}

const config = configOrExit();
// The app is loaded once the input is known to be good, so a mistake is answered without
// loading it (the digest sections' queries above still load).
const [{ buildApp }, { createContentStore }] = await Promise.all([
  import('../app.ts'),
  import('../content/store.ts'),
]);
const database = await openDatabaseOrExit(config, 4);
const app = await buildApp(
  { ...config, logLevel: 'warn' },
  { database, content: createContentStore(config.contentDir), clock: () => args.now },
);
await app.ready();
let code = 0;
try {
  await runDigestCommand(app, args, { out: (line) => console.log(line), progress });
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\n${digestUsage}`);
  code = 2;
} finally {
  await app.close();
  await database.close();
}
process.exit(code);
