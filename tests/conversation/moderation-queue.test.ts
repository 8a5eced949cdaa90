// The moderation queue pages each of its lists 50 at a time by cursor: every report once, in
// order of its first report, also when reports share a millisecond (the database keeps
// microseconds) or the very same instant (the id decides); a cursor that does not read back,
// or an old page number, is the first page; a decision brings the organiser back where they were.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { encodeCursor } from '../../server/core/cursor.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let organiser = '';
let cohortId = 0;
const queue = '/c/spring/organise/moderation';

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  organiser = await signIn(t, {
    email: 'org@example.org',
    name: 'Olga',
    cohorts: ['spring'],
    role: 'organiser',
  });
});

const idOf = async (email: string) => (await findUserByEmail(t.database.db, email))?.id ?? 0;

/**
 * `n` reported comments (or finds), newest first by id, whose first reports fall within one
 * millisecond: three at each microsecond. Bo reports every other one again later, which must
 * not move it. Returns the ids in the order the queue should show them.
 */
async function reported(kind: 'comment' | 'find', n: number): Promise<number[]> {
  const ann = await idOf('ann@example.org');
  const bo = await idOf('bo@example.org');
  const db = t.database.db;
  const result =
    kind === 'comment'
      ? await db.execute(sql`
          INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html)
          SELECT ${cohortId}, 'exhibit:welcome/drawing', 'welcome', ${ann}, 'c' || g, '<p>c' || g || '</p>'
            FROM generate_series(1, ${n}) g RETURNING id`)
      : await db.execute(sql`
          INSERT INTO contributions (cohort_id, room_id, author_id, title, note_md, note_html)
          SELECT ${cohortId}, 'welcome', ${ann}, 'f' || g, 'n' || g, '<p>n' || g || '</p>'
            FROM generate_series(1, ${n}) g RETURNING id`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    id: number;
  }[];
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => b - a);
  const table = kind === 'comment' ? sql`flags` : sql`contribution_flags`;
  const column = kind === 'comment' ? sql`comment_id` : sql`contribution_id`;
  const items = kind === 'comment' ? sql`comments` : sql`contributions`;
  const ranked = sql`(SELECT id, row_number() OVER (ORDER BY id DESC) - 1 AS i FROM ${items} WHERE cohort_id = ${cohortId}) AS r`;
  await db.execute(sql`
    INSERT INTO ${table} (cohort_id, ${column}, user_id, reason, created_at)
    SELECT ${cohortId}, r.id, ${ann}, 'Spam',
           '2026-03-09T10:00:00.123Z'::timestamptz + make_interval(secs => (r.i / 3) * 0.000001)
      FROM ${ranked}`);
  await db.execute(sql`
    INSERT INTO ${table} (cohort_id, ${column}, user_id, reason, created_at)
    SELECT ${cohortId}, r.id, ${bo}, 'Rude', now() FROM ${ranked} WHERE r.i % 2 = 0`);
  // The queue's order: first report's microsecond, then id.
  return ids
    .map((id, i) => [Math.floor(i / 3), id] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, id]) => id);
}

const get = (url: string) => t.app.inject({ url, headers: { cookie: organiser } });
const itemsOn = (html: string, field: 'comment' | 'find') =>
  [...html.matchAll(new RegExp(`name="${field}" value="(\\d+)"`, 'g'))].map((m) => Number(m[1]));
/** The "Next" link under the comments (first) or the finds (second). */
const nextLinks = (html: string) =>
  [...html.matchAll(/rel="next" href="([^"]*)"/g)].map((m) =>
    (m[1] ?? '').replaceAll('&amp;', '&'),
  );

const paramOf = (url: string, name: string) => new URL(url, 'http://x').searchParams.get(name);

/** Follows one list's "Next" (the link that moves that list's cursor) to its end. */
async function walk(field: 'comment' | 'find') {
  const cursor = field === 'comment' ? 'after' : 'finds_after';
  const pages: { url: string; ids: number[]; body: string }[] = [];
  for (let url: string | undefined = queue; url && pages.length < 10; ) {
    const res = await get(url);
    expect(res.statusCode, url).toBe(200);
    pages.push({ url, ids: itemsOn(res.body, field), body: res.body });
    const here = paramOf(url, cursor);
    url = nextLinks(res.body).find((l) => ![null, here].includes(paramOf(l, cursor)));
  }
  return pages;
}

describe('the moderation queue', () => {
  it('pages reported comments 50 at a time, each once, in order to the microsecond', async () => {
    const expected = await reported('comment', 120);
    const pages = await walk('comment');
    expect(pages.map((p) => p.ids.length)).toEqual([50, 50, 20]);
    expect(pages.flatMap((p) => p.ids)).toEqual(expected);
    expect(pages[0]?.body).not.toContain('Back to the oldest reports');
    expect(pages[1]?.body).toContain(`href="${queue}"`);
    expect(pages[2]?.body).not.toContain('rel="next"');
  });

  it('pages reported finds with their own cursor, keeping the comments where they are', async () => {
    await reported('comment', 60);
    const finds = await reported('find', 55);
    const comments2 = nextLinks((await get(queue)).body)[0] ?? '';
    expect(comments2).toMatch(/^\/c\/spring\/organise\/moderation\?after=[\w-]+$/);
    const onComments2 = await get(comments2);
    expect(itemsOn(onComments2.body, 'comment')).toHaveLength(10);
    // Page 2 of the comments shows the first finds; their "Next" keeps the comments' cursor.
    expect(itemsOn(onComments2.body, 'find')).toEqual(finds.slice(0, 50));
    const findsNext = nextLinks(onComments2.body)[0] ?? '';
    const params = new URL(findsNext, 'http://x').searchParams;
    expect(params.get('after')).toBe(paramOf(comments2, 'after'));
    const onFinds2 = await get(findsNext);
    expect(itemsOn(onFinds2.body, 'find')).toEqual(finds.slice(50));
    expect(itemsOn(onFinds2.body, 'comment')).toEqual(itemsOn(onComments2.body, 'comment'));
  });

  it('shows the first page for a bad or stale cursor and for an old page number', async () => {
    const expected = await reported('comment', 60);
    const first = expected.slice(0, 50);
    for (const query of [
      'page=2',
      'after=nonsense',
      'finds_after=%25',
      `after=${encodeCursor(['2026-02-31T10:00:00.000000Z', 1])}`,
      `after=${encodeCursor(['2026-03-09T10:00:00.123Z', 1])}`,
      `after=${encodeCursor(['2099-01-01T00:00:00.000000Z', 1])}`,
    ]) {
      const res = await get(`${queue}?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(itemsOn(res.body, 'comment'), query).toEqual(first);
    }
  });

  it('brings the organiser back to the page they decided on', async () => {
    const expected = await reported('comment', 55);
    const second = nextLinks((await get(queue)).body)[0] ?? '';
    const target = expected[52] ?? 0;
    const { res } = await submit(
      t.app,
      second,
      queue,
      { comment: String(target), action: 'dismiss', after: paramOf(second, 'after') ?? '' },
      organiser,
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(second);
    const after = itemsOn((await get(second)).body, 'comment');
    expect(after).toEqual(expected.slice(50).filter((id) => id !== target));
    // A cursor that does not read back is not carried along.
    const bad = await submit(
      t.app,
      queue,
      queue,
      { comment: String(expected[0]), action: 'dismiss', after: 'x' },
      organiser,
    );
    expect(bad.res.headers.location).toBe(queue);
  });
});
