// The personal digest as a learner receives it (real SMTP, parsed with mailparser): each
// section when there is something for it, nothing when there is nothing, members only,
// RFC 8058 unsubscribe, and no duplicates when the scheduler runs twice or in two processes.
import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, users } from '../../db/schema.ts';
import { createComment, setSpotlight } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { findUserByEmail, leaveCohort } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import { runDueDigests } from '../../server/digest/scheduler.ts';
import { allocateReview } from '../../server/feedback/allocation.ts';
import { completeReview, saveSubmission } from '../../server/feedback/queries.ts';
import { markInvited, saveMeetup } from '../../server/meetup/queries.ts';
import { answerMeetup } from '../../server/meetup/rsvp.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { isEnrolled, signIn, submit } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

let sink: SmtpSink;
let t: TestApp;
let cohortId = 0;
const ids: Record<string, number> = {};
const at = (iso: string) => new Date(iso);
// The weekly period that ends Monday 9 March 07:00 in Amsterdam (06:00 UTC).
const mondayMorning = at('2026-03-09T06:30:00Z');

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { SMTP_URL: sink.url, BASE_URL: 'https://salon.example.org' } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

async function person(name: string, digest: 'daily' | 'weekly' | 'off' = 'weekly') {
  await signIn(t, { email: `${name.toLowerCase()}@example.org`, name, cohorts: ['spring'] });
  const user = await findUserByEmail(t.database.db, `${name.toLowerCase()}@example.org`);
  if (!user) throw new Error('no user');
  await t.database.db.update(users).set({ digest }).where(eq(users.id, user.id));
  ids[name] = user.id;
  return user.id;
}

beforeEach(async () => {
  await t.reset();
  sink.clear();
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  for (const name of ['Ann', 'Bo', 'Cas']) await person(name);
  await person('Eve', 'daily');
  await person('Fay', 'off');
  await person('Dee');
  await leaveCohort(t.database.db, cohortId, ids.Dee ?? 0); // left: gets nothing
  const db = t.database.db;
  const base = {
    cohortId,
    roomId: 'welcome',
    thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
  };
  const post = (who: string, text: string, iso: string, parentId: number | null = null) =>
    createComment(db, {
      ...base,
      parentId,
      authorId: ids[who] ?? 0,
      bodyMd: text,
      bodyHtml: `<p>${text}</p>`,
      now: at(iso),
    });
  const mine = await post('Ann', 'What a drawing.', '2026-03-03T10:00:00Z');
  await post('Bo', 'I see a knowmad in it too.', '2026-03-04T10:00:00Z', mine.id);
  const cas = await post('Cas', 'It reminds me of a map.', '2026-03-05T10:00:00Z');
  await setSpotlight(db, cas.id, true, at('2026-03-05T11:00:00Z'));
  await createContribution(db, {
    cohortId,
    roomId: 'welcome',
    authorId: ids.Bo ?? 0,
    title: 'A map of my network',
    url: null,
    noteMd: 'x',
    noteHtml: '<p>x</p>',
    now: at('2026-03-06T10:00:00Z'),
  });
  await saveSubmission(db, {
    cohortId,
    roomId: 'welcome',
    authorId: ids.Ann ?? 0,
    bodyMd: 'w',
    bodyHtml: '<p>w</p>',
    url: null,
    late: false,
    now: at('2026-03-03T10:00:00Z'),
  });
  const lease = await allocateReview(db, {
    cohortId,
    roomId: 'welcome',
    reviewerId: ids.Bo ?? 0,
    leaseMs: 86_400_000,
    now: at('2026-03-04T10:00:00Z'),
  });
  await completeReview(db, lease?.reviewId ?? 0, { works: 'good' }, at('2026-03-04T11:00:00Z'));
});

const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address;
async function deliver(n: number) {
  await t.app.mailer.deliverDue();
  return sink.waitFor(n);
}

