// The first organiser gets in: an address in ADMIN_EMAILS or in a course's `organisers:` gets a
// real sign-in link before it has an account, names the account on the confirm page and is
// signed in, without becoming a learner anywhere. Everyone else learns nothing new.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enrolments, signInTokens, users } from '../../db/schema.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { nameFromEmail } from '../../server/core/staff.ts';
import { generateToken, hashToken } from '../../server/core/tokens.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
const en = { 'accept-language': 'en' };

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'boss@example.org' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  t.sent.length = 0;
  t.setNow(new Date('2026-03-10T12:00:00Z'));
});

const askLink = (email: string, headers: Record<string, string> = en) =>
  submit(t.app, '/sign-in', '/sign-in', { email }, '', headers);

async function lastMail() {
  await t.app.mailer.deliverDue();
  const mail = t.sent.at(-1);
  if (!mail) throw new Error('no mail');
  return mail;
}

async function lastLink(): Promise<string> {
  const text = (await lastMail()).text ?? '';
  const path = /\/auth\/[a-z2-7]+/.exec(text)?.[0];
  if (!path) throw new Error(`no link in: ${text}`);
  return path;
}

const confirm = (path: string, fields: Record<string, string>) =>
  submit(t.app, path, path, fields, '', en);

const get = (url: string, cookie = '') => t.app.inject({ url, headers: { cookie, ...en } });

