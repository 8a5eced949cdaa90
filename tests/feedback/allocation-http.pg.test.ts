// The allocation invariant through the front door, on PostgreSQL: dozens of learners press
// "Review a peer" in the same moment (parallel HTTP requests, each with its own session,
// CSRF check and transaction). No submission gets a reviewer too many while another is
// short.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { day, feedback, handIn, seedCohort } from './helpers.ts';

let t: TestApp;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 24 });
  if (database.kind !== 'postgres') throw new Error('this file needs TEST_DATABASE_URL');
  t = await buildTestApp({ database });
});
afterAll(async () => {
  await t.close();
  await database.close();
});

describe('"Review a peer" pressed by 35 learners at once (PostgreSQL)', () => {
  it('fills every submission to 3 before any gets a fourth', async () => {
    const authors = Array.from({ length: 10 }, (_, i) => `Author${i}`);
    const { cookies } = await seedCohort(t, authors);
    for (const [i, name] of authors.entries()) {
      t.setNow(day(3, 9 + i));
      await handIn(t.app, cookies[name] ?? '', `The work of ${name}.`);
    }
    t.setNow(day(4));
    const reviewers: string[] = [];
    for (let i = 0; i < 35; i++) {
      reviewers.push(
        await signIn(t, { email: `reviewer${i}@example.org`, name: `R${i}`, cohorts: ['spring'] }),
      );
    }
    const answers = await Promise.all(
      reviewers.map((cookie) => submit(t.app, feedback, `${feedback}/review`, {}, cookie)),
    );
    expect(answers.map((a) => a.res.statusCode).every((s) => s === 303)).toBe(true);
    expect(answers.every((a) => /\/submissions\/\d+$/.test(a.res.headers.location ?? ''))).toBe(
      true,
    );
    const loads = rowsOf<{ load: number }>(
      await database.db.execute(sql`SELECT (SELECT count(*)::int FROM reviews r
        WHERE r.submission_id = s.id) AS load FROM submissions s ORDER BY s.id`),
    ).map((r) => Number(r.load));
    // 35 leases over 10 submissions: five at 4, five at 3, none outside.
    expect(loads.toSorted()).toEqual([3, 3, 3, 3, 3, 4, 4, 4, 4, 4]);
  });
});
