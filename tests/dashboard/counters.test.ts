// The dashboard's trigger-kept counts (activity per quarter hour, each thread's newest
// comment) against the same numbers counted from the rows themselves, through every change
// a comment, a wall post or a review can go through; and the folds that bring them in.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { comments, contributions, reviews } from '../../db/schema.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { inPublicThread } from '../../server/core/public-threads.ts';
import {
  countActivityPerDay,
  foldActivityCounts,
  listCommentsByThread,
} from '../../server/dashboard/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { at, now, seedDashboard } from './helpers.ts';

let t: TestApp;
let ids: Record<string, number> = {};
let spring = { id: 0, timezone: 'Europe/Amsterdam' };
const db = () => t.database.db;

beforeAll(async () => {
  t = await buildTestApp();
  const seeded = await seedDashboard(t);
  ids = seeded.ids;
  spring = { id: seeded.cohortId, timezone: 'Europe/Amsterdam' };
});
afterAll(() => t.close());

/** The activity per local day as the rows say, counted directly (what the counters replace). */
async function countedFromRows(cohort: { id: number; timezone: string }) {
  const tz = cohort.timezone;
  const rows = rowsOf<{ day: string; kind: string; n: number }>(
    await db().execute(sql`
    SELECT day, kind, count(*)::int AS n FROM (
      SELECT to_char(created_at AT TIME ZONE ${tz}::text, 'YYYY-MM-DD') AS day, 'comments' AS kind
        FROM comments WHERE cohort_id = ${cohort.id} AND ${inPublicThread(sql.raw('thread'))}
        AND hidden_at IS NULL AND deleted_at IS NULL
      UNION ALL SELECT to_char(created_at AT TIME ZONE ${tz}::text, 'YYYY-MM-DD'), 'posts'
        FROM contributions WHERE cohort_id = ${cohort.id} AND hidden_at IS NULL
      UNION ALL SELECT to_char(completed_at AT TIME ZONE ${tz}::text, 'YYYY-MM-DD'), 'reviews'
        FROM reviews WHERE cohort_id = ${cohort.id} AND completed_at IS NOT NULL
    ) AS a GROUP BY day, kind`),
  );
  const byDay = new Map<string, { comments: number; posts: number; reviews: number }>();
  for (const r of rows) {
    const entry = byDay.get(r.day) ?? { comments: 0, posts: 0, reviews: 0 };
    entry[r.kind as 'comments' | 'posts' | 'reviews'] = Number(r.n);
    byDay.set(r.day, entry);
  }
  return byDay;
}

async function expectCountersMatchRows(cohort: { id: number; timezone: string }) {
  const counted = await countedFromRows(cohort);
  const shown = await countActivityPerDay(db(), cohort, now, 28);
  for (const day of shown) {
    const expected = counted.get(day.day) ?? { comments: 0, posts: 0, reviews: 0 };
    expect({ day: day.day, ...expected }).toEqual(day);
  }
  return shown;
}

const comment = (cohortId: number, thread: string, authorId: number, when: Date) =>
  createComment(db(), {
    cohortId,
    thread,
    roomId: 'welcome',
    parentId: null,
    authorId,
    bodyMd: 'words',
    bodyHtml: '<p>words</p>',
    now: when,
  });

