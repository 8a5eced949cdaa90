// Others do with a find what they do with a comment: like it (not their own, within the like
// limit) and report it to the organisers, who hide, restore or dismiss it in their queue.
// Without JavaScript (303 back with a flash) and with htmx (the actions swapped in place).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contributionFlags, contributionLikes } from '../../db/schema.ts';
import { createContribution, findContribution } from '../../server/conversation/wall.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort, findCohortBySlug } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bo = '';
let organiser = '';
let id = 0;
let item = '';
const wall = '/c/spring/welcome/wall';
const hx = { 'hx-request': 'true' };

beforeAll(async () => {
  t = await buildTestApp({ env: { LIKES_PER_DAY: '2' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  organiser = await signIn(t, {
    email: 'org@example.org',
    name: 'Olga',
    cohorts: ['spring'],
    role: 'organiser',
  });
  const { res } = await submit(t.app, wall, wall, { title: 'Harold', note: 'PKM.' }, ann);
  id = Number(/#item-(\d+)$/.exec(res.headers.location ?? '')?.[1]);
  item = `${wall}/${id}`;
});

const view = (cookie: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { ...headers, cookie } });
const likeCount = async () => (await findContribution(t.database.db, id))?.likeCount;

describe('liking a find', () => {
  it('counts likes on the wall and on the page, and takes one back', async () => {
    expect(textOf(await view(bo, item))).toContain('Like · 0 likes');
    const liked = await submit(t.app, item, `${item}/like`, { like: 'on' }, bo);
    expect(liked.res.statusCode).toBe(303);
    expect(liked.res.headers.location).toBe(item);
    // Twice is still one like.
    await submit(t.app, item, `${item}/like`, { like: 'on' }, bo);
    expect(await likeCount()).toBe(1);
    expect(textOf(await view(bo, item))).toContain('Liked · 1 like');
    // From the wall, back to the wall, at the find.
    const fromWall = await submit(t.app, wall, `${item}/like`, { like: 'on', from: 'wall' }, ann);
    expect(fromWall.res.statusCode).toBe(404); // Ann's own find
    const org = await submit(t.app, wall, `${item}/like`, { like: 'on', from: 'wall' }, organiser);
    expect(org.res.headers.location).toBe(`${wall}#item-${id}`);
    expect(textOf(await view(bo, wall))).toContain('Liked · 2 likes');
    const off = await submit(t.app, item, `${item}/like`, { like: 'off' }, bo);
    expect(off.res.statusCode).toBe(303);
    expect(await likeCount()).toBe(1);
    expect(textOf(await view(bo, item))).toContain('Like · 1 like');
  });

  it('is not offered on your own find, which shows its count', async () => {
    await submit(t.app, item, `${item}/like`, { like: 'on' }, bo);
    const own = await view(ann, item);
    expect(own.body).not.toContain(`action="${item}/like"`);
    expect(own.body).not.toContain(`${item}/flag`);
    expect(textOf(own)).toContain('1 like');
    expect((await submit(t.app, item, `${item}/like`, { like: 'on' }, ann)).res.statusCode).toBe(
      404,
    );
    expect(await likeCount()).toBe(1);
  });

  it('counts against the like limit', async () => {
    const more = async (n: number) => {
      const { id: other } = await createContribution(t.database.db, {
        cohortId: (await findCohortBySlug(t.database.db, 'spring'))?.id ?? 0,
        roomId: 'welcome',
        authorId: (await findUserByEmail(t.database.db, 'ann@example.org'))?.id ?? 0,
        title: `Find ${n}`,
        url: null,
        noteMd: 'n',
        noteHtml: '<p>n</p>',
        now: new Date('2026-03-10T11:00:00Z'),
      });
      return submit(t.app, item, `${wall}/${other}/like`, { like: 'on' }, bo);
    };
    expect((await more(1)).res.statusCode).toBe(303);
    expect((await more(2)).res.statusCode).toBe(303);
    const refused = await submit(t.app, item, `${item}/like`, { like: 'on' }, bo);
    expect(refused.res.statusCode).toBe(429);
    expect(textOf(refused.res)).toContain('Not so fast');
    expect(await likeCount()).toBe(0);
  });

  it('swaps the actions in place with htmx', async () => {
    const { res } = await submit(t.app, item, `${item}/like`, { like: 'on' }, bo, hx);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^<div class="comment-actions" id="find-actions-\d+">/);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('aria-pressed="true"');
    expect(textOf(res)).toContain('Liked · 1 like');
  });
});

describe('reporting a find', () => {
  it('puts it in the queue, shows "Reported", and the organiser hides and restores it', async () => {
    const page = await view(bo, item);
    expect(page.body).toContain(`href="${item}/flag"`);
    const form = await view(bo, `${item}/flag`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form)).toContain('Report a find');
    const sent = await submit(t.app, `${item}/flag`, `${item}/flag`, { reason: 'Spam link' }, bo);
    expect(sent.res.statusCode).toBe(303);
    expect(sent.res.headers.location).toBe(item);
    const after = await view(sent.cookie, item);
    expect(textOf(after)).toContain('Thank you. The organisers will look at it.');
    expect(textOf(after)).toContain('Reported');
    expect(after.body).not.toContain(`href="${item}/flag"`);

    const moderation = '/c/spring/organise/moderation';
    const queue = await view(organiser, moderation);
    expect(textOf(queue)).toContain('Finds on the wall');
    expect(textOf(queue)).toContain('Harold');
    expect(textOf(queue)).toContain('Spam link');
    expect(queue.body).toContain(`name="find" value="${id}"`);

    const hid = await submit(
      t.app,
      moderation,
      moderation,
      { find: String(id), action: 'hide' },
      organiser,
    );
    expect(hid.res.statusCode).toBe(303);
    expect(textOf(await view(hid.cookie, moderation))).toContain(
      'The find is now hidden from participants.',
    );
    expect((await view(bo, item)).statusCode).toBe(404);
    expect(textOf(await view(bo, wall))).not.toContain('Harold');
    expect(textOf(await view(organiser, moderation))).not.toContain('Spam link');

    // Reported again, restored: visible again, and the queue is empty.
    await t.database.db.insert(contributionFlags).values({
      cohortId: (await findContribution(t.database.db, id))?.cohortId ?? 0,
      contributionId: id,
      userId: null,
      reason: 'Still spam',
    });
    await submit(t.app, moderation, moderation, { find: String(id), action: 'restore' }, organiser);
    expect((await view(bo, item)).statusCode).toBe(200);
    expect(textOf(await view(organiser, moderation))).toContain('There are no open reports.');
  });

  it('is dismissed by the organiser: the find stays', async () => {
    await submit(t.app, item, `${item}/flag`, { reason: 'Meh' }, bo);
    const moderation = '/c/spring/organise/moderation';
    const done = await submit(
      t.app,
      moderation,
      moderation,
      { find: String(id), action: 'dismiss' },
      organiser,
    );
    expect(done.res.statusCode).toBe(303);
    expect(textOf(await view(done.cookie, moderation))).toContain(
      'The report was dismissed; the find stays.',
    );
    expect((await view(bo, item)).statusCode).toBe(200);
    // A learner cannot decide, and a find id that cannot exist is not a database error.
    const learner = await submit(t.app, item, moderation, { find: String(id), action: 'hide' }, bo);
    expect(learner.res.statusCode).toBe(403);
    for (const find of ['2147483648', '1.5', '0x10']) {
      const bad = await submit(t.app, moderation, moderation, { find, action: 'hide' }, organiser);
      expect(bad.res.statusCode).toBe(404);
    }
  });

  it('is not offered on your own find', async () => {
    expect((await view(ann, `${item}/flag`)).statusCode).toBe(404);
    const own = await submit(t.app, item, `${item}/flag`, { reason: 'x' }, ann);
    expect(own.res.statusCode).toBe(404);
    const rows = await t.database.db.select().from(contributionFlags);
    expect(rows).toHaveLength(0);
  });

  it('works in place with htmx: the form, then "Reported"', async () => {
    const form = await view(bo, `${wall}/${id}/flag?from=wall`, hx);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/^<form id="wall-flag-form-\d+"/);
    expect(form.body).toContain('data-hx-target="#find-actions-');
    expect(form.body).toContain('name="from" value="wall"');
    const { res } = await submit(
      t.app,
      wall,
      `${item}/flag`,
      { reason: 'Off topic', from: 'wall' },
      bo,
      hx,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^<div class="comment-actions" id="find-actions-\d+">/);
    expect(textOf(res)).toContain('Reported');
    expect(textOf(res)).toContain('Thank you. The organisers will look at it.');
    // Without htmx, from the wall: back to the wall.
    const plain = await submit(
      t.app,
      wall,
      `${item}/flag`,
      { reason: 'x', from: 'wall' },
      organiser,
    );
    expect(plain.res.headers.location).toBe(`${wall}#item-${id}`);
  });
});

