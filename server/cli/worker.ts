// npm run worker: the outbox worker on its own, so mail can be sent by as many processes as
// needed (they share the queue with FOR UPDATE SKIP LOCKED). PostgreSQL only: the embedded
// database belongs to the one app process, whose own worker sends the mail.
import { openDatabase } from '../../db/client.ts';
import { createTransport } from '../mail/transports.ts';
import { createMailer } from '../mail/worker.ts';
import { configOrExit } from './shared.ts';

const config = configOrExit();
if (!config.databaseUrl) {
  console.error(
    'npm run worker needs DATABASE_URL (PostgreSQL). With the embedded database, `npm start` sends the mail itself.',
  );
  process.exit(2);
}
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: 2,
});
const log = {
  info: (obj: object, msg?: string) => console.log(msg ?? '', JSON.stringify(obj)),
  warn: (obj: object, msg?: string) => console.warn(msg ?? '', JSON.stringify(obj)),
  error: (obj: object, msg?: string) => console.error(msg ?? '', JSON.stringify(obj)),
};
const transport = createTransport(config, log);
const mailer = createMailer({
  db: database.db,
  transport,
  from: config.mailFrom,
  replyTo: config.mailReplyTo,
  clock: () => new Date(),
  log,
  lockMs: config.mailLeaseMs,
});
const intervalMs = Number(process.env.WORKER_INTERVAL_MS ?? 2000);
mailer.start(intervalMs);
console.log(`Mail worker running (pid ${process.pid}), polling every ${intervalMs} ms.`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing the message in hand, then stopping.`);
  await mailer.stop();
  transport.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// The interval timer is unref'd (so CLI tools can exit); keep this process alive.
setInterval(() => {}, 1 << 30);
