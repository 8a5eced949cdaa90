// A circle is private from everyone outside it, organisers included: they get 403 on its page,
// its thread's partial and every action on its comments, unless the circle invites them (then
// each read is shown to the circle). A report shows organisers that one comment only, and a
// circle's talk is in nobody else's digest, what's-new counts, member page or dashboard.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { circleMembers, houseSettings, outbox, users } from '../../db/schema.ts';
import { countNewSince } from '../../server/conversation/whats-new.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import {
  currentCircleId,
  form,
  learner,
  optIn,
  type Person,
  seedCohort,
  today,
} from './helpers.ts';

let t: TestApp;
let organiser = '';
let inside: Person[] = [];
let other: Person[] = [];
let circle = 0;
let url = '';
let commentId = '';
const secret = 'Only the circle knows this';

beforeAll(async () => {
  t = await buildTestApp({
    env: { POST_INTERVAL_SECONDS: '0' },
  });
});
afterAll(() => t.close());
beforeEach(async () => {
  ({ organiser } = await seedCohort(t));
  inside = [];
  other = [];
  for (const n of ['Ann', 'Bo', 'Cas', 'Dee']) inside.push(await learner(t, n));
  for (const n of ['Eve', 'Fay', 'Gus', 'Hal']) other.push(await learner(t, n));
  for (const p of inside) await optIn(t, p, { language: 'en' });
  for (const p of other) await optIn(t, p, { language: 'nl' });
  await form(t, organiser);
  circle = (await currentCircleId(t, (inside[0] as Person).id)) ?? 0;
  url = `/c/spring/circles/${circle}`;
  const ann = inside[0] as Person;
  const posted = await submit(t.app, url, `${url}/comments`, { body: secret }, ann.cookie, {
    'hx-request': 'true',
  });
  commentId = /id="comment-(\d+)"/.exec(posted.res.body)?.[1] ?? '';
  // Bo answers Ann, later that day.
  t.setNow(new Date(today.getTime() + 3600_000));
  await submit(
    t.app,
    url,
    `/comments/${commentId}/reply`,
    { body: 'A reply inside' },
    (inside[1] as Person).cookie,
  );
});

const get = (path: string, cookie: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url: path, headers: { cookie, ...headers } });

