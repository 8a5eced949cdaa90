// Sending in a post: url, title and a note of two or three sentences; refusals keep what was
// typed (422); at most max_per_person posts; only while the carnival is open. Each post gets its
// own thread, and is listed on the room page's carnival panel.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { carnivalEntries, comments } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { afterClose, carnivalPage, goodPost, post, type Seeded, seed } from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, 2);
});

const entries = () => t.database.db.select().from(carnivalEntries).orderBy(carnivalEntries.id);

describe('sending in a post', () => {
  it('shows the invitation and the form, and takes a good post', async () => {
    const page = await t.app.inject({ url: carnivalPage, headers: { cookie: s.cookie(0) } });
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('Blog carnival: A walk that taught me something');
    expect(textOf(page)).toContain('You may send in at most 2; you have 2 left.');
    const { res } = await post(t, s.cookie(0), goodPost());
    expect(res.statusCode).toBe(303);
    const [entry] = await entries();
    expect(entry).toMatchObject({ authorId: s.id(0), roomId: 'walking', title: 'My walk 1' });
    expect(res.headers.location).toBe(`/c/spring/walking/carnival/${entry?.id}`);
    const shown = await t.app.inject({
      url: String(res.headers.location),
      headers: { cookie: s.cookie(0) },
    });
    expect(textOf(shown)).toContain('This is your post. Thank you!');
    const list = await t.app.inject({ url: carnivalPage, headers: { cookie: s.cookie(1) } });
    expect(textOf(list)).toContain('My walk 1');
    expect(textOf(list)).toContain('by Learner 0');
    const room = await t.app.inject({ url: '/c/spring/walking', headers: { cookie: s.cookie(1) } });
    expect(room.body).toContain('href="/c/spring/walking/carnival"');
  });

  it('refuses a missing or non-https address, a missing title and a one-sentence note, keeping the text', async () => {
    const { res } = await post(t, s.cookie(0), {
      url: 'ftp://example.org/x',
      title: '',
      note: 'Only one sentence here.',
    });
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('That is not a full web address');
    expect(textOf(res)).toContain('Give your post a title.');
    expect(textOf(res)).toContain('Write two or three sentences (now: 1).');
    expect(res.body).toContain('value="ftp://example.org/x"');
    expect(res.body).toContain('>Only one sentence here.</textarea>');
    const four = await post(t, s.cookie(0), {
      ...goodPost(),
      note: 'One. Two sentences. Three of them. And four.',
    });
    expect(four.res.statusCode).toBe(422);
    expect(textOf(four.res)).toContain('(now: 4)');
    const none = await post(t, s.cookie(0), { ...goodPost(), url: '' });
    expect(textOf(none.res)).toContain('Fill in the address of your post.');
    expect(await entries()).toEqual([]);
  });

  it('takes at most max_per_person posts from one learner', async () => {
    expect((await post(t, s.cookie(0), goodPost(1))).res.statusCode).toBe(303);
    expect((await post(t, s.cookie(0), goodPost(2))).res.statusCode).toBe(303);
    const third = await post(t, s.cookie(0), goodPost(3));
    expect(third.res.statusCode).toBe(422);
    expect(textOf(third.res)).toContain('You have already sent in as many posts as you may.');
    expect(third.res.body).toContain('value="My walk 3"');
    expect((await post(t, s.cookie(1), goodPost(4))).res.statusCode).toBe(303);
    expect((await entries()).map((e) => e.title)).toEqual(['My walk 1', 'My walk 2', 'My walk 4']);
  });

  it('refuses posts once the carnival has closed, and before its room opens there is no carnival', async () => {
    t.setNow(afterClose);
    const { res } = await post(t, s.cookie(0), goodPost());
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('The blog carnival has closed');
    expect(await entries()).toEqual([]);
    t.setNow(new Date('2026-03-05T12:00:00Z'));
    const early = await t.app.inject({ url: carnivalPage, headers: { cookie: s.cookie(0) } });
    expect(early.statusCode).toBe(404);
  });

  it('gives each post its own thread, open to every member', async () => {
    const { res } = await post(t, s.cookie(0), goodPost());
    const href = String(res.headers.location);
    const said = await submit(
      t.app,
      href,
      `${href}/comments`,
      { body: 'Lovely walk!' },
      s.cookie(1),
    );
    expect(said.res.statusCode).toBe(303);
    const [entry] = await entries();
    const rows = await t.database.db
      .select()
      .from(comments)
      .where(eq(comments.thread, `carnival:${entry?.id}`));
    expect(rows.map((r) => r.bodyMd)).toEqual(['Lovely walk!']);
    const page = await t.app.inject({ url: href, headers: { cookie: s.cookie(0) } });
    expect(textOf(page)).toContain('Lovely walk!');
  });
});
