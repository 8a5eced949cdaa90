// Seeds threads for `npm run bench` (run by it, in its own process because the embedded
// database allows one process at a time): on the first open room of the cohort, threads of
// 500, 17,000 and 10 comments on its first three exhibits. Prints the room and exhibit ids.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
import { createContentStore } from '../server/content/store.ts';
import { findCohortBySlug } from '../server/core/cohorts.ts';
import { exhibitThread, formatThreadKey } from '../server/core/thread-key.ts';

const slug = process.argv[2] ?? '';
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const cohort = await findCohortBySlug(database.db, slug);
  const course =
    cohort && createContentStore(config.contentDir).current().courses.get(cohort.courseId);
  const room = course?.rooms[0];
  if (!cohort || !room || room.exhibits.length < 4)
    throw new Error(`no cohort ${slug} with a room of 4 exhibits`);
  await database.db.execute(
    sql`INSERT INTO users (email, name, locale) VALUES ('seed@example.org', 'Seed', 'en') ON CONFLICT DO NOTHING`,
  );
  const sizes = [500, 17_000, 10];
  for (const [i, size] of sizes.entries()) {
    const thread = formatThreadKey(exhibitThread(room.id, room.exhibits[i]?.id ?? ''));
    await database.db.execute(sql`
      INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html, like_count, created_at)
      SELECT ${cohort.id}, ${thread}, ${room.id}, (SELECT id FROM users WHERE email = 'seed@example.org'),
             'Comment ' || g || ' with a few words about the exhibit.',
             '<p>Comment ' || g || ' with a few words about the exhibit.</p>',
             g % 7, now() - make_interval(secs => g)
        FROM generate_series(1, ${size}) AS g`);
  }
  console.log(
    JSON.stringify({ room: room.id, exhibits: room.exhibits.slice(0, 4).map((e) => e.id) }),
  );
} finally {
  await database.close();
}
