// Places in circles under concurrency, on PostgreSQL (PGlite has one connection, so nothing
// runs at the same moment there): forming twice, friends joining one circle by its code, the
// bench placed by several processes while members leave, and a whole circle voting to merge.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../db/client.ts';
import { circleMembers, circles } from '../../db/schema.ts';
import {
  answerOffer,
  findCircle,
  formCircles,
  joinByCode,
  leaveCircles,
  markOffered,
  placeBench,
  saveSignup,
} from '../../server/circles/queries.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { createTestDatabase, resetDatabase } from '../helpers/db.ts';

const settings = {
  size: 5,
  min: 4,
  max: 6,
  formBy: ['language', 'time'] as ('language' | 'time')[],
};
const now = new Date('2026-03-10T12:00:00Z');
let database: Database;
let cohortId = 0;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 24 });
  if (database.kind !== 'postgres') throw new Error('this file needs TEST_DATABASE_URL');
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  cohortId = (
    await createCohort(database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
});

async function optedIn(prefix: string, n: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const user = await ensureUser(database.db, {
      email: `${prefix}${i}@example.org`,
      name: `${prefix} ${i}`,
      locale: 'en',
    });
    await saveSignup(database.db, {
      cohortId,
      userId: user.id,
      language: 'en',
      timeBand: 'evening',
      commitment: 'all',
    });
    ids.push(user.id);
  }
  return ids;
}

/** Every open circle's current size, and whether anyone has two current places. */
async function invariants() {
  const sizes = rowsOf<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from circle_members m
      join circles c on c.id = m.circle_id where m.left_at is null and c.closed_at is null
      group by m.circle_id`),
  ).map((r) => Number(r.n));
  const doubles = rowsOf<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from (select user_id from circle_members
      where left_at is null group by user_id having count(*) > 1) d`),
  );
  return { sizes, doubles: Number(doubles[0]?.n ?? 0) };
}

describe('circles under concurrency (PostgreSQL)', () => {
  it('forms the circles once when two organisers confirm at the same moment', async () => {
    await optedIn('a', 20);
    const results = await Promise.all(
      [1, 2, 3].map(() => formCircles(database.db, { cohortId, settings, seed: 5, now })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const made = await database.db.select().from(circles).where(eq(circles.cohortId, cohortId));
    expect(made).toHaveLength(4);
    expect((await invariants()).doubles).toBe(0);
  });

  it('lets exactly as many friends in by code as the circle has room for', async () => {
    await optedIn('b', 4);
    await formCircles(database.db, { cohortId, settings, seed: 1, now });
    const [circle] = await database.db.select().from(circles);
    const friends = await optedIn('f', 10);
    const outcomes = await Promise.all(
      friends.map((userId) =>
        joinByCode(database.db, { cohortId, userId, code: circle?.code ?? '', max: 6, now }),
      ),
    );
    expect(outcomes.filter((o) => o === 'joined')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(8);
    expect(await invariants()).toEqual({ sizes: [6], doubles: 0 });
  });

  it('places the bench from several processes while members leave, never over max', async () => {
    const first = await optedIn('c', 12);
    await formCircles(database.db, { cohortId, settings, seed: 2, now });
    await optedIn('late', 10);
    const leavers = first.slice(0, 4);
    await Promise.all([
      ...[1, 2, 3].map(() => placeBench(database.db, cohortId, 6, now)),
      ...leavers.map((userId) =>
        database.db.transaction((tx) =>
          leaveCircles(tx as unknown as Database['db'], cohortId, userId, now),
        ),
      ),
    ]);
    // A fourth pass (the next minute tick) fills what the leavers freed.
    await placeBench(database.db, cohortId, 6, now);
    const { sizes, doubles } = await invariants();
    expect(doubles).toBe(0);
    expect(sizes.every((n) => n <= 6)).toBe(true);
    // 12 − 4 + 10 = 18 people for two circles of 6 each: 12 placed, 6 wait on the bench.
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    const leftPlaces = await database.db
      .select()
      .from(circleMembers)
      .where(and(eq(circleMembers.userId, leavers[0] ?? 0), isNull(circleMembers.leftAt)));
    expect(leftPlaces).toEqual([]);
  });

  it('merges a small circle once when its members all choose merge at the same moment', async () => {
    await optedIn('d', 8);
    await formCircles(database.db, { cohortId, settings, seed: 3, now });
    const made = await database.db.select().from(circles).orderBy(circles.id);
    const [small, other] = made as [(typeof made)[0], (typeof made)[0]];
    // Two leave each circle: both are small now (two members each).
    for (const circle of [small, other]) {
      const members = await database.db
        .select({ userId: circleMembers.userId })
        .from(circleMembers)
        .where(eq(circleMembers.circleId, circle.id));
      for (const m of members.slice(0, 2)) {
        await database.db.transaction((tx) =>
          leaveCircles(tx as unknown as Database['db'], cohortId, m.userId, now),
        );
      }
    }
    expect(await markOffered(database.db, small.id, now)).toBe(true);
    expect(await markOffered(database.db, small.id, now)).toBe(false);
    const voters = await database.db
      .select({ userId: circleMembers.userId })
      .from(circleMembers)
      .where(and(eq(circleMembers.circleId, small.id), isNull(circleMembers.leftAt)));
    const circle = await findCircle(database.db, small.id);
    if (!circle) throw new Error('no circle');
    const outcomes = await Promise.all(
      voters.map((v) =>
        answerOffer(database.db, { circle, userId: v.userId, choice: 'merge', max: 6, now }),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'merged')).toHaveLength(1);
    expect((await findCircle(database.db, small.id))?.closedAt).not.toBeNull();
    expect(await invariants()).toEqual({ sizes: [4], doubles: 0 });
  });
});
