// Times the room and exhibit pages in-process (no HTTP, no load generator), with the time
// spent in database calls, to see where a page's time goes. npm run bench measures throughput.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createContentStore } from '../server/content/store.ts';
import { ensureUser } from '../server/core/accounts.ts';
import { createCohort } from '../server/core/cohorts.ts';
import { mondayOfWeek } from '../server/core/schedule.ts';
import { createSession } from '../server/core/sessions.ts';
import { exhibitThread, formatThreadKey } from '../server/core/thread-key.ts';

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  BASE_URL: 'http://x',
  LOG_LEVEL: 'silent',
});
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'salon-prof-'));
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir });
await database.migrate();
const content = createContentStore(config.contentDir);
const app = await buildApp(config, {
  database,
  content,
  transport: { send: async () => {}, close: () => {} },
});
/** fn, adding the milliseconds each call takes through `add`. */
function timed<A extends unknown[], R>(fn: (...a: A) => Promise<R>, add: (ms: number) => void) {
  return async (...a: A): Promise<R> => {
    const t0 = performance.now();
    try {
      return await fn(...a);
    } finally {
      add(performance.now() - t0);
    }
  };
}

// Time spent rendering templates, by wrapping reply.viewAsync on every request.
let renderMs = 0;
app.addHook('onRequest', async (_request, reply) => {
  const r = reply as unknown as { viewAsync: (...a: unknown[]) => Promise<unknown> };
  r.viewAsync = timed(r.viewAsync.bind(reply), (ms) => {
    renderMs += ms;
  });
});
const cohort = await createCohort(database.db, {
  slug: `prof-${process.pid}`,
  courseId: 'knowmads',
  startsOn: mondayOfWeek('Europe/Amsterdam'),
});
const room = content.current().courses.get('knowmads')?.rooms[0];
const user = await ensureUser(database.db, {
  email: `p${process.pid}@example.org`,
  name: 'P',
  locale: 'en',
});
await database.db.execute(
  sql`INSERT INTO enrolments (cohort_id, user_id) VALUES (${cohort.id}, ${user.id})`,
);
const thread = formatThreadKey(exhibitThread(room?.id ?? '', room?.exhibits[0]?.id ?? ''));
await database.db.execute(sql`INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html, created_at)
  SELECT ${cohort.id}, ${thread}, ${room?.id}, NULL, 'c' || g, '<p>c' || g || '</p>', now() - make_interval(secs => g) FROM generate_series(1, 500) g`);
const { token } = await createSession(database.db, user.id, new Date());
const headers = { cookie: `salon_session=${token}` };

// Count database time by wrapping the driver's execute paths.
let dbMs = 0;
let queries = 0;
const session = (
  database.db as unknown as {
    session: {
      prepareQuery: (...a: unknown[]) => { execute: (...b: unknown[]) => Promise<unknown> };
    };
  }
).session;
const prepare = session.prepareQuery.bind(session);
session.prepareQuery = (...a: unknown[]) => {
  const q = prepare(...a);
  q.execute = timed(q.execute.bind(q), (ms) => {
    dbMs += ms;
    queries++;
  });
  return q;
};

for (const [name, url] of [
  ['room', `/c/${cohort.slug}/${room?.id}`],
  ['exhibit, 500 comments', `/c/${cohort.slug}/${room?.id}/${room?.exhibits[0]?.id}`],
  ['exhibit, empty', `/c/${cohort.slug}/${room?.id}/${room?.exhibits[1]?.id}`],
] as const) {
  for (let i = 0; i < 30; i++) await app.inject({ url, headers });
  dbMs = 0;
  queries = 0;
  renderMs = 0;
  const n = Number(process.env.PROFILE_N ?? 200);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await app.inject({ url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  }
  const total = performance.now() - t0;
  const size = (await app.inject({ url, headers })).body.length;
  console.log(
    `${name}: ${(total / n).toFixed(2)} ms per page, of which database ${(dbMs / n).toFixed(2)} ms in ${(queries / n).toFixed(1)} queries, templates ${(renderMs / n).toFixed(2)} ms; ${Math.round(size / 1024)} KiB`,
  );
}
await app.close();
await database.close();
