// Who's here and a member's page: order by name (never activity), 24 a page by cursor, each filter,
// listed and unlisted members, what a member wrote that others can see, and the 404s.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { comments, contributions, enrolments, users, visits } from '../../db/schema.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { exhibitThread, formatThreadKey, wallThread } from '../../server/core/thread-key.ts';
import type { LanguageCode } from '../../server/profile/forms.ts';
import { saveProfile } from '../../server/profile/queries.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { type Name, peoplePage, type Seeded, seed, today } from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, ['Cas', 'Ann', 'Bo', 'Dee']);
});

const profile = (name: Name, values: Partial<Parameters<typeof saveProfile>[1]> = {}) =>
  saveProfile(t.database.db, {
    cohortId: s.cohortId,
    userId: s.ids[name] ?? 0,
    now: today,
    intro: `${name} here.`,
    answers: {},
    languages: [],
    timeBand: null,
    link1: null,
    link2: null,
    listed: true,
    ...values,
  });

/** The names on a page of who's here, in the order shown. */
const namesOn = (html: string) =>
  [...html.matchAll(/<h3 class="who" id="person-\d+-name">.*?<bdi>([^<]*)<\/bdi>/g)].map(
    (m) => m[1],
  );

const get = (url: string, cookie = s.cookies.Ann) => t.app.inject({ url, headers: { cookie } });

/** The ids of the members on a page, in the order shown. */
const idsOn = (html: string) =>
  [...html.matchAll(/<h3 class="who" id="person-(\d+)-name">/g)].map((m) => Number(m[1]));

const linkOn = (html: string, rel: 'next' | 'prev') =>
  html.match(new RegExp(`rel="${rel}" href="([^"]*)"`))?.[1]?.replaceAll('&amp;', '&') ?? null;

type Page = {
  url: string;
  body: string;
  names: string[];
  ids: number[];
  next: string | null;
  prev: string | null;
};

/** Follows "Next" (or "Previous") links from a page to the end, one page each. */
async function walk(url: string, rel: 'next' | 'prev'): Promise<Page[]> {
  const pages: Page[] = [];
  for (let at: string | null = url; at && pages.length < 10; ) {
    const res = await get(at);
    expect(res.statusCode, at).toBe(200);
    const body = res.body;
    pages.push({
      url: at,
      body,
      names: namesOn(body) as string[],
      ids: idsOn(body),
      next: linkOn(body, 'next'),
      prev: linkOn(body, 'prev'),
    });
    at = linkOn(body, rel);
  }
  return pages;
}

const byNameThenId = (a: readonly [string, number], b: readonly [string, number]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];

const profileValues = (userId: number) => ({
  cohortId: s.cohortId,
  userId,
  now: today,
  intro: '',
  answers: {},
  languages: [] as LanguageCode[],
  timeBand: null,
  link1: null,
  link2: null,
  listed: true,
});

let enrolled = 0;
/** Enrols `n` members at once (named by `nameOf`), optionally with a profile's languages. */
async function enrolMany(n: number, nameOf: (i: number) => string, languages?: LanguageCode[]) {
  const stamp = ++enrolled;
  const rows = await t.database.db
    .insert(users)
    .values(
      Array.from({ length: n }, (_, i) => ({
        email: `m${stamp}${i}@example.org`,
        name: nameOf(i),
      })),
    )
    .returning({ id: users.id });
  const ids = rows.map((r) => r.id);
  await t.database.db
    .insert(enrolments)
    .values(ids.map((userId) => ({ cohortId: s.cohortId, userId, createdAt: today })));
  if (languages)
    for (const userId of ids)
      await saveProfile(t.database.db, { ...profileValues(userId), languages });
  return ids;
}

