// The reminder two days before, as the minute tick calls it: nothing before 48 hours, one
// mail per member who is going, never twice (a second tick, a second process), again for a
// meet-up moved to another day; and the digest's view of the meet-up.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { meetupForDigest } from '../../server/meetup/digest.ts';
import { sendDueReminders } from '../../server/meetup/reminders.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';
import {
  answer,
  deliver,
  env,
  mailTo,
  rsvpLinks,
  type Seeded,
  saveMeetup,
  seed,
  sendInvitation,
  to,
} from './helpers.ts';

let sink: SmtpSink;
let t: TestApp;
let other: TestApp;
let s: Seeded;
const at = (iso: string) => new Date(iso);
// Both "processes" keep one time, as two servers do: with clocks apart, one would take the
// other's claim on a mail in flight for a lapsed one and send it again.
const setNow = (d: Date) => {
  t.setNow(d);
  other.setNow(d);
};
// The meet-up starts Friday 20 March 2026, 19:00 in Amsterdam = 18:00 UTC.
const twoDaysBefore = at('2026-03-18T18:00:00Z');

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { ...env, SMTP_URL: sink.url } });
  // A second "process" on the same database, as a second scheduler would be.
  other = await buildTestApp({ env: { ...env, SMTP_URL: sink.url }, database: t.database });
});
afterAll(async () => {
  await other.close();
  await t.close();
  await sink.close();
});
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo', 'Cas']);
  other.setNow(t.app.clock());
  await saveMeetup(t, s.organiser);
  await sendInvitation(t, s.organiser);
  await answer(t, s.cookies.Ann ?? '', 'yes');
  await answer(t, s.cookies.Bo ?? '', 'yes');
  await answer(t, s.cookies.Cas ?? '', 'no');
  await deliver(t, sink, 3);
  sink.clear();
});

describe('the reminder', () => {
  it('goes once to those who are going, from two days before the start', async () => {
    expect(await sendDueReminders(t.app, at('2026-03-18T17:59:00Z'))).toBe(0);
    setNow(twoDaysBefore);
    const [first, second] = await Promise.all([
      sendDueReminders(t.app, twoDaysBefore),
      sendDueReminders(other.app, twoDaysBefore),
    ]);
    expect(first + second).toBe(2);
    const mails = await deliver(t, sink, 2);
    expect(mails.map(to).toSorted()).toEqual(['ann@example.org', 'bo@example.org']);
    const ann = mailTo(mails, 'ann@example.org');
    expect(ann.subject).toBe('Reminder: Spring meet-up, Fri 20 Mar, 19:00');
    expect(ann.text).toContain('is in two days, and you said you are coming');
    expect(ann.text).toContain('Where: Café De Zon, Zonstraat 1, 1011 AA Amsterdam');
    expect(rsvpLinks(ann).no).toMatch(/^\/meetup\/rsvp\//);
    expect(ann.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);

    // Later ticks find nothing to do.
    setNow(at('2026-03-19T09:00:00Z'));
    expect(await sendDueReminders(t.app, at('2026-03-19T09:00:00Z'))).toBe(0);
    expect(await t.app.mailer.deliverDue()).toBe(0);

    // Cas changes her mind after the reminders went out: the next tick reminds her alone.
    sink.clear();
    setNow(at('2026-03-19T10:00:00Z'));
    await answer(t, s.cookies.Cas ?? '', 'yes');
    await t.app.mailer.deliverDue();
    sink.clear(); // her confirmation, if any
    expect(await sendDueReminders(t.app, at('2026-03-19T10:01:00Z'))).toBe(1);
    expect((await deliver(t, sink, 1)).map(to)).toEqual(['cas@example.org']);
    expect(await sendDueReminders(t.app, at('2026-03-19T10:02:00Z'))).toBe(0);
  });

  it('reminds again when the meet-up moves to another day, and never after the start', async () => {
    setNow(twoDaysBefore);
    expect(await sendDueReminders(t.app, twoDaysBefore)).toBe(2);
    await deliver(t, sink, 2);
    sink.clear();
    // A week later, same time; the answers stand.
    await saveMeetup(t, s.organiser, {
      starts_at: '2026-03-27T19:00',
      ends_at: '2026-03-27T22:00',
    });
    expect(await sendDueReminders(t.app, at('2026-03-19T18:00:00Z'))).toBe(0);
    expect(await sendDueReminders(t.app, at('2026-03-25T18:00:00Z'))).toBe(2);
    const mails = await deliver(t, sink, 2);
    expect(mails[0]?.subject).toBe('Reminder: Spring meet-up, Fri 27 Mar, 19:00');
    expect(await sendDueReminders(t.app, at('2026-03-27T18:30:00Z'))).toBe(0);
  });

  it('gives the digest the meet-up with the member’s answer until it ends', async () => {
    const db = t.database.db;
    const now = at('2026-03-15T07:00:00Z');
    expect(await meetupForDigest(db, s.cohortId, s.ids.Ann ?? 0, now)).toEqual({
      title: 'Spring meet-up',
      startsAt: at('2026-03-20T18:00:00Z'),
      endsAt: at('2026-03-20T21:00:00Z'),
      timezone: 'Europe/Amsterdam',
      place: 'Café De Zon',
      status: 'going',
    });
    expect((await meetupForDigest(db, s.cohortId, s.ids.Cas ?? 0, now))?.status).toBe('declined');
    expect((await meetupForDigest(db, s.cohortId, 999_999, now))?.status).toBeNull();
    expect(
      await meetupForDigest(db, s.cohortId, s.ids.Ann ?? 0, at('2026-03-20T21:00:00Z')),
    ).toBeNull();
    expect(await meetupForDigest(db, s.cohortId + 1, s.ids.Ann ?? 0, now)).toBeNull();
  });
});
