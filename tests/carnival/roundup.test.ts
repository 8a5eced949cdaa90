// The round-up: the host (an organiser here) sees a draft with every post's author, title, link
// and note, may save it at any time but publish only once the carnival has closed; published,
// it is a page of kind roundup in the next room crediting each author, listed on that room.
// The digest tells of the carnival's opening and closing, and "your post is in the round-up".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { carnivalEntries, carnivalRoundups } from '../../db/schema.ts';
import type { CarnivalDigest } from '../../server/carnival/digest-section.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { translator } from '../../server/i18n/index.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { afterClose, deskPage, goodPost, post, roundupPage, type Seeded, seed } from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, 2);
  await post(t, s.cookie(0), goodPost(1));
  await post(t, s.cookie(1), { ...goodPost(2), title: 'A *bold* walk' });
});

const publish = (body: string, cookie = s.organiser) =>
  submit(t.app, deskPage, deskPage, { body, action: 'publish' }, cookie);

describe('the round-up', () => {
  it('is drafted from every post, and only the host may open it', async () => {
    const desk = await t.app.inject({ url: deskPage, headers: { cookie: s.organiser } });
    expect(desk.statusCode).toBe(200);
    expect(textOf(desk)).toContain('Writing the round-up');
    const draft = /<textarea id="roundup-body"[^>]*>([\s\S]*?)<\/textarea>/.exec(desk.body)?.[1];
    expect(draft).toContain('Here are all the posts.');
    expect(draft).toContain(
      '[My walk 1](&lt;https://blog.example.org/walk-1&gt;) by Learner 0: I walked along the river',
    );
    expect(draft).toContain('A \\*bold\\* walk');
    expect(draft).toContain('by Learner 1');
    const learner = await t.app.inject({ url: deskPage, headers: { cookie: s.cookie(0) } });
    expect(learner.statusCode).toBe(403);
  });

  it('groups the draft by the tags the host sets', async () => {
    const desk = await t.app.inject({ url: deskPage, headers: { cookie: s.organiser } });
    const ids = [...desk.body.matchAll(/name="tag_(\d+)"/g)].map((m) => m[1] ?? '');
    await submit(t.app, deskPage, `${deskPage}/tags`, { [`tag_${ids[1]}`]: 'Rivers' }, s.organiser);
    const again = await t.app.inject({ url: deskPage, headers: { cookie: s.organiser } });
    const draft =
      /<textarea id="roundup-body"[^>]*>([\s\S]*?)<\/textarea>/.exec(again.body)?.[1] ?? '';
    expect(draft.indexOf('**Rivers**')).toBeGreaterThan(0);
    expect(draft.indexOf('**Rivers**')).toBeLessThan(draft.indexOf('A \\*bold\\* walk'));
    expect(draft.indexOf('**Other posts**')).toBeLessThan(draft.indexOf('My walk 1'));
    // A tag over its length: 422 with the message, every tag as typed, none saved.
    const long = 'x'.repeat(61);
    const refused = await submit(
      t.app,
      deskPage,
      `${deskPage}/tags`,
      { [`tag_${ids[0]}`]: 'Walks', [`tag_${ids[1]}`]: long },
      s.organiser,
    );
    expect(refused.res.statusCode).toBe(422);
    expect(textOf(refused.res)).toContain('Too long for a group: at most 60 characters.');
    expect(refused.res.body).toContain(`value="${long}"`);
    expect(refused.res.body).toContain('value="Walks"');
    const tags = await t.database.db.select({ tag: carnivalEntries.tag }).from(carnivalEntries);
    expect(tags.map((r) => r.tag)).toContain('Rivers');
    expect(tags.map((r) => r.tag)).not.toContain('Walks');
  });

  it('cannot be published before the close, and an empty one is refused with 422', async () => {
    const early = await publish('All our walks.');
    expect(early.res.statusCode).toBe(422);
    expect(textOf(early.res)).toContain('You can publish once the carnival has closed.');
    expect(early.res.body).toContain('>All our walks.</textarea>');
    t.setNow(afterClose);
    const empty = await publish('   ');
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res)).toContain('The round-up is empty.');
    expect(await t.database.db.select().from(carnivalRoundups)).toEqual([]);
  });

  it('once published is a roundup page in the next room crediting every author', async () => {
    t.setNow(afterClose);
    const { res } = await publish('We walked a lot. **Thanks** to everyone.');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(roundupPage);
    const [row] = await t.database.db.select().from(carnivalRoundups);
    expect(row).toMatchObject({ roomId: 'walking', targetRoomId: 'sharing' });
    expect(row?.publishedAt).toEqual(afterClose);
    const page = await t.app.inject({ url: roundupPage, headers: { cookie: s.cookie(1) } });
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('Round-up: A walk that taught me something');
    expect(page.body).toContain('<strong>Thanks</strong>');
    expect(textOf(page)).toContain('With posts by Learner 0, Learner 1.');
    const room = await t.app.inject({ url: '/c/spring/sharing', headers: { cookie: s.cookie(1) } });
    expect(room.body).toContain(`href="${roundupPage}"`);
    const carnival = await t.app.inject({
      url: '/c/spring/walking/carnival',
      headers: { cookie: s.cookie(1) },
    });
    expect(carnival.body).toContain(`href="${roundupPage}"`);
    // Edited after publishing: the new text shows at once, the first publication date stays.
    t.setNow(new Date('2026-03-18T09:00:00Z'));
    expect((await publish('We walked even more.')).res.statusCode).toBe(303);
    const [again] = await t.database.db.select().from(carnivalRoundups);
    expect(again?.publishedAt).toEqual(afterClose);
    expect(again?.bodyMd).toBe('We walked even more.');
  });

  it('is not there before it is published', async () => {
    t.setNow(afterClose);
    await submit(t.app, deskPage, deskPage, { body: 'Draft.', action: 'save' }, s.organiser);
    const page = await t.app.inject({ url: roundupPage, headers: { cookie: s.cookie(0) } });
    expect(page.statusCode).toBe(404);
  });
});

