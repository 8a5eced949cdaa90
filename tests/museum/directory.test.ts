import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { createCohort, setRoomOpening } from '../../server/core/cohorts.ts';
import { createCohortDirectory } from '../../server/core/directory.ts';
import { createTestDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('the cohort directory', () => {
  it('serves a cohort and its overrides from memory until invalidated', async () => {
    const directory = createCohortDirectory(database.db, 60_000);
    const cohort = await createCohort(database.db, {
      slug: 'cached',
      courseId: 'demo',
      startsOn: '2026-01-05',
    });
    expect((await directory.find('cached'))?.overrides.size).toBe(0);
    const opensAt = new Date('2026-01-06T08:00:00Z');
    await setRoomOpening(database.db, cohort.id, 'walking', opensAt);
    expect((await directory.find('cached'))?.overrides.size).toBe(0); // still the cached copy
    directory.invalidate('cached');
    expect((await directory.find('cached'))?.overrides.get('walking')).toEqual(opensAt);
  });

  it('remembers unknown slugs briefly, and reads through when the cache is off', async () => {
    const cached = createCohortDirectory(database.db, 60_000);
    const direct = createCohortDirectory(database.db, 0);
    expect(await cached.find('later')).toBeNull();
    await createCohort(database.db, { slug: 'later', courseId: 'demo', startsOn: '2026-01-05' });
    expect(await cached.find('later')).toBeNull();
    expect((await direct.find('later'))?.cohort.slug).toBe('later');
    cached.invalidate();
    expect((await cached.find('later'))?.cohort.slug).toBe('later');
  });
});
