// "I'll be there": members who say they will come get one reminder an hour before the live
// hour, through the minute tick and a real SMTP server; no one else does, a second tick or
// process sends nothing twice, and an hour moved to another time reminds again.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { leaveCohort } from '../../server/core/accounts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';
import { act, at, page, type Seeded, seed } from './setup.ts';

let sink: SmtpSink;
let t: TestApp;
let other: TestApp;
let s: Seeded;

beforeAll(async () => {
  sink = await startSmtpSink();
  const env = { SMTP_URL: sink.url };
  t = await buildTestApp({ env });
  // A second process on the same database, running its own minute tick.
  other = await buildTestApp({ env, database: t.database });
});
afterAll(async () => {
  await other.close();
  await t.close();
  await sink.close();
});
beforeEach(async () => {
  s = await seed(t, at(-180));
  other.setNow(at(-180));
  sink.clear();
});

const attend = (cookie: string, answer: string) => act(t, cookie, 'attend', { attending: answer });
const to = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : '');
/** Runs both processes' ticks at `now`, delivers what they queued, returns the reminders. */
async function tickAt(now: Date): Promise<ParsedMail[]> {
  t.setNow(now);
  other.setNow(now);
  sink.clear();
  await Promise.all([t.app.ticks.tick(), other.app.ticks.tick()]);
  // Either process may have queued a reminder and nudged its own mailer, which then holds the
  // row: both deliver, and each waits for a run it already has going.
  await Promise.all([t.app.mailer.deliverDue(), other.app.mailer.deliverDue()]);
  // The tick also sends the cohort's digests: only the reminders are ours.
  return sink.messages.filter((m) => m.subject?.startsWith('In an hour'));
}
const textOfPage = async (cookie: string) =>
  textOf(await t.app.inject({ url: page, headers: { cookie } }));

describe('saying you will come to a live hour', () => {
  it('shows on the page, with how many are coming, and can be taken back', async () => {
    expect(await textOfPage(s.ana)).toContain('Say you will come');
    const { res, cookie } = await attend(s.ana, 'yes');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page}#attend`);
    const after = textOf(await t.app.inject({ url: page, headers: { cookie } }));
    expect(after).toContain('Noted: you will get a reminder an hour before the live hour.');
    expect(after).toContain('You said you will be there');
    expect(after).toContain('1 coming so far');
    await attend(s.bo, 'yes');
    await attend(s.ana, 'yes'); // twice is still once
    expect(await textOfPage(s.bo)).toContain('2 coming so far');
    await attend(s.ana, 'no');
    expect(await textOfPage(s.ana)).toContain('Say you will come');
    expect(await textOfPage(s.ana)).toContain('1 coming so far');
  });

  it('mails those coming once, an hour before, and no one else', async () => {
    await attend(s.ana, 'yes');
    await attend(s.bo, 'yes');
    await attend(s.bo, 'no');
    expect(await tickAt(at(-61))).toEqual([]);
    const mails = await tickAt(at(-59));
    expect(mails.map(to)).toEqual(['ana@example.org']);
    const [mail] = mails;
    expect(mail?.subject).toBe('In an hour: “The opening live hour”');
    expect(mail?.text).toContain('starts in an hour');
    expect(mail?.text).toContain('Europe/Amsterdam');
    expect(mail?.text).toContain(`${t.app.config.baseUrl}${page}`);
    expect(mail?.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    // Later ticks, in either process, find nothing left to send.
    expect(await tickAt(at(-58))).toEqual([]);
    expect(await tickAt(at(-5))).toEqual([]);
  });

  it('reminds again when the hour is moved, at its new time', async () => {
    await attend(s.ana, 'yes');
    expect((await tickAt(at(-50))).map(to)).toEqual(['ana@example.org']);
    // A day later, same time of day: 4 March 2026, 20:00 in Amsterdam.
    const moved = await submit(
      t.app,
      '/c/spring/organise/live',
      '/c/spring/organise/live/welcome/move',
      { starts_at: '2026-03-04T20:00' },
      s.olga,
    );
    expect(moved.res.statusCode).toBe(303);
    expect(await tickAt(at(-40))).toEqual([]);
    const day = 24 * 60;
    expect(await tickAt(at(day - 61))).toEqual([]);
    const again = await tickAt(at(day - 59));
    expect(again.map(to)).toEqual(['ana@example.org']);
    expect(again[0]?.text).toContain('4 March');
    expect(await tickAt(at(day - 30))).toEqual([]);
  });

  it('forgets a member who leaves the cohort, and refuses an hour that is over', async () => {
    await attend(s.ana, 'yes');
    await t.app.membership.depart(
      t.database.db,
      { cohortId: s.cohortId, userId: s.ids.ana, reason: 'left', at: at(-120) },
      (tx) => leaveCohort(tx, s.cohortId, s.ids.ana),
    );
    expect(await tickAt(at(-59))).toEqual([]);

    t.setNow(at(120));
    const { res, cookie } = await attend(s.bo, 'yes');
    expect(res.statusCode).toBe(303);
    const after = textOf(await t.app.inject({ url: page, headers: { cookie } }));
    expect(after).toContain('This live hour is over.');
    expect(after).not.toContain('coming so far');
  });

  it('refuses an answer that is neither yes nor no', async () => {
    expect((await attend(s.ana, 'maybe')).res.statusCode).toBe(404);
  });

  it('is in the export of the member’s data', async () => {
    await attend(s.ana, 'yes');
    const exported = await t.app.inject({ url: '/settings/export', headers: { cookie: s.ana } });
    const data = exported.json() as { liveAttendance: { cohort: string; roomId: string }[] };
    expect(data.liveAttendance).toEqual([
      expect.objectContaining({ cohort: 'spring', roomId: 'welcome' }),
    ]);
  });
});