describe('a find in a room that has not opened', () => {
  it('cannot be liked or reported by a learner', async () => {
    const cohort = await findCohortBySlug(t.database.db, 'spring');
    const hidden = await createContribution(t.database.db, {
      cohortId: cohort?.id ?? 0,
      roomId: 'sharing',
      authorId: (await findUserByEmail(t.database.db, 'ann@example.org'))?.id ?? 0,
      title: 'Early',
      url: null,
      noteMd: 'n',
      noteHtml: '<p>n</p>',
      now: new Date('2026-03-10T11:00:00Z'),
    });
    const base = `/c/spring/sharing/wall/${hidden.id}`;
    // The token comes from a page that is open; the find's own page is not.
    expect((await submit(t.app, wall, `${base}/like`, { like: 'on' }, bo)).res.statusCode).toBe(
      404,
    );
    expect((await view(bo, `${base}/flag`)).statusCode).toBe(404);
    expect((await submit(t.app, wall, `${base}/flag`, { reason: 'x' }, bo)).res.statusCode).toBe(
      404,
    );
    // Nor through another room's address.
    const wrong = `${wall}/${hidden.id}`;
    expect((await submit(t.app, wall, `${wrong}/like`, { like: 'on' }, bo)).res.statusCode).toBe(
      404,
    );
    expect(await t.database.db.select().from(contributionLikes)).toHaveLength(0);
    expect(await t.database.db.select().from(contributionFlags)).toHaveLength(0);
    // Organisers prepare the room: they may.
    const org = await submit(t.app, wall, `${base}/like`, { like: 'on' }, organiser);
    expect(org.res.statusCode).toBe(303);
  });
});