describe('the digest', () => {
  const load = async (userId: number, since: Date, until: Date) => {
    const context = await loadCohortContext(t.app, 'spring');
    const section = t.app.digestSections.get('carnival');
    if (!context || !section) throw new Error('no cohort or section');
    const data = (await section.load(t.app, {
      context,
      user: { id: userId, name: 'Learner' },
      since,
      until,
      cohortUrl: `${t.app.config.baseUrl}/c/spring`,
    })) as CarnivalDigest | null;
    return { data, section };
  };

  it('tells of the opening, the closing, and your post in the round-up', async () => {
    const opened = await load(
      s.id(0),
      new Date('2026-03-08T12:00:00Z'),
      new Date('2026-03-09T12:00:00Z'),
    );
    expect(opened.data?.opened.map((o) => o.theme)).toEqual(['A walk that taught me something']);
    // Midnight in the cohort's zone (UTC+1), shown there and not as the UTC date before it.
    const [open] = opened.data?.opened ?? [];
    expect(open?.closesAt.toISOString()).toBe('2026-03-15T23:00:00.000Z');
    expect(translator('en').dateTime(open?.closesAt ?? new Date(0), open?.timezone ?? '')).toBe(
      'Monday, 16 March 2026 at 00:00',
    );
    expect(opened.data?.closed).toEqual([]);
    expect(opened.section.subject(opened.data as CarnivalDigest, translator('en'))).toEqual([
      { rank: 88, text: 'blog carnival: A walk that taught me something' },
    ]);
    t.setNow(afterClose);
    await publish('All our walks.');
    const closed = await load(
      s.id(0),
      new Date('2026-03-15T12:00:00Z'),
      new Date('2026-03-17T13:00:00Z'),
    );
    expect(closed.data?.closed).toHaveLength(1);
    expect(closed.data?.inRoundup.map((r) => r.href)).toEqual([
      `${t.app.config.baseUrl.replace(/\/$/, '')}${roundupPage}`,
    ]);
    const html = await t.app.view('carnival/_digest.html.eta', {
      section: closed.data,
      t: (k: string) => k,
      headingStyle: '',
    });
    expect(html).toContain('carnival.digest.inRoundup');
    // Someone without a post, in a period when nothing opened or closed: no section.
    const other = await load(
      s.id(1) + 1000,
      new Date('2026-03-17T00:00:00Z'),
      new Date('2026-03-17T13:00:00Z'),
    );
    expect(other.data).toBeNull();
  });
});
