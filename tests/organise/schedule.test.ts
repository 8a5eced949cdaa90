// Publishing the weekly rooms: opening a room now, moving it, going back to the programme;
// learners see each change at once, never a preview; organisers get a banner on room pages.
// The demo course: welcome (week 1, 2 March), walking (week 2, 9 March), sharing (week 3,
// 12 March) for a cohort starting Monday 2 March in Europe/Amsterdam.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { weekRanges } from '../../server/organise/banner.ts';
import { inputType } from '../../server/organise/forms.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let organiser = '';
let learner = '';
let outsider = '';
const desk = '/c/spring/organise';
const page = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });
const act = (room: string, fields: Record<string, string>, cookie = organiser) =>
  submit(t.app, desk, `${desk}/rooms/${room}`, fields, cookie);

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  await createCohort(t.database.db, { slug: 'other', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  organiser = await signIn(t, { email: 'organisers@example.org' });
  learner = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
  outsider = await signIn(t, { email: 'out@example.org', cohorts: ['other'] });
});

describe('the schedule page', () => {
  it('lists the rooms in order with their moments and whether learners can enter', async () => {
    const res = await page(desk, organiser);
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    const order = ['The Entrance Hall', 'The Long Gallery', 'The Workshop'].map((title) =>
      text.indexOf(title),
    );
    expect(order.every((i, n) => i > (order[n - 1] ?? -1))).toBe(true);
    expect(text).toContain('Open to learners open since Monday, 2 March 2026 at 00:00');
    expect(text).toContain('Not open to learners yet opens on Thursday, 12 March 2026 at 00:00');
    // A preview link for the closed room, forms for every room, links to the other desks.
    expect(res.body).toContain('href="/c/spring/sharing">Preview ‘The Workshop’');
    expect(res.body).toContain('value="2026-03-12T00:00"');
    for (const path of [
      'settings',
      'dashboard',
      'announcements',
      'moderation',
      'feedback',
      'meetup',
    ]) {
      expect(res.body).toContain(`href="/c/spring/organise/${path}"`);
    }
  });

  it('is for organisers only', async () => {
    expect((await page(desk, learner)).statusCode).toBe(403);
    expect((await page(desk, outsider)).statusCode).toBe(403);
    const anonymous = await page(desk, '');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Fc%2Fspring%2Forganise');
    // A learner's form post with a valid CSRF token is refused, and nothing changes.
    const { res } = await submit(
      t.app,
      '/c/spring/welcome',
      `${desk}/rooms/sharing`,
      { action: 'open-now' },
      learner,
    );
    expect(res.statusCode).toBe(403);
    expect((await page('/c/spring/sharing', learner)).statusCode).toBe(403);
  });
});

