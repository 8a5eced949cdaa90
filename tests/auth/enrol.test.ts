// Enrolment end to end: the form, a real SMTP server receiving the mail, the link, the
// confirm button, and the learner signed in on the cohort home.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { isEnrolled, signIn, submit, withCookies } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

let t: TestApp;
let smtp: SmtpSink;
const en = { 'accept-language': 'en' };

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await buildTestApp({
    env: { SMTP_URL: smtp.url, BASE_URL: 'http://salon.test', LOG_LEVEL: 'error' },
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(async () => {
  await t.reset();
  smtp.clear();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  await createCohort(t.database.db, {
    slug: 'small',
    courseId: 'demo',
    startsOn: '2026-03-02',
    capacity: 1,
  });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
});

const enrol = (fields: Record<string, string>, slug = 'spring', cookie = '') =>
  submit(t.app, `/c/${slug}`, `/c/${slug}/enrol`, fields, cookie, en);

/** Sends what is queued and returns the link in the one mail that arrives. */
async function linkFromMail(): Promise<{ mail: ParsedMail; path: string }> {
  await t.app.mailer.deliverDue();
  const [mail] = await smtp.waitFor(1);
  if (!mail) throw new Error('no mail');
  const url = /http:\/\/salon\.test(\/auth\/[a-z2-7]+)/.exec(mail.text ?? '')?.[1];
  if (!url) throw new Error(`no link in:\n${mail.text}`);
  return { mail, path: url };
}

describe('enrolment by e-mail link', () => {
  it('mails a link that enrols and signs in, landing on the cohort home', async () => {
    const { res, cookie } = await enrol({
      name: 'Zoë Ångström',
      email: ' Zoe@Example.org ',
      locale: 'en',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in/sent');
    const sent = await t.app.inject({ url: '/sign-in/sent', headers: { cookie, ...en } });
    expect(textOf(sent)).toContain('If zoe@example.org is known to us or just enrolled');

    const { mail, path } = await linkFromMail();
    expect(mail.to && 'value' in mail.to ? mail.to.value[0] : null).toEqual({
      name: 'Zoë Ångström',
      address: 'zoe@example.org',
    });
    expect(mail.subject).toBe('Confirm your enrolment in A Test Museum');
    expect(mail.text).toContain('Hello Zoë Ångström,');
    expect(mail.text).toContain('The link works for 15 minutes and only once.');
    expect(mail.html).toContain(`href="http://salon.test${path}"`);

    // Following the link only shows a button; nothing happens until it is pressed.
    const page = await t.app.inject({ url: path, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('You are enrolling and signing in as zoe@example.org.');
    expect(await isEnrolled(t, 'zoe@example.org', 'spring')).toBe(false);

    const confirm = await submit(t.app, path, path, {}, cookie);
    expect(confirm.res.statusCode).toBe(303);
    expect(confirm.res.headers.location).toBe('/c/spring');
    const session = confirm.res.cookies.find((c) => c.name === 'salon_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    expect(session?.secure).toBeFalsy(); // plain http in development and tests
    expect(await isEnrolled(t, 'zoe@example.org', 'spring')).toBe(true);

    const home = await t.app.inject({ url: '/c/spring', headers: { cookie: confirm.cookie } });
    const text = textOf(home);
    expect(text).toContain('Welcome to the cohort! You are enrolled and signed in.');
    expect(text).toContain('Start in the room “The Entrance Hall”');
    expect(home.body).toContain('href="/c/spring/welcome"');
    const room = await t.app.inject({
      url: '/c/spring/welcome',
      headers: { cookie: confirm.cookie },
    });
    expect(room.statusCode).toBe(200);
  });

  it('writes the mail in the language the learner chose', async () => {
    await enrol({ name: 'Bo', email: 'bo@example.org', locale: 'nl' });
    const { mail } = await linkFromMail();
    expect(mail.subject).toBe('Bevestig je inschrijving voor A Test Museum');
    expect(mail.text).toContain('De link werkt 15 minuten en maar één keer.');
  });

  it('sends a new link to a known address, and the learner stays enrolled once', async () => {
    await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
    const { res } = await enrol({ name: 'Ann', email: 'ann@example.org' });
    expect(res.headers.location).toBe('/sign-in/sent');
    const { path } = await linkFromMail();
    const confirm = await submit(t.app, path, path, {});
    expect(confirm.res.headers.location).toBe('/c/spring');
    expect(await isEnrolled(t, 'ann@example.org', 'spring')).toBe(true);
  });

  it('keeps the typed text and explains each bad field (422)', async () => {
    const { res } = await enrol({ name: '   ', email: 'ann@@example' });
    expect(res.statusCode).toBe(422);
    const text = textOf(res);
    expect(text).toContain('Please enter your name.');
    expect(text).toContain('This does not look like an e-mail address.');
    expect(res.body).toContain('value="ann@@example"');
    expect(res.body).toContain('aria-invalid="true"');

    const long = await enrol({ name: 'x'.repeat(81), email: 'ann@example.org' });
    expect(textOf(long.res)).toContain('Your name can be at most 80 characters long.');
    expect(long.res.body).toContain(`value="${'x'.repeat(81)}"`);
    expect(t.sent).toHaveLength(0);
  });

  it('never lets a line break in a name reach a mail header', async () => {
    const { res } = await enrol({
      name: 'Eve\r\nBcc: victim@example.org',
      email: 'eve@example.org',
    });
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Your name cannot contain line breaks');
    await t.app.mailer.deliverDue();
    expect(smtp.messages).toHaveLength(0);
  });

  it('accepts any script in a name', async () => {
    const { res } = await enrol({ name: '李小龍 محمد 👩🏽‍🎓', email: 'li@example.org' });
    expect(res.statusCode).toBe(303);
    const { mail } = await linkFromMail();
    expect(mail.to && 'value' in mail.to ? mail.to.value[0]?.name : null).toBe(
      '李小龍 محمد 👩🏽‍🎓',
    );
  });

  it('shows a message instead of the form when the cohort is full or closed', async () => {
    await signIn(t, { email: 'first@example.org', cohorts: ['small'] });
    const full = await t.app.inject({ url: '/c/small', headers: en });
    expect(textOf(full)).toContain('This cohort is full: all 1 places are taken.');
    expect(full.body).not.toContain('action="/c/small/enrol"');

    await t.database.db.execute(
      (await import('drizzle-orm'))
        .sql`UPDATE cohorts SET enrolment_open = false WHERE slug = 'spring'`,
    );
    const closed = await t.app.inject({ url: '/c/spring', headers: en });
    expect(textOf(closed)).toContain('Enrolment for this cohort is closed.');
    expect(closed.body).not.toContain('name="email"');
  });

  it('does not overfill a cohort when the last place goes while a link is out', async () => {
    await enrol({ name: 'Late', email: 'late@example.org' }, 'small');
    const { path } = await linkFromMail();
    await signIn(t, { email: 'early@example.org', cohorts: ['small'] });
    const confirm = await submit(t.app, path, path, {});
    const home = await t.app.inject({
      url: '/c/small',
      headers: { cookie: confirm.cookie, ...en },
    });
    expect(textOf(home)).toContain('the cohort filled up before you clicked the link');
    expect(await isEnrolled(t, 'late@example.org', 'small')).toBe(false);
  });

  it('lets a signed-in user join with one button, and leave again after confirming', async () => {
    const cookie = await signIn(t, { email: 'cy@example.org', name: 'Cy' });
    const page = await t.app.inject({ url: '/c/spring', headers: { cookie, ...en } });
    expect(textOf(page)).toContain('Join as Cy');
    const join = await enrol({}, 'spring', cookie);
    expect(join.res.headers.location).toBe('/c/spring');
    expect(await isEnrolled(t, 'cy@example.org', 'spring')).toBe(true);
    expect(t.sent).toHaveLength(0); // no mail needed: the address was proven at sign-in

    const ask = await t.app.inject({ url: '/c/spring/leave', headers: { cookie, ...en } });
    expect(textOf(ask)).toContain('You are leaving the cohort of “A Test Museum”.');
    const leave = await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, cookie, en);
    expect(leave.res.headers.location).toBe('/c/spring');
    expect(await isEnrolled(t, 'cy@example.org', 'spring')).toBe(false);
    const after = await t.app.inject({
      url: '/c/spring',
      headers: { cookie: leave.cookie, ...en },
    });
    expect(textOf(after)).toContain('You have left the cohort of “A Test Museum”.');
    expect((await t.app.inject({ url: '/c/spring/welcome', headers: { cookie } })).statusCode).toBe(
      403,
    );
  });

  it('answers an unknown cohort with 404', async () => {
    const page = await t.app.inject({ url: '/c/spring', headers: en });
    const jarred = withCookies('', page);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url: '/c/nobody/enrol',
      headers: { cookie: jarred, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, name: 'A', email: 'a@example.org' }).toString(),
    });
    expect(res.statusCode).toBe(404);
  });
});