describe('an admin without an account', () => {
  it('gets a sign-in link, names the account on the confirm page and lands on /organise', async () => {
    // A fresh install: no cohort at all, so enrolling is no way in.
    const { res } = await askLink('Boss@Example.org');
    expect(res.headers.location).toBe('/sign-in/sent');
    const mail = await lastMail();
    expect(mail.subject).toBe('Your sign-in link for Salon');
    expect(mail.text).toContain('Hello Boss,');
    const path = await lastLink();

    const page = await get(path);
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('You are signing in for the first time as boss@example.org');
    expect(page.body).toMatch(/<input id="name" name="name" type="text" value="Boss"/);
    // Showing the page creates nothing (mail scanners fetch links).
    expect(await findUserByEmail(t.database.db, 'boss@example.org')).toBeNull();

    const { res: done, cookie } = await confirm(path, { name: '  Bea   Boss ' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/organise');
    const user = await findUserByEmail(t.database.db, 'boss@example.org');
    expect(user?.name).toBe('Bea Boss');
    expect(user?.locale).toBe('en');
    expect(await t.database.db.$count(enrolments)).toBe(0);

    const organise = await get('/organise', cookie);
    expect(organise.statusCode).toBe(200);
    expect(textOf(organise)).toContain('Welcome to Salon, Bea Boss.');
    expect(organise.body).toContain('href="/organise/cohorts/new"');

    // The link worked once.
    expect((await get(path)).statusCode).toBe(410);
  });

  it('keeps the link and the typed name when the name is refused', async () => {
    await askLink('boss@example.org');
    const path = await lastLink();
    const refused = await confirm(path, { name: '   ' });
    expect(refused.res.statusCode).toBe(422);
    expect(textOf(refused.res)).toContain('Please enter your name');
    expect(refused.res.cookies.some((c) => c.name === 'salon_session')).toBe(false);
    const tooLong = 'B'.repeat(81);
    const again = await confirm(path, { name: tooLong });
    expect(again.res.statusCode).toBe(422);
    expect(again.res.body).toContain(`value="${tooLong}"`);
    expect(await findUserByEmail(t.database.db, 'boss@example.org')).toBeNull();

    const ok = await confirm(path, { name: 'Boss' });
    expect(ok.res.statusCode).toBe(303);
    expect((await findUserByEmail(t.database.db, 'boss@example.org'))?.name).toBe('Boss');
  });

  it('can look inside every cohort without enrolling, and is counted nowhere', async () => {
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
    await askLink('boss@example.org');
    const { cookie } = await confirm(await lastLink(), { name: 'Boss' });
    expect((await get('/c/spring/welcome', cookie)).statusCode).toBe(200);
    expect((await get('/c/spring/organise/dashboard', cookie)).statusCode).toBe(200);
    expect(await t.database.db.$count(enrolments)).toBe(0);
  });
});

describe('a course organiser without an account', () => {
  it('signs in the same way and is organiser of the course’s cohorts', async () => {
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
    // organisers@example.org is in the demo course's `organisers:`.
    await askLink('organisers@example.org');
    expect((await lastMail()).subject).toBe('Your sign-in link for Salon');
    const path = await lastLink();
    expect((await get(path)).body).toContain('value="Organisers"');
    const { res, cookie } = await confirm(path, { name: 'Olga' });
    expect(res.headers.location).toBe('/organise');
    const organise = await get('/organise', cookie);
    expect(textOf(organise)).toContain('spring');
    expect((await get('/c/spring/organise', cookie)).statusCode).toBe(200);
    expect(await t.database.db.$count(enrolments)).toBe(0);
  });
});

describe('everybody else', () => {
  it('keeps getting the "no account" mail, and the sent page looks the same for every address', async () => {
    await signIn(t, { email: 'ann@example.org', name: 'Ann' });
    const pages: string[] = [];
    for (const email of ['ann@example.org', 'boss@example.org', 'nobody@example.org']) {
      const { res, cookie } = await askLink(email);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/sign-in/sent');
      pages.push(textOf(await get('/sign-in/sent', cookie)).replace(email, 'X'));
    }
    expect(new Set(pages).size).toBe(1);
    const nobody = await lastMail();
    expect(nobody.subject).toBe('Signing in to Salon');
    expect(nobody.text).not.toMatch(/\/auth\//);
    expect(await t.database.db.$count(signInTokens)).toBe(2);
  });

  it('cannot create an account with a sign-in link for an address that is no longer staff', async () => {
    // E.g. removed from ADMIN_EMAILS after the link was sent.
    const token = generateToken();
    await t.database.db.insert(signInTokens).values({
      tokenHash: hashToken(token),
      purpose: 'sign-in',
      email: 'eve@example.org',
      locale: 'en',
      expiresAt: new Date('2026-03-10T12:10:00Z'),
    });
    const { res } = await confirm(`/auth/${token}`, { name: 'Eve' });
    expect(res.statusCode).toBe(410);
    expect(await t.database.db.$count(users, eq(users.email, 'eve@example.org'))).toBe(0);
  });

  it('guesses a name from the address', () => {
    expect(nameFromEmail('boss@example.org')).toBe('Boss');
    expect(nameFromEmail('ann-marie.jansen+salon@example.org')).toBe('Ann Marie Jansen');
  });
});

describe('a co-organiser invitation', () => {
  it('asks to accept the invitation, not to enrol', async () => {
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
    const olga = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
    const settings = '/c/spring/organise/settings';
    const invited = await submit(
      t.app,
      settings,
      '/c/spring/organise/organisers',
      { email: 'co@example.org', name: 'Co' },
      olga,
      en,
    );
    expect(invited.res.statusCode).toBe(303);
    const page = await get(await lastLink());
    expect(page.statusCode).toBe(200);
    const text = textOf(page);
    expect(text).toContain('Accept the invitation');
    expect(text).toContain('You are accepting the invitation to organise this cohort');
    expect(text).not.toContain('enrolling');

    // A Dutch course's invitation, in Dutch.
    await createCohort(t.database.db, {
      slug: 'herfst',
      courseId: 'leren',
      startsOn: '2026-03-02',
    });
    const boss = await signIn(t, { email: 'boss@example.org', name: 'Boss', locale: 'nl' });
    await submit(
      t.app,
      '/c/herfst/organise/settings',
      '/c/herfst/organise/organisers',
      { email: 'co@example.org', name: 'Co' },
      boss,
    );
    const nl = textOf(await t.app.inject({ url: await lastLink() }));
    expect(nl).toContain('Je neemt de uitnodiging aan om deze groep mee te organiseren');
    expect(nl).not.toContain('Je schrijft je in');
  });
});
