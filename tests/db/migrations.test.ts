import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { loadContent } from '../../server/content/loader.ts';
import { createCohort, listCohorts } from '../../server/core/cohorts.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { fixtures } from '../helpers/app.ts';
import { createTestDatabase, resetDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => {
  const result = (await database.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
};

describe(`migrations (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('create the tables with their constraints', async () => {
    const tables = await rows<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'activity_count_deltas',
      'activity_counts',
      'announcements',
      'app_secrets',
      'carnival_entries',
      'carnival_roundups',
      'circle_members',
      'circle_reads',
      'circle_signups',
      'circles',
      'cohort_welcomes',
      'cohorts',
      'comment_photos',
      'comments',
      'contribution_flags',
      'contribution_likes',
      'contributions',
      'digest_runs',
      'enrolments',
      'flags',
      'house_settings',
      'likes',
      'live_attendance',
      'live_flags',
      'live_highlights',
      'live_messages',
      'live_question_votes',
      'live_questions',
      'live_sessions',
      'live_story_quotes',
      'meetups',
      'outbox',
      'poll_tallies',
      'poll_votes',
      'profile_photos',
      'profiles',
      'rate_events',
      'reviews',
      'room_openings',
      'rsvps',
      'rule_changes',
      'rule_proposals',
      'rule_votes',
      'sessions',
      'sign_in_tokens',
      'submissions',
      'thread_count_deltas',
      'thread_counts',
      'users',
      'visits',
    ]);
    await expect(
      createCohort(database.db, {
        slug: 'zero',
        courseId: 'demo',
        startsOn: '2026-01-05',
        capacity: 0,
      }),
    ).rejects.toThrow();
  });

  it('can be applied again without harm', async () => {
    await database.migrate();
    await database.migrate();
    expect(await database.ping()).toBe(true);
  });

  it('reject a second cohort with the same slug', async () => {
    await resetDatabase(database);
    await createCohort(database.db, { slug: 'once', courseId: 'demo', startsOn: '2026-01-05' });
    await expect(
      createCohort(database.db, { slug: 'once', courseId: 'demo', startsOn: '2026-02-02' }),
    ).rejects.toThrow();
  });
});

describe('demo cohorts', () => {
  it('are created once per course, on any content', async () => {
    await resetDatabase(database);
    const loaded = loadContent(path.join(fixtures, 'content-valid'));
    if (!loaded.ok) throw new Error('fixture content is invalid');
    const now = new Date('2026-11-26T10:00:00Z');
    expect(await seedDemo(database.db, loaded.catalogue, now)).toEqual(['demo-demo', 'leren-demo']);
    expect(await seedDemo(database.db, loaded.catalogue, now)).toEqual([]);
    const cohorts = await listCohorts(database.db);
    expect(cohorts.map((c) => c.slug)).toEqual(['demo-demo', 'leren-demo']);
  });
});
