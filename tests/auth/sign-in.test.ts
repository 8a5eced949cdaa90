// Sign-in links: single use, 15 minutes, bound to their purpose, safe from mail scanners,
// the same answer for known and unknown addresses, and rate limits shared through the database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signInTokens } from '../../db/schema.ts';
import { safeNext } from '../../server/core/access.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { isEnrolled, signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
const en = { 'accept-language': 'en' };

beforeAll(async () => {
  t = await buildTestApp({ env: { MAIL_LIMIT_PER_ADDRESS: '3', MAIL_LIMIT_PER_IP: '5' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  t.sent.length = 0;
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: [] });
});

const askLink = (email: string, headers: Record<string, string> = en) =>
  submit(t.app, '/sign-in', '/sign-in', { email }, '', headers);

async function lastLink(): Promise<string> {
  await t.app.mailer.deliverDue();
  const text = t.sent.at(-1)?.text ?? '';
  const path = /\/auth\/[a-z2-7]+/.exec(text)?.[0];
  if (!path) throw new Error(`no link in: ${text}`);
  return path;
}

const follow = (path: string, cookie = '') => submit(t.app, path, path, {}, cookie, en);

describe('sign-in links', () => {
  it('signs a known learner in with a link that works once', async () => {
    const { res } = await askLink('ANN@example.org');
    expect(res.headers.location).toBe('/sign-in/sent');
    const path = await lastLink();
    expect(t.sent.at(-1)?.subject).toBe('Your sign-in link for Salon');
    const first = await follow(path);
    expect(first.res.statusCode).toBe(303);
    expect(first.res.cookies.some((c) => c.name === 'salon_session')).toBe(true);
    const settings = await t.app.inject({ url: '/settings', headers: { cookie: first.cookie } });
    expect(textOf(settings)).toContain('Signed in as ann@example.org');

    const again = await t.app.inject({ url: path, headers: en });
    expect(again.statusCode).toBe(410);
    expect(textOf(again)).toContain('This link no longer works');
    expect(again.body).toContain('action="/sign-in"'); // a fresh link is one step away
  });

  it('stores only a hash of the token', async () => {
    await askLink('ann@example.org');
    const token = (await lastLink()).slice('/auth/'.length);
    expect(token.length).toBeGreaterThanOrEqual(26); // ≥ 128 bits in base32
    const rows = await t.database.db.select().from(signInTokens);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('does nothing on GET: a mail scanner fetching the link does not use it up', async () => {
    await askLink('ann@example.org');
    const path = await lastLink();
    for (let i = 0; i < 3; i++) {
      const page = await t.app.inject({ url: path });
      expect(page.statusCode).toBe(200);
      expect(page.cookies.some((c) => c.name === 'salon_session')).toBe(false);
      expect(page.headers['cache-control']).toBe('no-store');
    }
    expect((await follow(path)).res.statusCode).toBe(303);
  });

  it('expires after 15 minutes', async () => {
    await askLink('ann@example.org');
    const path = await lastLink();
    t.setNow(new Date('2026-03-10T12:15:01Z'));
    const { res } = await follow(path);
    expect(res.statusCode).toBe(410);
    expect(res.cookies.some((c) => c.name === 'salon_session')).toBe(false);
  });

  it('is bound to its purpose: a sign-in link enrols nobody, an enrolment link only its cohort', async () => {
    await createCohort(t.database.db, { slug: 'autumn', courseId: 'demo', startsOn: '2026-03-02' });
    await askLink('ann@example.org');
    const signInPath = await lastLink();
    const signedIn = await follow(signInPath);
    expect(await isEnrolled(t, 'ann@example.org', 'spring')).toBe(false);
    expect(
      (await t.app.inject({ url: '/c/spring/welcome', headers: { cookie: signedIn.cookie } }))
        .statusCode,
    ).toBe(403);

    await submit(t.app, '/c/autumn', '/c/autumn/enrol', { name: 'Bo', email: 'bo@example.org' });
    const enrolPath = await lastLink();
    const enrolled = await follow(enrolPath);
    expect(enrolled.res.headers.location).toBe('/c/autumn');
    expect(await isEnrolled(t, 'bo@example.org', 'autumn')).toBe(true);
    expect(await isEnrolled(t, 'bo@example.org', 'spring')).toBe(false);

    // A row whose purpose does not match its data is refused by the database itself.
    await expect(
      t.database.db.insert(signInTokens).values({
        tokenHash: 'x'.repeat(64),
        purpose: 'enrol',
        email: 'eve@example.org',
        locale: 'en',
        expiresAt: new Date(),
      }),
    ).rejects.toThrow();
  });

  it('returns to the page the learner came from, and only to our own pages', async () => {
    const form = await t.app.inject({ url: '/sign-in?next=%2Fc%2Fspring%2Fwelcome' });
    expect(form.body).toContain('name="next" value="/c/spring/welcome"');
    await submit(t.app, '/sign-in?next=%2Fc%2Fspring', '/sign-in', {
      email: 'ann@example.org',
      next: '/c/spring',
    });
    expect((await follow(await lastLink())).res.headers.location).toBe('/c/spring');

    await submit(t.app, '/sign-in', '/sign-in', {
      email: 'ann@example.org',
      next: '//evil.example/x',
    });
    expect((await follow(await lastLink())).res.headers.location).toBe('/');
    for (const next of [
      'https://evil.example/',
      '/\\evil.example',
      '/\nSet-Cookie: x',
      'c/spring',
    ]) {
      expect(safeNext(next)).toBeNull();
    }
    expect(safeNext('/c/spring?x=1')).toBe('/c/spring?x=1');
  });

  it('gives the same answer for known and unknown addresses', async () => {
    const known = await askLink('ann@example.org');
    const unknown = await askLink('nobody@example.org');
    expect(unknown.res.statusCode).toBe(known.res.statusCode);
    expect(unknown.res.headers.location).toBe(known.res.headers.location);
    const page = (cookie: string) =>
      t.app.inject({ url: '/sign-in/sent', headers: { cookie, ...en } });
    const a = textOf(await page(known.cookie)).replace('ann@example.org', 'X');
    const b = textOf(await page(unknown.cookie)).replace('nobody@example.org', 'X');
    expect(a).toBe(b);
    await t.app.mailer.deliverDue();
    // The unknown address hears how to join, and gets no working link.
    const mail = t.sent.find((m) => m.to.address === 'nobody@example.org');
    expect(mail?.subject).toBe('Signing in to Salon');
    expect(mail?.text).not.toMatch(/\/auth\//);
  });

  it('refuses a bad address with a message and keeps what was typed', async () => {
    const { res } = await askLink('ann at example');
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('This does not look like an e-mail address.');
    expect(res.body).toContain('value="ann at example"');
    const dutch = await askLink('', { 'accept-language': 'nl' });
    expect(textOf(dutch.res)).toContain('Vul je e-mailadres in.');
  });
});

describe('rate limits', () => {
  it('sends at most the configured number of mails per address per hour', async () => {
    for (let i = 0; i < 3; i++) expect((await askLink('ann@example.org')).res.statusCode).toBe(303);
    const fourth = await askLink('ann@example.org');
    expect(fourth.res.statusCode).toBe(429);
    expect(textOf(fourth.res)).toContain('Please wait an hour and try again');
    expect(fourth.res.body).toContain('value="ann@example.org"');
    await t.app.mailer.deliverDue();
    expect(t.sent).toHaveLength(3);
    // The window slides: an hour later there is room again.
    t.setNow(new Date('2026-03-10T13:00:01Z'));
    expect((await askLink('ann@example.org')).res.statusCode).toBe(303);
  });

  it('counts enrolment mails and sign-in mails together, and limits per client address', async () => {
    for (let i = 0; i < 5; i++) {
      const email = `p${i}@example.org`;
      const res =
        i % 2
          ? (await askLink(email)).res
          : (await submit(t.app, '/c/spring', '/c/spring/enrol', { name: 'P', email })).res;
      expect(res.statusCode).toBe(303);
    }
    const sixth = await submit(
      t.app,
      '/c/spring',
      '/c/spring/enrol',
      { name: 'Six', email: 'six@example.org' },
      '',
      en,
    );
    expect(sixth.res.statusCode).toBe(429);
    expect(sixth.res.body).toContain('value="Six"');
    await t.app.mailer.deliverDue();
    expect(t.sent).toHaveLength(5);
  });

  it('holds across app processes because it lives in the database', async () => {
    const second = await buildTestApp({
      env: { MAIL_LIMIT_PER_ADDRESS: '3' },
      database: t.database,
    });
    second.setNow(new Date('2026-03-10T12:00:00Z'));
    try {
      const askSecond = (email: string) =>
        submit(second.app, '/sign-in', '/sign-in', { email }, '', en);
      expect((await askLink('ann@example.org')).res.statusCode).toBe(303);
      expect((await askSecond('ann@example.org')).res.statusCode).toBe(303);
      expect((await askLink('ann@example.org')).res.statusCode).toBe(303);
      expect((await askSecond('ann@example.org')).res.statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });
});

describe('CSRF', () => {
  it('refuses a form without a token, or with a wrong one, and shows the typed text', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/c/spring/enrol',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...en },
      payload: 'name=Ann&email=ann%40example.org',
    });
    expect(missing.statusCode).toBe(403);
    expect(textOf(missing)).toContain('What you typed is not lost');
    expect(missing.body).toContain('>\nann@example.org</textarea>');

    const page = await t.app.inject({ url: '/c/spring' });
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_csrf=forged&email=ann%40example.org',
    });
    expect(wrong.statusCode).toBe(403);
    await t.app.mailer.deliverDue();
    expect(t.sent).toHaveLength(0);
  });

  it('changes nothing on GET: signing out, leaving and deleting only ask', async () => {
    const cookie = await signIn(t, { email: 'bo@example.org', cohorts: ['spring'] });
    const get = (url: string) => t.app.inject({ url, headers: { cookie } });
    expect((await get('/sign-out')).statusCode).toBe(404);
    expect((await get('/c/spring/enrol')).statusCode).toBe(404);
    expect((await get('/c/spring/leave')).statusCode).toBe(200);
    expect((await get('/settings/delete')).statusCode).toBe(200);
    expect(await isEnrolled(t, 'bo@example.org', 'spring')).toBe(true);
    expect((await get('/settings')).statusCode).toBe(200); // still signed in, still there
  });
});
