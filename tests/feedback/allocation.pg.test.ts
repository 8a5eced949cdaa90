// Allocation under load, on PostgreSQL (PGlite has one connection, so nothing runs at the
// same moment there): many reviewers pressing "Review a peer" at once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../db/client.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { allocateReview } from '../../server/feedback/allocation.ts';
import { completeReview, saveSubmission } from '../../server/feedback/queries.ts';
import { createTestDatabase, resetDatabase } from '../helpers/db.ts';

const required = 3;
const now = new Date('2026-03-04T12:00:00Z');
const leaseMs = 24 * 3_600_000;
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

async function people(prefix: string, n: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const user = await ensureUser(database.db, {
      email: `${prefix}${i}@example.org`,
      name: `${prefix} ${i}`,
      locale: 'en',
    });
    ids.push(user.id);
  }
  return ids;
}

async function handIn(authors: number[]) {
  for (const [i, authorId] of authors.entries()) {
    await saveSubmission(database.db, {
      cohortId,
      roomId: 'welcome',
      authorId,
      bodyMd: `work ${i}`,
      bodyHtml: `<p>work ${i}</p>`,
      url: null,
      late: false,
      now: new Date(now.getTime() - (authors.length - i) * 60_000),
    });
  }
}

/** Completed reviews plus unexpired leases, per submission. */
async function loads(): Promise<number[]> {
  const rows = rowsOf<{ load: number }>(
    await database.db.execute(sql`SELECT s.reviews_done + (SELECT count(*)::int FROM reviews r
      WHERE r.submission_id = s.id AND r.completed_at IS NULL) AS load
      FROM submissions s ORDER BY s.id`),
  );
  return rows.map((r) => Number(r.load));
}

const allocate = (reviewerId: number) =>
  allocateReview(database.db, { cohortId, roomId: 'welcome', reviewerId, leaseMs, now });

describe('allocation under concurrency (PostgreSQL)', () => {
  it('never pushes a submission past reviews_required while another is below it', async () => {
    const authors = await people('author', 20);
    await handIn(authors);
    // 72 reviewers who handed nothing in (so every submission is eligible for each) press
    // at the same moment: 60 fill every submission to 3, the other 12 go one over.
    const reviewers = await people('reviewer', 72);
    const leases = await Promise.all(reviewers.map(allocate));
    expect(leases.every((l) => l?.fresh)).toBe(true);
    const load = await loads();
    expect(load.reduce((a, b) => a + b, 0)).toBe(72);
    // Had two allocations read the same counts, one submission would hold 4 or more while
    // another still held 2.
    expect(Math.min(...load)).toBe(required);
    expect(Math.max(...load)).toBe(required + 1);
    expect(load.filter((n) => n > required)).toHaveLength(12);
  });

  it('gets every submission to reviews_required when enough reviewers exist', async () => {
    const learners = await people('learner', 12);
    await handIn(learners);
    // Every learner reviews three peers, all at once: lease, write, send, next.
    await Promise.all(
      learners.map(async (reviewerId) => {
        for (let i = 0; i < required; i++) {
          const lease = await allocate(reviewerId);
          if (!lease) throw new Error('nothing handed out');
          expect(await completeReview(database.db, lease.reviewId, { works: 'ok' }, now)).toBe(
            true,
          );
        }
      }),
    );
    let load = await loads();
    expect(load.reduce((a, b) => a + b, 0)).toBe(12 * required);
    // A learner's own work and the ones they already reviewed are never theirs to take, so
    // in some interleavings one or two submissions end a review short…
    expect(Math.min(...load)).toBeGreaterThanOrEqual(required - 1);
    // …and one more reviewer (an organiser, or a learner doing extra) closes the gap:
    // "Review a peer" always hands out the shortest work first.
    const [extra = 0] = await people('organiser', 1);
    for (let i = 0; i < 3 && Math.min(...load) < required; i++) {
      const lease = await allocate(extra);
      if (!lease) break;
      await completeReview(database.db, lease.reviewId, { works: 'ok' }, now);
      load = await loads();
    }
    expect(load.every((n) => n >= required)).toBe(true);
  });
});