describe('the weekly digest', () => {
  it('tells each member what is new for them, with every section that has something', async () => {
    t.setNow(mondayMorning);
    await runDueDigests(t.app);
    // Weekly for Ann, Bo and Cas; Eve's daily one is due too (week 2 opened last night).
    const mails = await deliver(4);
    expect(mails.map(to).toSorted()).toEqual([
      'ann@example.org',
      'bo@example.org',
      'cas@example.org',
      'eve@example.org',
    ]);
    const eve = mails.find((m) => to(m) === 'eve@example.org') as ParsedMail;
    expect(eve.text).toContain('since yesterday');
    expect(eve.text).toContain('You get this digest every day at 07:00.');
    const ann = mails.find((m) => to(m) === 'ann@example.org') as ParsedMail;
    expect(ann.subject).toBe('Week 2 is open · 1 reply to you · 1 review of your work');
    const text = ann.text ?? '';
    expect(text).toContain('Hello Ann,');
    expect(text).toContain(
      '== Newly opened ==\nWeek 2: The Long Gallery: https://salon.example.org/c/spring/walking\n  - Moving Pictures: https://salon.example.org/c/spring/walking/',
    );
    expect(text).toContain('== Replies to you ==\n- Bo: I see a knowmad in it too.');
    expect(text).toContain('== In conversations you joined ==');
    expect(text).toContain('2 new comments'); // Bo's reply and Cas's comment
    expect(text).toContain('== In the spotlight ==\n- Cas: It reminds me of a map.');
    expect(text).toContain('== New on the wall ==\n- A map of my network (Bo)');
    expect(text).toMatch(
      /== Peer feedback ==\n- A moment from your practice: you still have 3 reviews to give, by Monday, 16 March 2026/,
    );
    expect(text).toContain('1 new review of your work');
    expect(ann.html).toContain('<h2');
    expect(ann.html).toContain('href="https://salon.example.org/c/spring/welcome/drawing#comment-');

    // Bo gave the review and wrote the reply: no "replies to you", no feedback received.
    const bo = mails.find((m) => to(m) === 'bo@example.org') as ParsedMail;
    expect(bo.subject).toBe(
      'Week 2 is open · 2 new comments in your conversations · 1 comment in the spotlight',
    );
    expect(bo.text).not.toContain('Replies to you');
    expect(bo.text).not.toContain('Peer feedback');
    expect(bo.text).not.toContain('New on the wall'); // one's own find is not news
    expect(bo.text).not.toContain('The meet-up'); // there is none
    expect(bo.text).not.toContain('Announcements');
  });

  it('sends nothing for an empty period, and nothing twice', async () => {
    t.setNow(at('2026-03-08T06:30:00Z')); // Sunday: Eve's daily period 7–8 March is empty
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const daily = await runDigest(
      t.app,
      context,
      latestPeriod(context.cohort, 'daily', t.app.clock()),
    );
    expect(daily).toMatchObject({ members: 5, queued: 0, empty: 1, optedOut: 1, other: 3 });

    t.setNow(mondayMorning);
    await runDueDigests(t.app);
    await runDueDigests(t.app); // the period is done: skipped
    const again = await runDigest(
      t.app,
      context,
      latestPeriod(context.cohort, 'weekly', mondayMorning),
    );
    expect(again).toMatchObject({ queued: 0, already: 3 });
    const rows = await t.database.db.select().from(outbox).where(eq(outbox.kind, 'digest'));
    expect(rows).toHaveLength(4); // Ann, Bo, Cas weekly; Eve daily
  });

  it('queues each digest once when two processes tick at the same moment', async () => {
    const other = await buildTestApp({
      database: t.database,
      env: { SMTP_URL: sink.url, BASE_URL: 'https://salon.example.org' },
    });
    try {
      t.setNow(mondayMorning);
      other.setNow(mondayMorning);
      await Promise.all([runDueDigests(t.app), runDueDigests(other.app), runDueDigests(t.app)]);
      const rows = await t.database.db.select().from(outbox).where(eq(outbox.kind, 'digest'));
      expect(rows.map((r) => r.toAddress).toSorted()).toEqual([
        'ann@example.org',
        'bo@example.org',
        'cas@example.org',
        'eve@example.org',
      ]);
    } finally {
      await other.close();
    }
  });
});

