// Announcements: the organiser's form (typed text kept on a refusal), members reading them on
// the cohort home, the next digest carrying them, and urgent ones mailed to every member at
// once over real SMTP with the unsubscribe headers, in each member's language.
import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { announcements, outbox, users } from '../../db/schema.ts';
import { finishUrgentAnnouncements, mailAnnouncement } from '../../server/announce/mail.ts';
import { createAnnouncement } from '../../server/announce/queries.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

const page = '/c/spring/organise/announcements';
let sink: SmtpSink;
let t: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { SMTP_URL: sink.url } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

beforeEach(async () => {
  await t.reset();
  sink.clear();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  await createCohort(t.database.db, { slug: 'other', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T05:00:00Z'));
  cookies.ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  cookies.bo = await signIn(t, {
    email: 'bo@example.org',
    name: 'Bo',
    locale: 'nl',
    cohorts: ['spring'],
  });
  cookies.out = await signIn(t, { email: 'out@example.org', name: 'Out', cohorts: ['other'] });
  cookies.organiser = await signIn(t, { email: 'organisers@example.org', name: 'Org' });
});

const post = (fields: Record<string, string>, cookie = cookies.organiser ?? '') =>
  submit(t.app, page, page, fields, cookie);
const get = (url: string, cookie = '') => t.app.inject({ url, headers: { cookie } });
const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address;

describe('writing an announcement', () => {
  it('refuses an empty title or message with a message per field, keeping what was typed', async () => {
    const { res } = await post({ title: '  ', body: 'Bring <b>a friend</b>', urgent: 'on' });
    expect(res.statusCode).toBe(422);
    const text = textOf(res);
    expect(text).toContain('Title: Give the announcement a title.');
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('Bring &lt;b&gt;a friend&lt;/b&gt;</textarea>');
    expect(res.body).toMatch(/name="urgent" value="on"[^>]*checked/);
    const second = await post({ title: 'A very long one', body: '' });
    expect(second.res.statusCode).toBe(422);
    expect(textOf(second.res)).toContain('Message: Write the message.');
    expect(second.res.body).toContain('value="A very long one"');
    expect(second.res.body).not.toMatch(/name="urgent" value="on"[^>]*checked/);
    expect(await t.database.db.$count(announcements)).toBe(0);
  });

  it('publishes to the cohort home for members only, newest first, and deletes', async () => {
    const first = await post({ title: 'Welcome', body: 'Glad you are *here*.' });
    expect(first.res.statusCode).toBe(303);
    expect(first.res.headers.location).toBe(page);
    t.setNow(new Date('2026-03-10T06:00:00Z'));
    await post({ title: 'Room change', body: 'We meet upstairs.' });
    const list = await get(page, first.cookie);
    expect(textOf(list)).toContain('The announcement is on the home page');
    expect(textOf(list).indexOf('Room change')).toBeLessThan(textOf(list).indexOf('Welcome'));

    const home = await get('/c/spring', cookies.ann);
    expect(home.body).toContain('<em>here</em>');
    expect(textOf(home)).toMatch(/Announcements Room change .* Welcome/);
    expect(textOf(home)).not.toContain('Write an announcement');
    expect(textOf(await get('/c/spring', cookies.organiser))).toContain('Write an announcement');
    for (const cookie of [cookies.out, '']) {
      const outside = textOf(await get('/c/spring', cookie));
      expect(outside).not.toContain('Room change');
      expect(outside).not.toContain('Announcements');
    }
    // Only the latest three on the home page.
    for (const n of [3, 4, 5]) await post({ title: `Note ${n}`, body: 'x' });
    const full = textOf(await get('/c/spring', cookies.ann));
    expect(full).toContain('Note 5');
    expect(full).not.toContain('Room change');

    const [row] = await t.database.db
      .select({ id: announcements.id })
      .from(announcements)
      .where(eq(announcements.title, 'Note 5'));
    const del = await submit(t.app, page, `${page}/${row?.id}/delete`, {}, cookies.organiser);
    expect(del.res.statusCode).toBe(303);
    expect(textOf(await get(page, del.cookie))).toContain('The announcement is deleted.');
    expect(textOf(await get('/c/spring', cookies.ann))).not.toContain('Note 5');
    // An id that is gone (or another cohort's) is a notice, not an error.
    const again = await submit(t.app, page, `${page}/${row?.id}/delete`, {}, cookies.organiser);
    expect(textOf(await get(page, again.cookie))).toContain('That announcement does not exist');
  });

  it('edits one: the form starts from the saved text, refuses an empty title keeping the typing', async () => {
    await post({ title: 'Welcome', body: 'Glad you are *here*.' });
    const [row] = await t.database.db.select({ id: announcements.id }).from(announcements);
    const edit = `${page}/${row?.id}/edit`;
    const list = await get(page, cookies.organiser);
    expect(list.body).toContain(`href="${edit}"`);
    const form = await get(edit, cookies.organiser);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Welcome"');
    expect(form.body).toContain('Glad you are *here*.</textarea>');
    expect(form.body).not.toContain('name="urgent"');

    const bad = await submit(
      t.app,
      edit,
      `${page}/${row?.id}`,
      { title: '', body: 'New *text*' },
      cookies.organiser,
    );
    expect(bad.res.statusCode).toBe(422);
    expect(textOf(bad.res)).toContain('Title: Give the announcement a title.');
    expect(bad.res.body).toContain('New *text*</textarea>');
    expect(textOf(await get('/c/spring', cookies.ann))).toContain('Welcome');

    const good = await submit(
      t.app,
      edit,
      `${page}/${row?.id}`,
      { title: 'Welcome, all', body: 'New *text*' },
      cookies.organiser,
    );
    expect(good.res.statusCode).toBe(303);
    expect(good.res.headers.location).toBe(`${page}#announcement-${row?.id}`);
    expect(textOf(await get(page, good.cookie))).toContain('The announcement is saved.');
    const home = await get('/c/spring', cookies.ann);
    expect(textOf(home)).toContain('Welcome, all');
    expect(home.body).toContain('New <em>text</em>');
    expect(await t.database.db.$count(announcements)).toBe(1);

    // Unknown ids and learners get nothing.
    expect((await get(`${page}/999/edit`, cookies.organiser)).statusCode).toBe(404);
    const missing = await submit(
      t.app,
      edit,
      `${page}/999`,
      { title: 'x', body: 'y' },
      cookies.organiser,
    );
    expect(missing.res.statusCode).toBe(404);
    expect((await get(edit, cookies.ann)).statusCode).toBe(403);
    const learner = await submit(
      t.app,
      '/settings',
      `${page}/${row?.id}`,
      { title: 'Mine', body: 'x' },
      cookies.ann,
    );
    expect(learner.res.statusCode).toBe(403);
    expect(textOf(await get('/c/spring', cookies.ann))).not.toContain('Mine');
  });

  it('is for organisers only', async () => {
    expect((await get(page, cookies.ann)).statusCode).toBe(403);
    expect((await get(page, cookies.out)).statusCode).toBe(403);
    expect((await get(page)).statusCode).toBe(303);
    // A learner with a valid CSRF token (from a page they may open) is still refused.
    const { res } = await submit(t.app, '/settings', page, { title: 'Hi', body: 'x' }, cookies.ann);
    expect(res.statusCode).toBe(403);
    expect(await t.database.db.$count(announcements)).toBe(0);
  });
});

describe('urgent announcements', () => {
  it('are mailed at once to every member, in their language, with unsubscribe headers', async () => {
    const { res, cookie } = await post({
      title: 'No meeting today',
      body: 'The building is **closed**.',
      urgent: 'on',
    });
    expect(res.statusCode).toBe(303);
    expect(textOf(await get(page, cookie))).toContain(
      'The announcement is published and on its way to 2 participants.',
    );
    await t.app.mailer.deliverDue();
    const mails = await sink.waitFor(2);
    expect(mails.map(to).toSorted()).toEqual(['ann@example.org', 'bo@example.org']);
    const ann = mails.find((m) => to(m) === 'ann@example.org') as ParsedMail;
    expect(ann.subject).toBe('Announcement: No meeting today');
    expect(ann.text).toContain('Hello Ann,');
    expect(ann.text).toContain('Org has an announcement for the participants of “A Test Museum”:');
    expect(ann.text).toContain('The building is **closed**.');
    expect(ann.text).toMatch(/Unsubscribe from digests: http.*\/unsubscribe\//);
    expect(ann.html).toContain('<strong>closed</strong>');
    const line = (m: ParsedMail, key: string) =>
      m.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(line(ann, 'list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <http.*\/unsubscribe\/\d+\.[\w-]+>$/,
    );
    expect(line(ann, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const bo = mails.find((m) => to(m) === 'bo@example.org') as ParsedMail;
    expect(bo.subject).toBe('Mededeling: No meeting today');
    expect(bo.text).toContain('Hallo Bo,');

    const [row] = await t.database.db.select().from(announcements);
    expect(row?.mailedAt).toEqual(new Date('2026-03-10T05:00:00Z'));
    const home = textOf(await get('/c/spring', cookies.ann));
    expect(home).toContain('No meeting today urgent');

    // Batched by member, and sending again queues nothing new (one mail per member).
    if (!row) throw new Error('no announcement');
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const again = await mailAnnouncement(t.app, row, context, { authorName: 'Org', batchSize: 1 });
    expect(again).toEqual({ queued: 0, members: 2 });
    const rows = await t.database.db.select().from(outbox).where(eq(outbox.kind, 'announcement'));
    expect(rows.map((r) => r.idempotencyKey).toSorted()).toEqual(
      [`announcement:${row.id}:2`, `announcement:${row.id}:1`].toSorted(),
    );
  });
});

describe('an urgent announcement whose sending stopped half-way', () => {
  it('is finished by the minute tick: the rest of the members get it, nobody twice', async () => {
    const cohort = await loadCohortContext(t.app, 'spring');
    if (!cohort) throw new Error('no cohort');
    const organiser = await findUserByEmail(t.database.db, 'organisers@example.org');
    const announcement = await createAnnouncement(t.database.db, {
      cohortId: cohort.cohort.id,
      authorId: organiser?.id ?? null,
      title: 'Fire drill',
      bodyMd: 'At **ten**.',
      bodyHtml: '<p>At <strong>ten</strong>.</p>',
      urgent: true,
      now: t.app.clock(),
    });
    // The request had queued Ann's mail, not yet Bo's, when the process died: its mail
    // worker sent nothing (held here, or it could send Bo's row before the test removes it).
    const nudge = t.app.mailer.nudge;
    t.app.mailer.nudge = () => {};
    try {
      await mailAnnouncement(t.app, announcement, cohort, { authorName: 'Org' });
      const bo = await findUserByEmail(t.database.db, 'bo@example.org');
      await t.database.db.delete(outbox).where(eq(outbox.userId, bo?.id ?? 0));
      await t.database.db.update(announcements).set({ mailedAt: null });
    } finally {
      t.app.mailer.nudge = nudge;
    }
    const later = (minutes: number) => new Date(t.app.clock().getTime() + minutes * 60_000);

    // Not while the request may still be at it; then Bo's alone, once.
    expect(await finishUrgentAnnouncements(t.app, later(1))).toBe(0);
    expect(await t.database.db.$count(outbox)).toBe(1);
    expect(await finishUrgentAnnouncements(t.app, later(3))).toBe(1);
    const [row] = await t.database.db.select().from(announcements);
    expect(row?.mailedAt).not.toBeNull();
    expect(await finishUrgentAnnouncements(t.app, later(4))).toBe(0);
    await t.app.mailer.deliverDue();
    expect((await sink.waitFor(2)).map(to).toSorted()).toEqual([
      'ann@example.org',
      'bo@example.org',
    ]);
  });
});

describe('in the digest', () => {
  it('comes first in the next digest, and an urgent one is not repeated there', async () => {
    const db = t.database.db;
    await db.update(users).set({ digest: 'daily' });
    await post({ title: 'Bring a friend', body: 'Next week, *everyone* may bring a guest.' });
    await post({ title: 'Closed today', body: 'Sorry.', urgent: 'on' });
    await t.app.mailer.deliverDue();
    await sink.waitFor(2); // the urgent one, to Ann and Bo
    sink.clear();

    t.setNow(new Date('2026-03-10T06:30:00Z')); // after 07:00 in Amsterdam
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const summary = await runDigest(
      t.app,
      context,
      latestPeriod(context.cohort, 'daily', t.app.clock()),
    );
    expect(summary).toMatchObject({ members: 2, queued: 2, empty: 0 });
    await t.app.mailer.deliverDue();
    const mails = await sink.waitFor(2);
    const ann = mails.find((m) => to(m) === 'ann@example.org') as ParsedMail;
    expect(ann.subject).toBe('Announcement: Bring a friend');
    expect(ann.text).toContain(
      '== Announcements ==\nBring a friend\nNext week, *everyone* may bring a guest.\nhttp',
    );
    expect(ann.text).not.toContain('Closed today');
    expect(ann.html).toContain('<em>everyone</em>');
    expect(ann.html).toMatch(/href="http[^"]*\/c\/spring#announcement-\d+"/);
    const bo = mails.find((m) => to(m) === 'bo@example.org') as ParsedMail;
    expect(bo.subject).toBe('Mededeling: Bring a friend');

    // The next day's digest has nothing new: an announcement is in one digest only.
    t.setNow(new Date('2026-03-11T06:30:00Z'));
    const next = await runDigest(
      t.app,
      context,
      latestPeriod(context.cohort, 'daily', t.app.clock()),
    );
    expect(next).toMatchObject({ queued: 0, empty: 2 });
    const ids = await findUserByEmail(db, 'ann@example.org');
    expect(ids?.digest).toBe('daily');
  });
});
