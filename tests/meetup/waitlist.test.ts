// Answering on the meet-up page, capacity and the waitlist: a full meet-up puts new "yes"
// answers on the list, a cancellation promotes the oldest (with a mail), answering twice
// changes nothing, fewer places drop nobody, more places promote at once.
import { asc } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rsvps } from '../../db/schema.ts';
import { tellUntoldPromotions } from '../../server/meetup/promotions.ts';
import { findMeetupOfCohort } from '../../server/meetup/queries.ts';
import { answerMeetup } from '../../server/meetup/rsvp.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';
import {
  answer,
  deliver,
  env,
  mailTo,
  memberPage,
  rsvpLinks,
  type Seeded,
  saveMeetup,
  seed,
  sendInvitation,
  today,
} from './helpers.ts';

let sink: SmtpSink;
let t: TestApp;
let s: Seeded;
const minutes = (n: number) => new Date(today.getTime() + n * 60_000);

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { ...env, SMTP_URL: sink.url } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo', 'Cas', 'Dee']);
  await saveMeetup(t, s.organiser, { capacity: '2' });
  await sendInvitation(t, s.organiser);
  await deliver(t, sink, 4);
  sink.clear();
});

/** Status by name, in answer order. */
async function statuses() {
  const rows = await t.database.db
    .select()
    .from(rsvps)
    .orderBy(asc(rsvps.answeredAt), asc(rsvps.userId));
  const names = Object.fromEntries(Object.entries(s.ids).map(([n, id]) => [id, n]));
  return Object.fromEntries(rows.map((r) => [names[r.userId] ?? '?', r.status]));
}

/** Ann, Bo, Cas and Dee say yes, a minute apart: Ann and Bo get the two places. */
async function everyoneSaysYes() {
  for (const [i, who] of ['Ann', 'Bo', 'Cas', 'Dee'].entries()) {
    t.setNow(minutes(i + 1));
    await answer(t, s.cookies[who] ?? '', 'yes');
  }
}
const addressOf = (m: ParsedMail | undefined) =>
  m?.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined;

const page = (who: string) =>
  t.app.inject({ url: memberPage, headers: { cookie: s.cookies[who] ?? '' } });

