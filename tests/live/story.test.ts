import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as house from '../../server/core/house-settings.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { act, at, page, post, type Seeded, seed } from './setup.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  vi.restoreAllMocks();
  s = await seed(t);
  // The hour: Ana answers the icebreaker (highlighted), Bo question 1 with a reply from Ana,
  // and a take-away at the end.
  t.setNow(at(0));
  await t.app.ticks.tick();
  await post(t, s.ana, 'Ana from Utrecht');
  const ana = /id="m-(\d+)"[^>]*data-kind="message"/.exec(
    (await t.app.inject({ url: page, headers: { cookie: s.olga } })).body,
  )?.[1];
  await act(t, s.olga, `messages/${ana}/highlight`);
  t.setNow(at(5));
  await t.app.ticks.tick();
  await post(t, s.bo, 'Bo asks why');
  const bo = [
    ...(await t.app.inject({ url: page, headers: { cookie: s.olga } })).body.matchAll(
      /id="m-(\d+)"[^>]*data-kind="message"/g,
    ),
  ].at(-1)?.[1];
  t.setNow(at(6));
  await post(t, s.ana, 'Because', { reply_to: String(bo) });
  await act(t, s.olga, 'plan', { action: 'skip' });
  t.setNow(at(7));
  await post(t, s.bo, 'I take away patience');
  await act(t, s.olga, 'plan', { action: 'end' });
});

const draft = async () =>
  /<textarea id="story-body"[^>]*>([\s\S]*?)<\/textarea>/
    .exec((await t.app.inject({ url: page, headers: { cookie: s.olga } })).body)?.[1]
    ?.replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'") ?? '';