describe('the activity counters', () => {
  it('follow comments hidden, shown again, removed and deleted, and leave circles out', async () => {
    const cohort = spring;
    const before = await expectCountersMatchRows(cohort);
    expect(before.reduce((n, d) => n + d.comments, 0)).toBe(3);
    const author = ids.Annemarie ?? 0;
    const thread = 'exhibit:welcome/drawing';
    // 23:10 UTC on the 15th is ten past midnight on the 16th in Amsterdam.
    const late = await comment(cohort.id, thread, author, at('15T23:10:00'));
    await comment(cohort.id, 'circle:1', author, at('16T10:00:00'));
    const shown = await expectCountersMatchRows(cohort);
    expect(shown.find((d) => d.day === '2026-03-16')?.comments).toBe(1);
    expect(shown.find((d) => d.day === '2026-03-15')?.comments).toBe(0);

    await db().update(comments).set({ hiddenAt: now }).where(eq(comments.id, late.id));
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.comments, 0)).toBe(3);
    await db().update(comments).set({ hiddenAt: null }).where(eq(comments.id, late.id));
    await db().update(comments).set({ deletedAt: now }).where(eq(comments.id, late.id));
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.comments, 0)).toBe(3);
    await db().update(comments).set({ deletedAt: null }).where(eq(comments.id, late.id));
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.comments, 0)).toBe(4);
    await db().delete(comments).where(eq(comments.id, late.id));
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.comments, 0)).toBe(3);
  });

  it('follow wall posts hidden and deleted, and reviews completed', async () => {
    const cohort = spring;
    const post = await createContribution(db(), {
      cohortId: cohort.id,
      roomId: 'welcome',
      authorId: ids.Dora ?? 0,
      title: 'Another find',
      url: null,
      noteMd: 'why',
      noteHtml: '<p>why</p>',
      now: at('18T10:00:00'),
    });
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.posts, 0)).toBe(2);
    await db().update(contributions).set({ hiddenAt: now }).where(eq(contributions.id, post.id));
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.posts, 0)).toBe(1);
    await db().update(contributions).set({ hiddenAt: null }).where(eq(contributions.id, post.id));
    await db().delete(contributions).where(eq(contributions.id, post.id));
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.posts, 0)).toBe(1);

    // A review moved to another day counts on the new one only; one un-completed not at all.
    const [review] = await db().select().from(reviews).where(eq(reviews.cohortId, cohort.id));
    if (!review) throw new Error('no review');
    await db()
      .update(reviews)
      .set({ completedAt: at('12T10:00:00') })
      .where(eq(reviews.id, review.id));
    const moved = await expectCountersMatchRows(cohort);
    expect(moved.find((d) => d.day === '2026-03-12')?.reviews).toBe(1);
    await db().update(reviews).set({ completedAt: null }).where(eq(reviews.id, review.id));
    expect((await expectCountersMatchRows(cohort)).reduce((n, d) => n + d.reviews, 0)).toBe(1);
  });

  it('make local days of quarter hours in a zone three quarters off the hour', async () => {
    const cohort = await createCohort(db(), {
      slug: 'kathmandu',
      courseId: 'demo',
      startsOn: '2026-03-02',
      timezone: 'Asia/Kathmandu',
    });
    const author = ids.Bartholomew ?? 0;
    // UTC+5:45: 18:10 UTC is 23:55 on the 17th, 18:20 UTC is 00:05 on the 18th.
    await comment(cohort.id, 'exhibit:welcome/drawing', author, at('17T18:10:00'));
    await comment(cohort.id, 'exhibit:welcome/drawing', author, at('17T18:20:00'));
    const shown = await expectCountersMatchRows(cohort);
    expect(shown.find((d) => d.day === '2026-03-17')?.comments).toBe(1);
    expect(shown.find((d) => d.day === '2026-03-18')?.comments).toBe(1);
  });

  it('are folded for every cohort by the minute tick, once however many fold at once', async () => {
    await comment(spring.id, 'exhibit:welcome/first-look', ids.Dora ?? 0, at('19T15:00:00'));
    const pending = async () =>
      rowsOf<{ n: number }>(
        await db().execute(sql`SELECT count(*)::int AS n FROM activity_count_deltas`),
      )[0]?.n;
    expect(await pending()).toBeGreaterThan(0);
    await Promise.all([foldActivityCounts(db()), foldActivityCounts(db())]);
    expect(await pending()).toBe(0);
    await expectCountersMatchRows(spring);
    expect(t.app.ticks.names).toContain('dashboard: fold activity counts');
  });
});

describe('deleting a cohort', () => {
  it('takes its comments, finds, reviews and their counts with it', async () => {
    const gone = await createCohort(db(), {
      slug: 'gone',
      courseId: 'demo',
      startsOn: '2026-03-02',
    });
    await comment(gone.id, 'exhibit:welcome/drawing', ids.Dora ?? 0, at('18T10:00:00'));
    await createContribution(db(), {
      cohortId: gone.id,
      roomId: 'welcome',
      authorId: ids.Dora ?? 0,
      title: 'A find that goes',
      url: null,
      noteMd: 'why',
      noteHtml: '<p>why</p>',
      now: at('18T10:00:00'),
    });
    await countActivityPerDay(db(), { id: gone.id, timezone: 'Europe/Amsterdam' }, now, 28);
    await db().execute(sql`DELETE FROM cohorts WHERE id = ${gone.id}`);
    const left = rowsOf<{ n: number }>(
      await db().execute(sql`SELECT
        (SELECT count(*) FROM activity_counts WHERE cohort_id = ${gone.id})
        + (SELECT count(*) FROM activity_count_deltas WHERE cohort_id = ${gone.id})
        + (SELECT count(*) FROM thread_count_deltas WHERE cohort_id = ${gone.id}) AS n`),
    );
    expect(Number(left[0]?.n)).toBe(0);
  });
});

describe("a thread's newest comment", () => {
  const newest = async (thread: string) =>
    (await listCommentsByThread(db(), spring.id)).find((r) => r.thread === thread)?.lastComment ??
    null;

  it('goes back to the one before when the newest is hidden or removed, and to none', async () => {
    const thread = 'exhibit:welcome/a-long-talk';
    expect(await newest(thread)).toBeNull();
    const first = await comment(spring.id, thread, ids.Dora ?? 0, at('18T09:00:00'));
    const second = await comment(spring.id, thread, ids.Dora ?? 0, at('18T10:00:00'));
    expect(await newest(thread)).toEqual(at('18T10:00:00'));
    await db().update(comments).set({ hiddenAt: now }).where(eq(comments.id, second.id));
    expect(await newest(thread)).toEqual(at('18T09:00:00'));
    await db().update(comments).set({ hiddenAt: null }).where(eq(comments.id, second.id));
    expect(await newest(thread)).toEqual(at('18T10:00:00'));
    await db()
      .delete(comments)
      .where(and(eq(comments.thread, thread), eq(comments.cohortId, spring.id)));
    expect(first.id).toBeLessThan(second.id);
    expect(await newest(thread)).toBeNull();
  });
});
