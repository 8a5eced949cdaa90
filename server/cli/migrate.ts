// npm run db:migrate: applies the committed SQL migrations (start-up does the same).
import { openDatabase } from '../../db/client.ts';
import { configOrExit } from './shared.ts';

const config = configOrExit();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: 1,
});
try {
  await database.migrate();
  console.log(
    `Migrations applied (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}).`,
  );
} finally {
  await database.close();
}