describe("who's here", () => {
  it('lists members by name, with faces and intros, not the organiser who is not enrolled', async () => {
    await profile('Ann', { intro: 'Chemistry teacher.' });
    const res = await get(peoplePage);
    expect(res.statusCode).toBe(200);
    expect(namesOn(res.body)).toEqual(['Ann', 'Bo', 'Cas', 'Dee']);
    expect(res.body).toContain('class="avatar avatar-m');
    expect(textOf(res)).toContain('Chemistry teacher.');
    expect(textOf(res)).toContain('4 participants');
    expect(res.body).toContain(`href="/c/spring/people/${s.ids.Bo}"`);
  });

  it('leaves out members who unticked listed, except for organisers and themselves', async () => {
    await profile('Bo', { listed: false });
    expect(namesOn((await get(peoplePage)).body)).toEqual(['Ann', 'Cas', 'Dee']);
    const own = await get(peoplePage, s.cookies.Bo);
    expect(namesOn(own.body)).toEqual(['Ann', 'Bo', 'Cas', 'Dee']);
    expect(textOf(own)).toContain('not listed');
    const organiser = await get(peoplePage, s.organiser);
    expect(organiser.statusCode).toBe(200);
    expect(namesOn(organiser.body)).toEqual(['Ann', 'Bo', 'Cas', 'Dee']);
    expect(textOf(organiser)).toContain('not listed');
  });

  it('pages 24 at a time by name then id, forwards and back, each member once', async () => {
    // Two people of each name: the id decides between them, also across a page's edge.
    await enrolMany(46, (i) => `Person ${String(Math.floor(i / 2)).padStart(2, '0')}`);
    // 50 members: pages of 24, 24 and 2.
    const forwards = await walk(peoplePage, 'next');
    expect(forwards.map((p) => p.ids.length)).toEqual([24, 24, 2]);
    expect(forwards[0]?.names.slice(0, 4)).toEqual(['Ann', 'Bo', 'Cas', 'Dee']);
    expect(forwards[2]?.names).toEqual(['Person 22', 'Person 22']);
    expect(forwards[0]?.body).not.toContain('rel="prev"');
    expect(forwards[2]?.body).not.toContain('rel="next"');
    expect(forwards[1]?.next).toMatch(/^\/c\/spring\/people\?after=[\w-]+$/);
    const ids = forwards.flatMap((p) => p.ids);
    expect(new Set(ids).size).toBe(50);
    const rows = forwards.flatMap((p) => p.names.map((name, i) => [name, p.ids[i] ?? 0] as const));
    expect(rows).toEqual([...rows].sort(byNameThenId));
    // Back from the last page: the same pages, the first one whole and without "Previous".
    const backwards = await walk(forwards[2]?.url ?? '', 'prev');
    expect(backwards.map((p) => p.ids).reverse()).toEqual(forwards.map((p) => p.ids));
    expect(backwards[2]?.body).not.toContain('rel="prev"');
    expect(textOf(forwards[1]?.body ?? '')).toContain('50 participants');
  });

  it('keeps the filters in its links and pages through the filtered members only', async () => {
    const ids = await enrolMany(30, (i) => `Twin ${String(Math.floor(i / 3)).padStart(2, '0')}`);
    for (const [i, userId] of ids.entries())
      await saveProfile(t.database.db, {
        ...profileValues(userId),
        languages: i % 3 === 2 ? ['de'] : ['nl'],
        timeBand: i % 2 === 0 ? 'evening' : null,
      });
    const nl = await walk(`${peoplePage}?language=nl`, 'next');
    expect(nl.map((p) => p.ids.length)).toEqual([20]);
    const evening = ids.filter((_, i) => i % 2 === 0);
    const both = await walk(`${peoplePage}?language=nl&time=evening`, 'next');
    expect(both.flatMap((p) => p.ids)).toEqual(evening.filter((_, i) => (i * 2) % 3 !== 2));
    // Everyone (34): the links carry the filter along with the cursor.
    await profile('Ann', { languages: ['nl'] });
    for (let i = 0; i < 8; i++) await enrolMany(1, () => `Nl ${i}`, ['nl']);
    const pages = await walk(`${peoplePage}?language=nl`, 'next');
    expect(pages.map((p) => p.ids.length)).toEqual([24, 5]);
    expect(pages[0]?.next).toMatch(/^\/c\/spring\/people\?language=nl&after=[\w-]+$/);
    expect(pages[1]?.prev).toMatch(/^\/c\/spring\/people\?language=nl&before=[\w-]+$/);
    expect(new Set(pages.flatMap((p) => p.ids)).size).toBe(29);
  });

  it('shows the first page for an old page number, a bad cursor or one past either end', async () => {
    await enrolMany(30, (i) => `Person ${String(i).padStart(2, '0')}`);
    const first = await walk(peoplePage, 'next');
    const firstIds = first[0]?.ids;
    expect(firstIds).toHaveLength(24);
    const next = first[0]?.next ?? '';
    const cursor = next.slice(next.indexOf('=') + 1);
    for (const query of [
      'page=2',
      'page=x',
      'after=nonsense',
      'before=%25%25',
      `after=${cursor.slice(0, -3)}`,
      `after=${Buffer.from(JSON.stringify(['Ann', 'x'])).toString('base64url')}`,
      `after=${Buffer.from(JSON.stringify(['zzz', 1])).toString('base64url')}`,
      `before=${Buffer.from(JSON.stringify(['A', 1])).toString('base64url')}`,
    ]) {
      const res = await get(`${peoplePage}?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(idsOn(res.body), query).toEqual(firstIds);
      expect(res.body, query).not.toContain('rel="prev"');
    }
    // The member a cursor names has left: the next page still starts right after them.
    const lastShown = firstIds?.at(-1) ?? 0;
    await t.database.db
      .delete(enrolments)
      .where(and(eq(enrolments.cohortId, s.cohortId), eq(enrolments.userId, lastShown)));
    expect(idsOn((await get(next)).body)).toEqual(first[1]?.ids);
  });

  it('filters by language, time band and answered prompt (with the answer), keeping the filter in the pages', async () => {
    await profile('Ann', { languages: ['nl', 'en'], timeBand: 'evening' });
    await profile('Bo', {
      languages: ['de'],
      timeBand: 'morning',
      answers: { 'keeps-you-up': 'Deadlines.' },
    });
    await profile('Cas', { languages: ['nl'], answers: { 'favourite-tool': 'Pen.' } });
    expect(namesOn((await get(`${peoplePage}?language=nl`)).body)).toEqual(['Ann', 'Cas']);
    expect(namesOn((await get(`${peoplePage}?time=morning`)).body)).toEqual(['Bo']);
    const prompt = await get(`${peoplePage}?prompt=keeps-you-up`);
    expect(namesOn(prompt.body)).toEqual(['Bo']);
    expect(textOf(prompt)).toContain('What keeps you up at night? Deadlines.');
    expect(namesOn((await get(`${peoplePage}?language=nl&time=evening`)).body)).toEqual(['Ann']);
    // Filters the page does not offer are no filter at all.
    expect(namesOn((await get(`${peoplePage}?language=xx&prompt=nope`)).body)).toHaveLength(4);
    // The filter form works without JavaScript: a GET form with the choices kept.
    const page = await get(`${peoplePage}?language=de`);
    expect(page.body).toMatch(
      /<form class="panel people-filters" method="get" action="\/c\/spring\/people"/,
    );
    expect(page.body).toContain('<option value="de" selected>');
  });

  it("filters by a visit to this week's room, and only that room", async () => {
    const visit = (name: Name, roomId: string) =>
      t.database.db.insert(visits).values({
        cohortId: s.cohortId,
        userId: s.ids[name] ?? 0,
        roomId,
        firstAt: today,
        lastAt: today,
      });
    await visit('Dee', 'walking');
    await visit('Ann', 'welcome');
    const res = await get(`${peoplePage}?room=walking`);
    expect(namesOn(res.body)).toEqual(['Dee']);
    expect(textOf(res)).toContain("Has been in this week's room (The Long Gallery)");
    // Last week's room is not a filter here.
    expect(namesOn((await get(`${peoplePage}?room=welcome`)).body)).toHaveLength(4);
  });

  it('filters members who enrolled in the last 7 days', async () => {
    await t.database.db
      .update(enrolments)
      .set({ createdAt: new Date('2026-03-01T10:00:00Z') })
      .where(eq(enrolments.cohortId, s.cohortId));
    await t.database.db
      .update(enrolments)
      .set({ createdAt: new Date('2026-03-04T10:00:00Z') })
      .where(and(eq(enrolments.cohortId, s.cohortId), eq(enrolments.userId, s.ids.Cas ?? 0)));
    expect(namesOn((await get(`${peoplePage}?new=1`)).body)).toEqual(['Cas']);
  });

  it('says so when nobody matches, with a way back to everyone', async () => {
    const res = await get(`${peoplePage}?time=weekend`);
    expect(namesOn(res.body)).toEqual([]);
    expect(textOf(res)).toContain('Nobody matches this choice.');
    expect(res.body).toContain('href="/c/spring/people"');
  });

  it('speaks Dutch in a Dutch course', async () => {
    s = await seed(t, ['Ann'], { locale: 'nl', courseId: 'leren' });
    const res = await get(peoplePage);
    expect(textOf(res)).toContain('Wie is er');
    expect(textOf(res)).toContain('1 deelnemer');
    expect(textOf(res)).toContain('Je hebt je nog niet voorgesteld.');
  });

  it('is for members and organisers only', async () => {
    const outsider = await signIn(t, { email: 'out@example.org' });
    expect((await get(peoplePage, outsider)).statusCode).toBe(403);
    expect((await get(peoplePage, '')).statusCode).toBe(303);
  });
});

describe("a member's page", () => {
  const thread = formatThreadKey(exhibitThread('welcome', 'drawing'));
  const write = (
    name: Name,
    body: string,
    at: string,
    extra: Partial<{ thread: string; roomId: string; parentId: number | null }> = {},
  ) =>
    createComment(t.database.db, {
      cohortId: s.cohortId,
      thread,
      roomId: 'welcome',
      parentId: null,
      authorId: s.ids[name] ?? 0,
      bodyMd: body,
      bodyHtml: `<p>${body}</p>`,
      now: new Date(at),
      ...extra,
    });

  it('shows the profile and what they wrote that others can see, newest first, linked to the exhibit', async () => {
    await profile('Bo', {
      intro: 'Bo in a few words.',
      answers: { 'keeps-you-up': 'The news.' },
      languages: ['fr'],
      timeBand: 'weekend',
      link1: 'https://bo.example.org/',
    });
    const older = await write('Bo', 'An older thought', '2026-03-03T10:00:00Z');
    const newer = await write('Bo', 'A newer thought', '2026-03-09T10:00:00Z');
    const hidden = await write('Bo', 'Hidden by a moderator', '2026-03-09T11:00:00Z');
    await t.database.db.update(comments).set({ hiddenAt: today }).where(eq(comments.id, hidden.id));
    const gone = await write('Bo', 'Deleted by Bo', '2026-03-09T12:00:00Z');
    await t.database.db.update(comments).set({ deletedAt: today }).where(eq(comments.id, gone.id));
    // A closed room's thread (an organiser could have put it there): not yet seen by others.
    await write('Bo', 'In a closed room', '2026-03-09T13:00:00Z', {
      thread: formatThreadKey(exhibitThread('sharing', 'share')),
      roomId: 'sharing',
    });
    // Under a find that an organiser hid.
    const find = await createContribution(t.database.db, {
      cohortId: s.cohortId,
      roomId: 'welcome',
      authorId: s.ids.Ann ?? 0,
      title: 'A find',
      url: null,
      noteMd: 'n',
      noteHtml: '<p>n</p>',
      now: today,
    });
    await write('Bo', 'Under a hidden find', '2026-03-09T14:00:00Z', {
      thread: formatThreadKey(wallThread(find.id)),
    });
    await t.database.db.update(contributions).set({ hiddenAt: today });
    await write('Ann', 'Not Bo', '2026-03-09T15:00:00Z');

    const res = await get(`/c/spring/people/${s.ids.Bo}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('Bo in a few words.');
    expect(text).toContain('What keeps you up at night? The news.');
    expect(text).toContain('French');
    expect(text).toContain('At the weekend');
    expect(res.body).toContain('href="https://bo.example.org/"');
    expect(text.indexOf('A newer thought')).toBeLessThan(text.indexOf('An older thought'));
    for (const hiddenText of [
      'Hidden by a moderator',
      'Deleted by Bo',
      'In a closed room',
      'Under a hidden find',
      'Not Bo',
    ])
      expect(text).not.toContain(hiddenText);
    expect(res.body).toContain(`href="/c/spring/welcome/drawing#comment-${newer.id}"`);
    expect(res.body).toContain(`href="/c/spring/welcome/drawing#comment-${older.id}"`);
  });

  it('shows at most the 20 newest', async () => {
    for (let i = 0; i < 22; i++)
      await write(
        'Bo',
        `Comment number ${String(i).padStart(2, '0')}`,
        `2026-03-0${3 + Math.floor(i / 10)}T${String(10 + (i % 10)).padStart(2, '0')}:00:00Z`,
      );
    const text = textOf(await get(`/c/spring/people/${s.ids.Bo}`));
    expect(text).toContain('Comment number 21');
    expect(text).toContain('Comment number 02');
    expect(text).not.toContain('Comment number 01');
    expect(text).not.toContain('Comment number 00');
  });

  it('links a comment on a find to the find on its wall', async () => {
    const find = await createContribution(t.database.db, {
      cohortId: s.cohortId,
      roomId: 'welcome',
      authorId: s.ids.Ann ?? 0,
      title: 'A find',
      url: null,
      noteMd: 'n',
      noteHtml: '<p>n</p>',
      now: today,
    });
    const c = await write('Bo', 'On the wall', '2026-03-09T10:00:00Z', {
      thread: formatThreadKey(wallThread(find.id)),
    });
    const res = await get(`/c/spring/people/${s.ids.Bo}`);
    expect(res.body).toContain(`href="/c/spring/welcome/wall/${find.id}#comment-${c.id}"`);
    expect(textOf(res)).toContain('The Entrance Hall');
  });

  it('is a 404 for someone who is not a member, and for an unlisted member unless organiser or themselves', async () => {
    const stranger = await ensureUser(t.database.db, {
      email: 'x@example.org',
      name: 'X',
      locale: 'en',
    });
    expect((await get(`/c/spring/people/${stranger.id}`)).statusCode).toBe(404);
    expect((await get('/c/spring/people/99999')).statusCode).toBe(404);
    expect((await get('/c/spring/people/abc')).statusCode).toBe(404);
    await profile('Bo', { listed: false, intro: 'Quietly here.' });
    expect((await get(`/c/spring/people/${s.ids.Bo}`)).statusCode).toBe(404);
    const own = await get(`/c/spring/people/${s.ids.Bo}`, s.cookies.Bo);
    expect(own.statusCode).toBe(200);
    expect(textOf(own)).toContain('Quietly here.');
    const organiser = await get(`/c/spring/people/${s.ids.Bo}`, s.organiser);
    expect(organiser.statusCode).toBe(200);
    expect(textOf(organiser)).toContain('not listed');
  });

  it('shows a member without a profile yet, and says they wrote nothing yet', async () => {
    const res = await get(`/c/spring/people/${s.ids.Dee}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res)).toContain('Nothing others can read yet.');
  });
});
