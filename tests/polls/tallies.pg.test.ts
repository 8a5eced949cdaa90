// Tallies under load, on PostgreSQL (PGlite has one connection, so nothing runs at the same
// moment there): 200 learners voting at once, half of them changing their answer at once too.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { pollTallies, pollVotes } from '../../db/schema.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { castVote } from '../../server/polls/queries.ts';
import { createTestDatabase, resetDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 24 });
  if (database.kind !== 'postgres') throw new Error('this file needs TEST_DATABASE_URL');
});
afterAll(() => database.close());

const options = ['adhoc', 'blended', 'experiment', 'social'];
const now = new Date('2026-03-10T12:00:00Z');

it('200 learners voting and changing their answers at once give exact tallies', async () => {
  await resetDatabase(database);
  const { id: cohortId } = await createCohort(database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  const ids: number[] = [];
  for (let i = 0; i < 200; i++)
    ids.push(
      (await ensureUser(database.db, { email: `v${i}@example.org`, name: `V ${i}`, locale: 'en' }))
        .id,
    );
  const cast = (userId: number, choice: string[]) =>
    castVote(database.db, {
      cohortId,
      pollId: 'priorities',
      userId,
      ballots: [{ question: '', options: choice }],
      reason: null,
      now,
    });
  // Ranked ballots in different orders touch the same tally rows in different orders.
  const first = (i: number) =>
    [options[i % 4], options[(i + 1) % 4], options[(i + 2) % 4]] as string[];
  const second = (i: number) => [options[(i + 3) % 4], options[i % 4]] as string[];
  await Promise.all(ids.map((id, i) => cast(id, first(i))));
  // Half change their answer while the others vote again with the same one.
  await Promise.all(ids.map((id, i) => cast(id, i % 2 ? second(i) : first(i))));

  const expected = new Map<string, number>();
  ids.forEach((_, i) => {
    (i % 2 ? second(i) : first(i)).forEach((o, p) => {
      const k = `${o}:${p + 1}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    });
  });
  const tallies = await database.db
    .select()
    .from(pollTallies)
    .where(and(eq(pollTallies.cohortId, cohortId), eq(pollTallies.pollId, 'priorities')));
  const got = new Map(
    tallies.filter((r) => r.votes !== 0).map((r) => [`${r.option}:${r.position}`, r.votes]),
  );
  expect(got).toEqual(expected);
  const voters = tallies.filter((r) => r.position === 1).reduce((n, r) => n + r.votes, 0);
  expect(voters).toBe(200);
  const rows = await database.db.select().from(pollVotes);
  expect(rows).toHaveLength([...expected.values()].reduce((a, b) => a + b, 0));
});