describe('publishing rooms', () => {
  it('"open now" lets learners in at once; back to the programme closes it again', async () => {
    const closed = await page('/c/spring/sharing', learner);
    expect(closed.statusCode).toBe(403);
    expect(textOf(closed)).toContain('This room is not open yet');

    const { res, cookie } = await act('sharing', { action: 'open-now' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/c/spring/organise#room-sharing');
    const after = textOf(await page(desk, cookie));
    expect(after).toContain('‘The Workshop’ is now open to learners.');
    expect(after).toContain('changed; the programme says Thursday, 12 March 2026 at 00:00');

    const open = await page('/c/spring/sharing', learner);
    expect(open.statusCode).toBe(200);
    expect(textOf(open)).not.toContain('Organiser preview');
    expect((await page('/c/spring/sharing/share', learner)).statusCode).toBe(200);

    await act('sharing', { action: 'reset' });
    expect((await page('/c/spring/sharing', learner)).statusCode).toBe(403);
    expect(textOf(await page(desk, organiser))).not.toContain('changed; the programme says');
  });

  it('a later moment closes an open room for learners until then', async () => {
    expect((await page('/c/spring/walking', learner)).statusCode).toBe(200);
    const { res } = await act('walking', { action: 'reschedule', opens_at: '2026-03-20T09:30' });
    expect(res.statusCode).toBe(303);
    const closed = await page('/c/spring/walking', learner);
    expect(closed.statusCode).toBe(403);
    expect(textOf(closed)).toContain('Friday, 20 March 2026 at 09:30');
    // Organisers still look inside, as a preview.
    expect(textOf(await page('/c/spring/walking', organiser))).toContain(
      'Organiser preview: participants can enter this room from Friday, 20 March 2026 at 09:30',
    );
    expect((await page(desk, organiser)).body).toContain('value="2026-03-20T09:30"');
    t.setNow(new Date('2026-03-20T08:30:00Z'));
    expect((await page('/c/spring/walking', learner)).statusCode).toBe(200);
  });

  it('refuses a moment that is not one, keeping what was typed', async () => {
    const bad = await act('walking', { action: 'reschedule', opens_at: 'next Tuesday' });
    expect(bad.res.statusCode).toBe(422);
    expect(textOf(bad.res)).toContain('Enter a date and time, such as 2027-01-04 09:00.');
    expect(bad.res.body).toContain('value="next Tuesday"');
    expect(bad.res.body).toContain('aria-invalid="true"');
    // 02:30 on 29 March does not exist in Amsterdam: the clocks skip from 02:00 to 03:00.
    const gap = await act('walking', { action: 'reschedule', opens_at: '2026-03-29T02:30' });
    expect(gap.res.statusCode).toBe(422);
    expect(textOf(gap.res)).toContain('This time does not exist in this time zone');
    // What a datetime-local control cannot hold comes back in a text box (valid HTML).
    expect(bad.res.body).toContain('type="text" value="next Tuesday"');
    expect(inputType('datetime-local', '2026-13-01T10:00')).toBe('text');
    expect(inputType('datetime-local', '2026-03-29T02:30')).toBe('datetime-local');
    expect(inputType('date', '2026-02-30')).toBe('text');
    const empty = await act('walking', { action: 'reschedule', opens_at: '' });
    expect(textOf(empty.res)).toContain('Enter a date and time.');
    expect((await act('walking', { action: 'delete' })).res.statusCode).toBe(422);
    expect((await act('nowhere', { action: 'open-now' })).res.statusCode).toBe(404);
    expect((await page('/c/spring/walking', learner)).statusCode).toBe(200);
  });
});

describe('previews', () => {
  it('never leak to learners', async () => {
    const preview = await page('/c/spring/sharing', organiser);
    expect(preview.statusCode).toBe(200);
    expect(textOf(preview)).toContain('Organiser preview');
    for (const url of ['/c/spring/sharing', '/c/spring/sharing/share']) {
      const res = await page(url, learner);
      expect(res.statusCode).toBe(403);
      expect(textOf(res)).not.toContain('Organiser preview');
      expect(res.body).not.toContain('Share Something');
      expect(res.body).not.toContain('href="/c/spring/sharing/share"');
    }
    // The cohort home does not link to it for learners, nor does the room before it.
    expect((await page('/c/spring', learner)).body).not.toContain('href="/c/spring/sharing"');
    expect((await page('/c/spring/walking', learner)).body).not.toContain(
      'href="/c/spring/sharing"',
    );
  });
});

describe('the organiser banner', () => {
  it('says which weeks learners see and what opens next, on every page learners use', async () => {
    for (const url of [
      '/c/spring',
      '/c/spring/welcome',
      '/c/spring/welcome/drawing',
      '/c/spring/welcome/wall',
      '/c/spring/meetup',
    ]) {
      const text = textOf(await page(url, organiser));
      expect(text).toContain('Learners see weeks 1–2 now.');
      expect(text).toContain('Week 3 (‘The Workshop’) opens on Thursday, 12 March 2026 at 00:00.');
    }
    // The desk's own pages have their navigation instead; error pages have none.
    expect((await page('/c/spring/organise', organiser)).body).not.toContain('organiser-banner');
    const missing = await page('/c/spring/welcome/no-such-exhibit', organiser);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('organiser-banner');
    await act('sharing', { action: 'open-now' });
    expect(textOf(await page('/c/spring/welcome', organiser))).toContain(
      'Learners see weeks 1–3 now. All rooms are open.',
    );
    t.setNow(new Date('2026-02-20T12:00:00Z'));
    await act('sharing', { action: 'reset' });
    expect(textOf(await page('/c/spring/welcome', organiser))).toContain(
      'Learners cannot see any room yet. Week 1',
    );
  });

  it('is not shown to learners', async () => {
    for (const url of [
      '/c/spring',
      '/c/spring/welcome',
      '/c/spring/welcome/drawing',
      '/c/spring/welcome/wall',
    ]) {
      const res = await page(url, learner);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('organiser-banner');
      expect(textOf(res)).not.toContain('Learners see');
    }
  });

  it('joins open weeks into ranges', () => {
    expect(weekRanges([])).toBe('');
    expect(weekRanges([2, 1, 1])).toBe('1–2');
    expect(weekRanges([1, 2, 4, 6, 7, 8])).toBe('1–2, 4, 6–8');
  });
});