describe('privacy', () => {
  it('gives organisers and members of another circle a 403 on the page, its partials and its comments', async () => {
    const eve = other[0] as Person;
    for (const cookie of [organiser, eve.cookie]) {
      expect((await get(url, cookie)).statusCode).toBe(403);
      expect(
        (await get(`${url}/comments?sort=oldest`, cookie, { 'hx-request': 'true' })).statusCode,
      ).toBe(403);
      expect((await get(`/comments/${commentId}/reply`, cookie)).statusCode).toBe(403);
      expect(
        (await get(`/comments/${commentId}/reply`, cookie, { 'hx-request': 'true' })).statusCode,
      ).toBe(403);
      for (const action of ['reply', 'like', 'flag', 'edit', 'delete']) {
        const { res } = await submit(
          t.app,
          '/sign-in',
          `/comments/${commentId}/${action}`,
          { body: 'x' },
          cookie,
        );
        expect(res.statusCode, action).toBe(403);
      }
      const { res } = await submit(t.app, '/sign-in', `${url}/comments`, { body: 'x' }, cookie);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain(secret);
    }
    // The desk shows the circle's size and signal, never its talk.
    const desk = await get('/c/spring/organise/circles', organiser);
    expect(textOf(desk)).toContain('Circle 1');
    expect(desk.body).not.toContain(secret);
  });

  it('lets organisers read as guests once invited, shows each read, and never lets them post', async () => {
    const ann = inside[0] as Person;
    await submit(t.app, url, `${url}/invite`, { invite: 'on' }, ann.cookie);
    const read = await get(url, organiser);
    expect(read.statusCode).toBe(200);
    expect(textOf(read)).toContain(secret);
    expect(textOf(read)).toContain('You are reading as a guest');
    expect(read.body).not.toContain('class="comment-form"');
    const { res } = await submit(
      t.app,
      url,
      `${url}/comments`,
      { body: 'organiser post' },
      organiser,
    );
    expect(res.statusCode).toBe(403);
    const seen = await get(url, ann.cookie);
    expect(textOf(seen)).toContain('Organisers who read along');
    expect(textOf(seen)).toContain('Olga');
    // Another circle is still closed to them.
    const eveCircle = await currentCircleId(t, (other[0] as Person).id);
    expect((await get(`/c/spring/circles/${eveCircle}`, organiser)).statusCode).toBe(403);
    // Uninvited again: closed again.
    await submit(t.app, url, `${url}/invite`, { invite: 'off' }, ann.cookie);
    expect((await get(url, organiser)).statusCode).toBe(403);
  });

  it('shows organisers a reported circle comment alone, with no way into the thread', async () => {
    const bo = inside[1] as Person;
    await submit(t.app, url, `/comments/${commentId}/flag`, { reason: 'rude' }, bo.cookie);
    const queue = await get('/c/spring/organise/moderation', organiser);
    expect(textOf(queue)).toContain(secret);
    expect(textOf(queue)).toContain('in a circle (only this comment is shown)');
    expect(textOf(queue)).not.toContain('A reply inside');
    expect(queue.body).not.toContain(`href="${url}`);
  });

  it('keeps circle talk out of the others’ digest, counts, member pages and dashboard', async () => {
    const ann = inside[0] as Person;
    const eve = other[0] as Person;
    // The member page of Ann, as Eve and as the organiser: nothing from the circle.
    for (const cookie of [eve.cookie, organiser]) {
      const person = await get(`/c/spring/people/${ann.id}`, cookie);
      expect(person.statusCode).toBe(200);
      expect(person.body).not.toContain(secret);
    }
    // "New since your last walk" counts nothing from a circle, not even for its own members.
    const cohortId = (inside[0] as Person) && (await loadCohortContext(t.app, 'spring'))?.cohort.id;
    for (const p of [eve, ann, inside[2] as Person]) {
      expect(
        await countNewSince(t.database.db, cohortId ?? 0, p.id, new Date(today.getTime() - 1000)),
      ).toEqual([]);
    }
    // Participation and the dashboard count no circle comment.
    const csv = await get('/c/spring/organise/participation', organiser);
    const annRow = csv.body.split('\n').find((l) => l.includes('Ann')) ?? '';
    expect(annRow).not.toBe('');
    expect(annRow).not.toContain(',1,');
    const dash = await get('/c/spring/organise/dashboard', organiser);
    expect(dash.body).not.toContain(secret);

    // Digests: Ann's mentions her circle (Bo replied); Eve's says nothing of it.
    await t.database.db.update(users).set({ digest: 'daily' });
    t.setNow(new Date('2026-03-11T06:30:00Z'));
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    await runDigest(t.app, context, latestPeriod(context.cohort, 'daily', t.app.clock()));
    const mails = await t.database.db.select().from(outbox).where(eq(outbox.kind, 'digest'));
    const mailOf = (p: Person) => mails.find((m) => m.userId === p.id);
    const annMail = mailOf(ann)?.textBody ?? '';
    expect(annMail).toContain('Your circle (circle');
    expect(annMail).toContain('Bo replied to you');
    expect(annMail).toContain('1 new post');
    expect(annMail).toContain("This week's prompt: Which exhibit would you walk past, and why?");
    for (const m of mails) expect(m.textBody).not.toContain(secret);
    expect(mailOf(eve)?.textBody ?? '').not.toContain('Your circle (circle 1)');
  });

  it('names who replied by first name once the cohort chose first names in digests', async () => {
    const ann = inside[0] as Person;
    const bo = inside[1] as Person;
    const cohortId = (await loadCohortContext(t.app, 'spring'))?.cohort.id ?? 0;
    await t.database.db.update(users).set({ name: 'Bo Jansen' }).where(eq(users.id, bo.id));
    await t.database.db.insert(houseSettings).values({
      cohortId,
      key: 'names_in_digests',
      value: 'first',
      ruleId: 'names_in_digests',
      version: 2,
      adoptedAt: today,
      votesFor: 3,
      votesTotal: 3,
    });
    await t.database.db.update(users).set({ digest: 'daily' }).where(eq(users.id, ann.id));
    t.setNow(new Date('2026-03-11T06:30:00Z'));
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    await runDigest(t.app, context, latestPeriod(context.cohort, 'daily', t.app.clock()));
    const [mail] = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'digest'), eq(outbox.userId, ann.id)));
    expect(mail?.textBody).toContain('Bo replied to you');
    expect(mail?.textBody).not.toContain('Jansen');
  });

  it('exports a member’s circle posts and places with their data', async () => {
    const ann = inside[0] as Person;
    const res = await get('/settings/export', ann.cookie);
    const data = JSON.parse(res.body);
    expect(
      data.comments.some(
        (c: { thread: string; text: string }) =>
          c.thread === `circle:${circle}` && c.text === secret,
      ),
    ).toBe(true);
    expect(data.circles.places[0]).toMatchObject({ cohort: 'spring', thread: `circle:${circle}` });
    expect(data.circles.signups[0]).toMatchObject({ language: 'en', commitment: 'all' });
  });

  it('erases a member’s circle posts and places with their account; the thread keeps the replies', async () => {
    const ann = inside[0] as Person;
    const { res } = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'ann@example.org' },
      ann.cookie,
    );
    expect(res.statusCode).toBe(303);
    const page = await get(url, (inside[1] as Person).cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(secret);
    expect(textOf(page)).toContain('A reply inside');
    const places = await t.database.db
      .select()
      .from(circleMembers)
      .where(eq(circleMembers.userId, ann.id));
    expect(places).toEqual([]);
  });
});
