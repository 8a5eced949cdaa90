// The participation export read in keyset batches: every member exactly once, in the order of
// lower(name) then id (names that tie across a batch's edge too), with the counts the
// cohort-wide query gives; streamed by the route as the same bytes, hostile names escaped;
// and what a failing query does before and after the first byte.
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Db, rowsOf } from '../../db/client.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import {
  type Participation,
  participationCells,
  participationHeader,
  readParticipation,
} from '../../server/dashboard/participation.ts';
import { toCsv } from '../../server/http/csv.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { seedDashboard } from './helpers.ts';

let t: TestApp;
let cookies: Record<string, string> = {};
let spring = 0;
let crowd = 0;
const get = (url: string) => t.app.inject({ url, headers: { cookie: cookies.organiser ?? '' } });

const header = participationHeader;
const cells = participationCells;

/** The export as one cohort-wide statement (how it was computed before it was batched). */
async function everyoneAtOnce(db: Db, cohortId: number): Promise<Participation[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    SELECT u.name, u.email, e.role, e.created_at,
      coalesce(v.n, 0)::int AS visits, coalesce(c.n, 0)::int AS comments,
      coalesce(w.n, 0)::int AS contributions, coalesce(g.n, 0)::int AS reviews_given,
      coalesce(r.n, 0)::int AS reviews_received
    FROM enrolments e
    JOIN users u ON u.id = e.user_id
    LEFT JOIN (SELECT user_id AS id, count(*) AS n FROM visits
      WHERE cohort_id = ${cohortId} GROUP BY user_id) v ON v.id = e.user_id
    LEFT JOIN (SELECT author_id AS id, count(*) AS n FROM comments
      WHERE cohort_id = ${cohortId} AND deleted_at IS NULL
        AND (thread LIKE 'exhibit:%' OR thread LIKE 'wall:%' OR thread LIKE 'carnival:%'
          OR thread LIKE 'story:%')
      GROUP BY author_id) c ON c.id = e.user_id
    LEFT JOIN (SELECT author_id AS id, count(*) AS n FROM contributions
      WHERE cohort_id = ${cohortId} GROUP BY author_id) w ON w.id = e.user_id
    LEFT JOIN (SELECT reviewer_id AS id, count(*) AS n FROM reviews
      WHERE cohort_id = ${cohortId} AND completed_at IS NOT NULL GROUP BY reviewer_id) g
      ON g.id = e.user_id
    LEFT JOIN (SELECT s.author_id AS id, count(*) AS n FROM reviews x
      JOIN submissions s ON s.id = x.submission_id
      WHERE x.cohort_id = ${cohortId} AND x.completed_at IS NOT NULL GROUP BY s.author_id) r
      ON r.id = e.user_id
    WHERE e.cohort_id = ${cohortId}
    ORDER BY lower(u.name), u.id`),
  );
  return rows.map((r) => ({
    name: String(r.name),
    email: String(r.email),
    role: String(r.role),
    enrolledAt: new Date(r.created_at as string),
    visits: Number(r.visits),
    comments: Number(r.comments),
    contributions: Number(r.contributions),
    reviewsGiven: Number(r.reviews_given),
    reviewsReceived: Number(r.reviews_received),
  }));
}

async function batchesOf(cohortId: number, size: number): Promise<Participation[][]> {
  const batches: Participation[][] = [];
  for await (const batch of readParticipation(t.database.db, cohortId, size)) {
    batches.push(batch);
    // A keyset that does not move on would read the same batch for ever.
    if (batches.length > 100) throw new Error('the batches do not end');
  }
  return batches;
}

/** Names that are one name to lower(), and names a spreadsheet or a CSV parser would trip on. */
const tied = ['anna', 'Anna', 'ANNA', 'aNNa', 'Anna'];
const hostile = ['=cmd|/c calc', 'Quote "Q" Quinn', 'Comma, Carl', 'Two\nLines', 'Élodie'];

/**
 * `count` members enrolled in `cohortId` by one statement, names drawn from `names` (so they
 * tie), each with 0–3 visits and 0–2 comments, one of them in a circle (which never counts).
 */
async function enrolCrowd(cohortId: number, count: number, names: string[], domain: string) {
  const db = t.database.db;
  const list = sql`ARRAY[${sql.join(
    names.map((n) => sql`${n}::text`),
    sql`, `,
  )}]`;
  await db.execute(sql`
    INSERT INTO users (email, name, locale)
    SELECT 'm' || i || ${`@${domain}`}, (${list})[1 + i % ${names.length}], 'en'
      FROM generate_series(1, ${count}) i`);
  const members = sql`SELECT id FROM users WHERE email LIKE ${`%@${domain}`}`;
  await db.execute(sql`
    INSERT INTO enrolments (cohort_id, user_id, created_at)
    SELECT ${cohortId}, id, '2026-03-01T09:00:00Z'::timestamptz FROM (${members}) m`);
  await db.execute(sql`
    INSERT INTO visits (cohort_id, user_id, room_id, exhibit_id, first_at, last_at)
    SELECT ${cohortId}, m.id, 'welcome', x, now(), now()
      FROM (${members}) m, unnest(ARRAY['', 'drawing', 'first-look']) x
     WHERE (m.id + length(x)) % 4 <> 0`);
  await db.execute(sql`
    INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html)
    SELECT ${cohortId}, t.thread, 'welcome', m.id, 'words', '<p>words</p>'
      FROM (${members}) m,
        unnest(ARRAY['exhibit:welcome/drawing', 'circle:1', 'exhibit:welcome/first-look']) t(thread)
     WHERE m.id % 3 <> 0 OR t.thread = 'circle:1'`);
}

beforeAll(async () => {
  t = await buildTestApp();
  const seeded = await seedDashboard(t);
  cookies = seeded.cookies;
  spring = seeded.cohortId;
  await enrolCrowd(spring, 11, [...tied, ...hostile], 'spring.example.org');
  crowd = (
    await createCohort(t.database.db, { slug: 'crowd', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  await enrolCrowd(crowd, 1234, [...tied, ...hostile, 'Bob', 'bob', 'Zoë'], 'crowd.example.org');
});
afterAll(() => t.close());

describe('reading participation in batches', () => {
  it('gives every member once, in order, with the counts of the cohort-wide query', async () => {
    const everyone = await everyoneAtOnce(t.database.db, spring);
    expect(everyone.length).toBe(17);
    // The counts differ among the members, so a row given the wrong counts would show.
    expect(new Set(everyone.map((r) => `${r.visits}/${r.comments}`)).size).toBeGreaterThan(3);
    for (const size of [1, 2, 3, 16, 17, 500]) {
      const batches = await batchesOf(spring, size);
      expect(batches.map((b) => b.length)).toEqual(
        Array.from({ length: Math.ceil(17 / size) }, (_, i) => Math.min(size, 17 - i * size)),
      );
      expect(batches.flat()).toEqual(everyone);
    }
  });

  it('keeps names that tie in lower(name) in id order across the edge of a batch', async () => {
    const batches = await batchesOf(spring, 2);
    const annas = batches.flat().filter((r) => r.name.toLowerCase() === 'anna');
    expect(annas.length).toBeGreaterThanOrEqual(5);
    // Their e-mails are m<n>@…, n in the order of their ids.
    const numbers = annas.map((r) => Number(/^m(\d+)@/.exec(r.email)?.[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const edges = batches.filter((b) => b.some((r) => r.name.toLowerCase() === 'anna'));
    expect(edges.length).toBeGreaterThan(1);
  });

  it('reads nothing for a cohort without members', async () => {
    const empty = await createCohort(t.database.db, {
      slug: 'empty',
      courseId: 'demo',
      startsOn: '2026-03-02',
    });
    expect(await batchesOf(empty.id, 2)).toEqual([]);
  });
});

describe('the streamed export', () => {
  it('is, for more members than a batch holds, the bytes of the whole CSV', async () => {
    const res = await get('/c/crowd/organise/participation');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="crowd-participation.csv"',
    );
    const everyone = await everyoneAtOnce(t.database.db, crowd);
    expect(everyone.length).toBe(1234);
    expect(res.body).toBe(toCsv(header, everyone.map(cells)));
    const emails = [...res.body.matchAll(/m\d+@crowd\.example\.org/g)].map((m) => m[0]);
    expect(new Set(emails).size).toBe(1234);
    expect(emails).toHaveLength(1234);
  });

  it('escapes hostile names as the whole CSV did', async () => {
    const body = (await get('/c/spring/organise/participation')).body;
    expect(body.startsWith('\ufeffname,email,')).toBe(true);
    expect(body).toMatch(/\r\n'=cmd\|\/c calc,m\d+@spring\.example\.org,learner,/);
    expect(body).toMatch(/\r\n"Quote ""Q"" Quinn",m\d+@/);
    expect(body).toMatch(/\r\n"Comma, Carl",m\d+@/);
    expect(body).toMatch(/\r\n"Two\nLines",m\d+@/);
    expect(body).toMatch(/\r\nÉlodie,m\d+@/);
    expect(body).toMatch(/\r\n"'=HYPERLINK\(""x""\)",hyperlinkx@example\.org,/);
    expect(body.endsWith('\r\n')).toBe(true);
  });

  it('shows the error page when the first batch fails, and cuts the download short later', async () => {
    const db = t.database.db;
    const dialect = new PgDialect();
    const execute = db.execute.bind(db);
    let batch = 0;
    let failAt = 1;
    const spy = vi.spyOn(db, 'execute').mockImplementation(((query: SQL) => {
      if (dialect.sqlToQuery(query).sql.includes('lower_name') && ++batch === failAt)
        return Promise.reject(new Error('connection lost'));
      return execute(query);
    }) as typeof db.execute);
    try {
      const first = await get('/c/crowd/organise/participation');
      expect(first.statusCode).toBe(500);
      expect(first.headers['content-type']).toContain('text/html');
      expect(textOf(first)).toContain('Nothing was lost');

      batch = 0;
      failAt = 2;
      // The first 500 members were sent; then the response is destroyed, so the download
      // fails rather than ending as a file that looks whole.
      await expect(get('/c/crowd/organise/participation')).rejects.toThrow(/destroyed/);
      expect(batch).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});
