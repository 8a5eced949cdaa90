// Comments posted at the same moment are inserted together (core/batch.ts), and nobody can
// tell: each poster lands on their own comment, a form sent twice still makes one, and a post
// that cannot be saved fails alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments } from '../../db/schema.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, withCookies } from '../helpers/auth.ts';

let t: TestApp;
let cohortId = 0;
const page = '/c/spring/welcome/drawing';
const people = ['ann', 'bob', 'cem', 'dua', 'eva'];
const cookies = new Map<string, string>();

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '0' } });
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  cohortId = cohort.id;
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  for (const name of people) {
    cookies.set(name, await signIn(t, { email: `${name}@example.org`, name, cohorts: ['spring'] }));
  }
});
afterAll(() => t.close());

/** Opens the exhibit's form as `name` and returns a sender of that form. */
async function openForm(name: string) {
  const cookie = cookies.get(name) ?? '';
  const form = await t.app.inject({ url: page, headers: { cookie } });
  const key = /name="key" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const jar = withCookies(cookie, form);
  return (body: string) =>
    t.app.inject({
      method: 'POST',
      url: `${page}/comments`,
      headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, key, body }).toString(),
    });
}

/** A comment under the exhibit, straight through the query (no form, no posting limit). */
const postDirectly = (authorId: number, cohort: number, body: string) =>
  createComment(t.database.db, {
    cohortId: cohort,
    thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
    roomId: 'welcome',
    parentId: null,
    authorId,
    bodyMd: body,
    bodyHtml: `<p>${body}</p>`,
    now: t.app.clock(),
  });

const idIn = (location: unknown) => Number(/#comment-(\d+)$/.exec(String(location))?.[1]);

describe('comments posted at the same moment', () => {
  it('each land on their own comment, by their own author, with their own words', async () => {
    const forms = await Promise.all(people.map(openForm));
    const sent = await Promise.all(forms.map((send, i) => send(`Thought number ${i} here`)));
    expect(sent.map((r) => r.statusCode)).toEqual(people.map(() => 303));
    const rows = await t.database.db.select().from(comments);
    const byId = new Map(rows.map((c) => [c.id, c]));
    for (const [i, res] of sent.entries()) {
      const comment = byId.get(idIn(res.headers.location));
      expect(comment?.bodyMd).toBe(`Thought number ${i} here`);
      const author = await findUserByEmail(t.database.db, `${people[i]}@example.org`);
      expect(comment?.authorId).toBe(author?.id);
    }
    expect(new Set(sent.map((r) => idIn(r.headers.location))).size).toBe(people.length);
  });

  it('make one comment of a form sent twice at once, and both land on it', async () => {
    const send = await openForm('ann');
    const before = (await t.database.db.select().from(comments)).length;
    const [first, again] = await Promise.all([send('Only once'), send('Only once')]);
    expect(first.statusCode).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    expect((await t.database.db.select().from(comments)).length).toBe(before + 1);
  });

  it('each get their row when the database stores a text differently than given', async () => {
    const bob = await findUserByEmail(t.database.db, 'bob@example.org');
    const post = (body: string) => postDirectly(bob?.id ?? 0, cohortId, body);
    // A lone surrogate comes back as U+FFFD, so this row no longer reads as what was sent.
    const [odd, plain] = await Promise.all([post('half an emoji \ud83d'), post('plain words')]);
    expect(odd.bodyMd).toBe('half an emoji \ufffd');
    expect(plain.bodyMd).toBe('plain words');
    expect(odd.id).not.toBe(plain.id);
  });

  it('fail only the one that cannot be saved', async () => {
    const ann = await findUserByEmail(t.database.db, 'ann@example.org');
    const post = (cohort: number, body: string) => postDirectly(ann?.id ?? 0, cohort, body);
    const results = await Promise.allSettled([
      post(cohortId, 'Saved before'),
      post(cohortId + 1000, 'No such cohort'),
      post(cohortId, 'Saved after'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const saved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.bodyMd] : []));
    expect(saved).toEqual(['Saved before', 'Saved after']);
  });
});