describe('the story afterwards', () => {
  it('drafts per question in order: highlights, most answered, take-aways, the transcript', async () => {
    const md = await draft();
    const lines = md.split('\n\n').map((l) => l.replace(/\(\[#\d+\]\([^)]*\)\)/, '(#)'));
    expect(lines).toEqual([
      '**Icebreaker: Say who you are and where you are.**',
      '> Ana from Utrecht — Ana (#)',
      '**Question 1: What brought you here?**',
      '> Bo asks why — Bo (#)',
      '**Question 2: What do you hope to find?**',
      '**What we take away: What do you take away?**',
      '> I take away patience — Bo (#)',
      `[Read the whole conversation](${page})`,
    ]);
    // Learners see no draft.
    const learner = await t.app.inject({ url: page, headers: { cookie: s.ana } });
    expect(learner.body).not.toContain('story-body');
    expect(
      (await t.app.inject({ url: `${page}/story`, headers: { cookie: s.ana } })).statusCode,
    ).toBe(404);
  });

  it('publishes at once under quotes_outside "yes"; the quoted may withdraw for 24 hours', async () => {
    const md = await draft();
    const edited = `${md}\n\nOur reflection: *slower* next time.`;
    await act(t, s.olga, 'story', { story: edited });
    await act(t, s.olga, 'story/publish');
    const story = await t.app.inject({ url: `${page}/story`, headers: { cookie: s.bo } });
    expect(story.statusCode).toBe(200);
    expect(textOf(story)).toContain('Ana from Utrecht — Ana');
    expect(story.body).toContain('<em>slower</em>');
    // Ana is told on the live page and withdraws her quote.
    const hers = await t.app.inject({ url: page, headers: { cookie: s.ana } });
    expect(textOf(hers)).toContain('You are quoted in the story of “The opening live hour”');
    const id = /name="message" value="(\d+)"/.exec(hers.body)?.[1] ?? '';
    await act(t, s.ana, 'story/withdraw', { message: id });
    expect(
      textOf(await t.app.inject({ url: `${page}/story`, headers: { cookie: s.bo } })),
    ).not.toContain('Ana from Utrecht');
    // Another's quote cannot be withdrawn by her; after 24 hours nobody is offered it.
    const bos = /name="message" value="(\d+)"/.exec(
      (await t.app.inject({ url: page, headers: { cookie: s.bo } })).body,
    )?.[1];
    expect((await act(t, s.ana, 'story/withdraw', { message: String(bos) })).res.statusCode).toBe(
      404,
    );
    t.setNow(at(60 * 25));
    expect((await t.app.inject({ url: page, headers: { cookie: s.bo } })).body).not.toContain(
      'name="message"',
    );
    // On the room page.
    expect(
      (await t.app.inject({ url: '/c/spring/welcome', headers: { cookie: s.bo } })).body,
    ).toContain(`${page}/story`);
  });

  it('asks first under quotes_outside "ask-first": published only after 24 hours', async () => {
    vi.spyOn(house, 'readHouseSettings').mockResolvedValue({
      ...house.fallbackHouseSettings,
      quotes_outside: 'ask-first',
    });
    await act(t, s.olga, 'story', { story: await draft() });
    await act(t, s.olga, 'story/publish');
    expect(
      (await t.app.inject({ url: `${page}/story`, headers: { cookie: s.bo } })).statusCode,
    ).toBe(404);
    expect(textOf(await t.app.inject({ url: page, headers: { cookie: s.ana } }))).toContain(
      'You are quoted',
    );
    t.setNow(at(60 * 10));
    await act(t, s.olga, 'story/publish');
    expect(
      (await t.app.inject({ url: `${page}/story`, headers: { cookie: s.bo } })).statusCode,
    ).toBe(404);
    t.setNow(at(60 * 25));
    await act(t, s.olga, 'story/publish');
    expect(
      (await t.app.inject({ url: `${page}/story`, headers: { cookie: s.bo } })).statusCode,
    ).toBe(200);
  });

  it('refuses an empty story with the text area kept', async () => {
    const { res } = await act(t, s.olga, 'story', { story: '  ' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Write a message first.');
  });

  it('leaves a deleted account’s words out of the story, and has them in its export first', async () => {
    const md = await draft();
    await act(t, s.olga, 'story', { story: md });
    await act(t, s.olga, 'story/publish');
    const exported = await t.app.inject({ url: '/settings/export', headers: { cookie: s.ana } });
    const data = exported.json() as { liveMessages: { text: string }[] };
    expect(data.liveMessages.map((m) => m.text)).toEqual(['Ana from Utrecht', 'Because']);

    const { res } = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'ana@example.org' },
      s.ana,
    );
    expect(res.statusCode).toBe(303);
    const story = await t.app.inject({ url: `${page}/story`, headers: { cookie: s.bo } });
    expect(textOf(story)).not.toContain('Ana from Utrecht');
    expect(textOf(story)).toContain('Bo asks why — Bo');
    const live = await t.app.inject({ url: page, headers: { cookie: s.bo } });
    expect(textOf(live)).not.toContain('Because');
    expect(textOf(live)).toContain('Bo asks why');
  });
  it('is an exhibit of kind story in its room, with a conversation of its own once published', async () => {
    const comments = `${page}/story/comments`;
    await act(t, s.olga, 'story', { story: await draft() });
    // A draft has nothing to talk under, not even for its facilitator.
    const early = await submit(t.app, page, comments, { body: 'Too soon' }, s.olga);
    expect(early.res.statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `${page}/story`, headers: { cookie: s.olga } })).body,
    ).not.toContain('id="comment-body"');

    await act(t, s.olga, 'story/publish');
    const said = await submit(
      t.app,
      `${page}/story`,
      comments,
      { body: 'Reading it *again*' },
      s.bo,
    );
    expect(said.res.statusCode).toBe(303);
    expect(said.res.headers.location).toContain(`${page}/story`);
    const story = await t.app.inject({ url: `${page}/story`, headers: { cookie: s.ana } });
    expect(story.body).toContain('<em>again</em>');
    expect(story.body).toContain('id="comment-body"');
    // Listed in the room as a story, with its count; refused to someone outside the cohort.
    const room = textOf(
      await t.app.inject({ url: '/c/spring/welcome', headers: { cookie: s.ana } }),
    );
    expect(room).toMatch(/Story\s+The story of the live hour\s+1 comment/);
    const outside = await t.app.inject({ url: comments, headers: { cookie: s.outsider } });
    expect([403, 404]).toContain(outside.statusCode);
    // An empty comment is refused on the story page, the story still shown.
    const empty = await submit(t.app, `${page}/story`, comments, { body: ' ' }, s.bo);
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res)).toContain('Ana from Utrecht');
  });
});