describe('answers and the waitlist', () => {
  it('fills the places, then waitlists, and promotes the oldest waiting answer with a mail', async () => {
    for (const [i, who] of ['Ann', 'Bo', 'Cas', 'Dee'].entries()) {
      t.setNow(minutes(i + 1));
      const { res } = await answer(t, s.cookies[who] ?? '', 'yes');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/c/spring/meetup#your-answer');
    }
    expect(await statuses()).toEqual({
      Ann: 'going',
      Bo: 'going',
      Cas: 'waitlisted',
      Dee: 'waitlisted',
    });
    const cas = textOf(await page('Cas'));
    expect(cas).toContain('You are on the waiting list (number 1).');
    expect(cas).toContain('Coming 2 of 2 On the waiting list 2 Not coming 0');
    expect(textOf(await page('Dee'))).toContain('You are on the waiting list (number 2).');
    // Nobody was promoted, so nobody got mail.
    expect(await t.app.mailer.deliverDue()).toBe(0);

    t.setNow(minutes(10));
    const { cookie } = await answer(t, s.cookies.Bo ?? '', 'no');
    const bo = textOf(await t.app.inject({ url: memberPage, headers: { cookie } }));
    expect(bo).toContain('A pity you cannot come. Your answer is saved.');
    expect(bo).toContain('You are not coming.');
    expect(await statuses()).toEqual({
      Ann: 'going',
      Cas: 'going',
      Dee: 'waitlisted',
      Bo: 'declined',
    });
    const [promoted, ...others] = await deliver(t, sink, 1);
    expect(others).toEqual([]);
    if (!promoted) throw new Error('no mail');
    expect(addressOf(promoted)).toBe('cas@example.org');
    expect(promoted.subject).toBe('A place opened up for you: Spring meet-up, Fri 20 Mar, 19:00');
    expect(promoted.text).toContain('Good news: a place opened up');
    expect(promoted.text).toContain('When: Friday, 20 March 2026, 19:00–22:00 (Europe/Amsterdam)');
    expect(rsvpLinks(promoted).no).toMatch(/^\/meetup\/rsvp\//);
    expect(promoted.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    expect(textOf(await page('Cas'))).toContain('You are coming.');
    expect(textOf(await page('Dee'))).toContain('You are on the waiting list (number 1).');
  });

  it('gives the place of someone who leaves the cohort to the next, and drops a waiting leaver', async () => {
    await everyoneSaysYes();
    t.setNow(minutes(10));
    const left = await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, s.cookies.Bo ?? '');
    expect(left.res.statusCode).toBe(303);
    expect(await statuses()).toEqual({
      Ann: 'going',
      Cas: 'going',
      Dee: 'waitlisted',
      Bo: 'declined',
    });
    const [promoted, ...others] = await deliver(t, sink, 1);
    expect(others).toEqual([]);
    expect(promoted?.subject).toContain('A place opened up for you');
    expect(addressOf(promoted)).toBe('cas@example.org');

    // A waiting leaver is no longer waiting: the next free place skips them.
    await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, s.cookies.Dee ?? '');
    await answer(t, s.cookies.Ann ?? '', 'no');
    expect(await statuses()).toMatchObject({ Cas: 'going', Dee: 'declined', Ann: 'declined' });
    expect(await t.app.mailer.deliverDue()).toBe(0);
  });

  it('tells a promoted member on the next tick when the process died before the mail', async () => {
    await everyoneSaysYes();
    // Bo's "no" promotes Cas, but the process stops before queuing her mail.
    const meetup = await findMeetupOfCohort(t.database.db, s.cohortId);
    const { promoted } = await answerMeetup(t.database.db, {
      meetupId: meetup?.id ?? 0,
      userId: s.ids.Bo ?? 0,
      answer: 'no',
      now: minutes(10),
    });
    expect(promoted.map((p) => p.userId)).toEqual([s.ids.Cas]);
    expect(await t.app.mailer.deliverDue()).toBe(0);

    expect(await tellUntoldPromotions(t.app, minutes(11))).toBe(1);
    const [mail, ...others] = await deliver(t, sink, 1);
    expect(others).toEqual([]);
    expect(addressOf(mail)).toBe('cas@example.org');
    expect(mail?.subject).toContain('A place opened up for you');
    // Told once: the next ticks find nothing, and neither does a promotion mailed as usual.
    expect(await tellUntoldPromotions(t.app, minutes(12))).toBe(0);
    sink.clear();
    await answer(t, s.cookies.Ann ?? '', 'no');
    expect(await tellUntoldPromotions(t.app, minutes(13))).toBe(0);
    expect((await deliver(t, sink, 1)).map(addressOf)).toEqual(['dee@example.org']);
  });

  it('treats a second identical answer as nothing new', async () => {
    t.setNow(minutes(1));
    await answer(t, s.cookies.Ann ?? '', 'yes');
    const [first] = await t.database.db.select().from(rsvps);
    t.setNow(minutes(5));
    await answer(t, s.cookies.Ann ?? '', 'yes');
    const [again] = await t.database.db.select().from(rsvps);
    expect(again?.answeredAt).toEqual(first?.answeredAt);
    await answer(t, s.cookies.Bo ?? '', 'no');
    await answer(t, s.cookies.Bo ?? '', 'no');
    expect(await statuses()).toEqual({ Ann: 'going', Bo: 'declined' });
    // A "no" from someone not going promotes nobody and mails nobody.
    expect(await t.app.mailer.deliverDue()).toBe(0);
  });

  it('never drops anyone going when places are cut, and promotes when places are added', async () => {
    await everyoneSaysYes();
    t.setNow(minutes(10));
    const cut = await saveMeetup(t, s.organiser, { capacity: '1' });
    expect(cut.res.statusCode).toBe(303);
    const after = await t.app.inject({
      url: '/c/spring/organise/meetup',
      headers: { cookie: cut.cookie },
    });
    expect(textOf(after)).toContain(
      'More people are coming (2) than there are places (1): nobody loses their place',
    );
    expect(await statuses()).toEqual({
      Ann: 'going',
      Bo: 'going',
      Cas: 'waitlisted',
      Dee: 'waitlisted',
    });
    // Over capacity, a cancellation frees no place for the waitlist.
    t.setNow(minutes(11));
    await answer(t, s.cookies.Ann ?? '', 'no');
    expect((await statuses()).Cas).toBe('waitlisted');

    t.setNow(minutes(12));
    await saveMeetup(t, s.organiser, { capacity: '3' });
    expect(await statuses()).toEqual({
      Ann: 'declined',
      Bo: 'going',
      Cas: 'going',
      Dee: 'going',
    });
    const mails = await deliver(t, sink, 2);
    expect(mails.map((m) => m.subject)).toEqual([
      'A place opened up for you: Spring meet-up, Fri 20 Mar, 19:00',
      'A place opened up for you: Spring meet-up, Fri 20 Mar, 19:00',
    ]);
    mailTo(mails, 'cas@example.org');
    mailTo(mails, 'dee@example.org');
    expect(textOf(await page('Ann'))).toContain('Coming 3 of 3 On the waiting list 0 Not coming 1');
  });

  it('gives the last place to exactly one of two simultaneous answers', async () => {
    await answer(t, s.cookies.Ann ?? '', 'yes');
    const meetup = await findMeetupOfCohort(t.database.db, s.cohortId);
    if (!meetup) throw new Error('no meet-up');
    const results = await Promise.all(
      ['Bo', 'Cas', 'Dee'].map((who) =>
        answerMeetup(t.database.db, {
          meetupId: meetup.id,
          userId: s.ids[who] ?? 0,
          answer: 'yes',
          now: minutes(2),
        }),
      ),
    );
    expect(results.map((r) => r.status).toSorted()).toEqual(['going', 'waitlisted', 'waitlisted']);
    const counts = Object.values(await statuses());
    expect(counts.filter((x) => x === 'going')).toHaveLength(2);
  });

  it('shows the full meet-up to someone who has not answered, and refuses answers once it is over', async () => {
    await answer(t, s.cookies.Ann ?? '', 'yes');
    await answer(t, s.cookies.Bo ?? '', 'yes');
    expect(textOf(await page('Cas'))).toContain(
      'The meet-up is full. If you say yes, you go on the waiting list',
    );

    t.setNow(new Date('2026-03-20T21:00:00Z'));
    const late = await answer(t, s.cookies.Cas ?? '', 'yes');
    expect(late.res.statusCode).toBe(303);
    const shown = textOf(await t.app.inject({ url: memberPage, headers: { cookie: late.cookie } }));
    expect(shown).toContain('This meet-up has already taken place; answers are closed.');
    expect((await statuses()).Cas).toBeUndefined();
  });
});
