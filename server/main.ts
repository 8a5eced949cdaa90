// Entry point: config → content → database → buildApp → listen, with a graceful stop.

import { ConfigError, loadConfig } from './config.ts';
import { createContentStore, InvalidContentError } from './content/store.ts';

/** Waits for `work`, but no longer than `ms`. */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

function fail(heading: string, lines: string[]): never {
  console.error(`${heading}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  process.exit(1);
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError)
      fail('Salon cannot start: the configuration is invalid.', err.problems);
    throw err;
  }

  let content: ReturnType<typeof createContentStore>;
  try {
    content = createContentStore(config.contentDir);
  } catch (err) {
    if (err instanceof InvalidContentError) {
      fail(
        'Salon cannot start: the course content has errors (run `npm run content:check` after fixing).',
        err.message.split('\n').slice(1),
      );
    }
    throw err;
  }

  // The rest is loaded once the configuration and the content are known to be good, so a
  // mistake in either is answered at once (loading the app takes a second under tsx).
  const [{ openDatabase }, { buildApp }, { demoAdminLine }, { seedDemo }] = await Promise.all([
    import('../db/client.ts'),
    import('./app.ts'),
    import('./demo/admin.ts'),
    import('./demo/seed.ts'),
  ]);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const app = await buildApp(config, { database, content });

  if (database.kind === 'pglite') {
    const seeded = await seedDemo(database.db, content.current(), app.clock());
    if (seeded.length) app.log.info(`created demo cohorts: ${seeded.join(', ')}`);
  }
  const stopWatching = config.env === 'development' ? content.watch(app.log) : () => {};

  let stopping = false;
  // A supervisor kills what has not stopped after about 10 s, perhaps mid-write: every step is
  // bounded, and so is the whole. What is left unfinished comes back after a restart (an
  // unsent mail when its lease runs out, a digest run when it is presumed dead).
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal} received, stopping`);
    setTimeout(() => {
      console.error('Salon did not stop within 9 seconds; exiting anyway.');
      process.exit(1);
    }, 9000).unref();
    stopWatching();
    await within(2000, app.ticks.stop());
    // Idle keep-alive connections close at once; requests still running get two seconds.
    const cut = setTimeout(() => app.server.closeAllConnections(), 2000).unref();
    await app.close(); // also stops the mail worker, waiting at most 2 s for sends in flight
    clearTimeout(cut);
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  // Mail leaves through the outbox worker; requests only queue it and nudge the worker.
  app.mailer.start();
  // Every minute: what the features registered (due digests, meet-up reminders…).
  app.ticks.start();
  // A plain line for humans (and for scripts that wait for it), whatever the log level.
  const where =
    database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Salon is running at ${config.baseUrl} (${where})`);
  if (!config.smtpUrl) {
    console.log(
      `Development mail: messages are saved in ${config.dataDir}/mail and sign-in links are printed here.`,
    );
  }
  const demoAdmin = database.kind === 'pglite' ? demoAdminLine(config) : null;
  if (demoAdmin) console.log(demoAdmin);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