describe('the meet-up in the digest', () => {
  it('shows it once invited, with each member’s answer; an unanswered invitation alone is news', async () => {
    const { meetup } = await saveMeetup(
      t.database.db,
      cohortId,
      {
        title: 'Spring meet-up',
        startsAt: at('2026-03-20T18:00:00Z'),
        endsAt: at('2026-03-20T21:00:00Z'),
        timezone: 'Europe/Amsterdam',
        place: 'Café De Zon',
        address: 'Zonstraat 1',
        descriptionMd: '',
        capacity: null,
        descriptionHtml: '',
      },
      at('2026-03-08T10:00:00Z'),
    );
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    // Not invited yet: a quiet day (10–11 March) gives Eve no digest.
    t.setNow(at('2026-03-11T06:30:00Z'));
    const quiet = await runDigest(
      t.app,
      context,
      latestPeriod(context.cohort, 'daily', t.app.clock()),
    );
    expect(quiet).toMatchObject({ queued: 0, empty: 1 });

    await markInvited(t.database.db, meetup.id, at('2026-03-10T10:00:00Z'));
    await answerMeetup(t.database.db, {
      meetupId: meetup.id,
      userId: ids.Bo ?? 0,
      answer: 'yes',
      now: at('2026-03-10T11:00:00Z'),
    });
    t.setNow(at('2026-03-12T06:30:00Z'));
    const daily = await runDigest(
      t.app,
      context,
      latestPeriod(context.cohort, 'daily', t.app.clock()),
    );
    expect(daily.queued).toBe(1); // Eve has not answered: that alone is worth a mail
    t.setNow(at('2026-03-16T06:30:00Z'));
    await runDigest(t.app, context, latestPeriod(context.cohort, 'weekly', t.app.clock()));
    const mails = await deliver(4);
    const text = (who: string) => mails.find((m) => to(m) === who)?.text ?? '';
    expect(text('eve@example.org')).toContain(
      '== The meet-up ==\nSpring meet-up, Friday, 20 March 2026 at 19:00, Café De Zon. Will you come? Please let us know.',
    );
    // The subject asks Eve, who has not answered, about the meet-up.
    expect(mails.filter((m) => to(m) === 'eve@example.org').map((m) => m.subject)).toEqual([
      'Week 3 is open · Are you coming to the meet-up?',
    ]);
    expect(text('bo@example.org')).toContain('Café De Zon. You are coming.');
    expect(text('ann@example.org')).toContain('Will you come?');
  });
});

describe('the minute tick', () => {
  it('runs the due digests and the other jobs (meet-up reminders), one tick at a time', async () => {
    t.setNow(mondayMorning);
    expect(t.app.ticks.names).toEqual(
      expect.arrayContaining([
        'digests',
        'meetup reminders',
        'urgent announcements left half-sent',
      ]),
    );
    let jobs = 0;
    t.app.ticks.add('counting', async () => {
      jobs++;
    });
    await Promise.all([t.app.ticks.tick(), t.app.ticks.tick()]); // the second joins the first
    await t.app.ticks.stop();
    expect(jobs).toBe(1);
    const rows = await t.database.db.select().from(outbox).where(eq(outbox.kind, 'digest'));
    expect(rows).toHaveLength(4);
  });

  it('keeps running the other jobs when one fails', async () => {
    let after = 0;
    t.app.ticks.add('failing', async () => {
      throw new Error('boom');
    });
    t.app.ticks.add('after the failing one', async () => {
      after++;
    });
    await t.app.ticks.tick();
    expect(after).toBe(1);
  });
});