describe('personal data', () => {
  it('exports the likes and reports given, and deleting the account removes them', async () => {
    await submit(t.app, item, `${item}/like`, { like: 'on' }, bo);
    await submit(t.app, item, `${item}/flag`, { reason: 'Spam link' }, bo);
    const exported = (await view(bo, '/settings/export')).json();
    expect(exported.wallLikes).toEqual([expect.objectContaining({ contributionId: id })]);
    expect(exported.wallReports).toEqual([
      expect.objectContaining({ contributionId: id, reason: 'Spam link' }),
    ]);
    const userId = (await findUserByEmail(t.database.db, 'bo@example.org'))?.id ?? -1;
    const gone = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'bo@example.org' },
      bo,
    );
    expect(gone.res.statusCode).toBe(303);
    expect(await likeCount()).toBe(0);
    expect(
      await t.database.db
        .select()
        .from(contributionLikes)
        .where(eq(contributionLikes.userId, userId)),
    ).toHaveLength(0);
    // The report stays for the organisers, tied to nobody.
    const flags = await t.database.db.select().from(contributionFlags);
    expect(flags.map((f) => f.userId)).toEqual([null]);

    // The author's own account going takes the find with its likes and reports.
    await submit(t.app, '/settings/delete', '/settings/delete', { email: 'ann@example.org' }, ann);
    expect(await findContribution(t.database.db, id)).toBeNull();
    expect(await t.database.db.select().from(contributionFlags)).toHaveLength(0);
  });
});