describe('unsubscribing (RFC 8058)', () => {
  it('puts both headers on one line each, and one POST without a session turns digests off', async () => {
    t.setNow(mondayMorning);
    await runDueDigests(t.app);
    const ann = (await deliver(4)).find((m) => to(m) === 'ann@example.org') as ParsedMail;
    const line = (key: string) => ann.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(line('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/salon\.example\.org\/unsubscribe\/\d+\.[\w-]+>$/,
    );
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(line('message-id')).toMatch(/^Message-ID: <\d+\.[0-9a-f]{12}@localhost>$/);
    expect(line('date')).not.toBe('');
    expect(ann.text).toContain('Unsubscribe: https://salon.example.org/unsubscribe/');
    const url = new URL(/<([^>]+)>/.exec(line('list-unsubscribe'))?.[1] ?? '');

    const look = await t.app.inject({ url: url.pathname });
    expect(look.statusCode).toBe(200);
    expect(look.body).toContain('ann@example.org');
    expect((await findUserByEmail(t.database.db, 'ann@example.org'))?.digest).toBe('weekly');

    const res = await t.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('will get no more digests');
    expect((await findUserByEmail(t.database.db, 'ann@example.org'))?.digest).toBe('off');

    // The same as multipart/form-data (RFC 8058 allows both), here for Bo.
    const boUrl = `/unsubscribe/${t.app.signer.sign('unsubscribe', String(ids.Bo))}`;
    const boundary = 'salon-test-boundary';
    const multipart = await t.app.inject({
      method: 'POST',
      url: boUrl,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(multipart.statusCode).toBe(200);
    expect((await findUserByEmail(t.database.db, 'bo@example.org'))?.digest).toBe('off');
    await t.database.db
      .update(users)
      .set({ digest: 'weekly' })
      .where(eq(users.id, ids.Bo ?? 0));

    // A forged token changes nothing.
    const forged = url.pathname.replace(/\.[\w-]+$/, '.AAAAAAAAAAAAAAAAAAAAAA');
    const bad = await t.app.inject({
      method: 'POST',
      url: forged.replace(/\/\d+\./, `/${ids.Bo}.`),
    });
    expect(bad.statusCode).toBe(404);
    expect((await findUserByEmail(t.database.db, 'bo@example.org'))?.digest).toBe('weekly');
  });

  it('is sticky: enrolling in another cohort does not turn digests back on', async () => {
    await createCohort(t.database.db, { slug: 'autumn', courseId: 'demo', startsOn: '2026-03-02' });
    const token = t.app.signer.sign('unsubscribe', String(ids.Ann));
    const off = await t.app.inject({ method: 'POST', url: `/unsubscribe/${token}` });
    expect(off.statusCode).toBe(200);
    // Ann signs in again and enrols in another cohort, through the form.
    // BASE_URL is https here, so the session cookie has its __Host- name.
    const cookie = `__Host-${await signIn(t, { email: 'ann@example.org', name: 'Ann' })}`;
    const joined = await submit(t.app, '/c/autumn', '/c/autumn/enrol', {}, cookie);
    expect(joined.res.statusCode).toBe(303);
    expect(await isEnrolled(t, 'ann@example.org', 'autumn')).toBe(true);
    expect((await findUserByEmail(t.database.db, 'ann@example.org'))?.digest).toBe('off');
    t.setNow(mondayMorning);
    await runDueDigests(t.app);
    const digests = await t.database.db
      .select({ userId: outbox.userId })
      .from(outbox)
      .where(eq(outbox.kind, 'digest'));
    expect(digests.length).toBeGreaterThan(0); // the others got theirs
    expect(digests.map((d) => d.userId)).not.toContain(ids.Ann);
  });
});

describe('headers from what people typed', () => {
  it('never lets a name start a header of its own', async () => {
    await t.database.db
      .update(users)
      .set({ name: 'Ann\r\nBcc: evil@example.org' })
      .where(eq(users.id, ids.Ann ?? 0));
    t.setNow(mondayMorning);
    await runDueDigests(t.app);
    const ann = (await deliver(4)).find((m) => to(m) === 'ann@example.org') as ParsedMail;
    expect(ann.bcc).toBeUndefined();
    expect(ann.headerLines.some((h) => h.key === 'bcc')).toBe(false);
    expect(sink.messages.map(to)).not.toContain('evil@example.org');
  });
});
