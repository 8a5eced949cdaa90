// The learner's own data: editing settings, exporting everything, deleting the account.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { isEnrolled, signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let cookie = '';

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  t.sent.length = 0;
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  cookie = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
});

const save = (fields: Record<string, string>) =>
  submit(t.app, '/settings', '/settings', fields, cookie);

describe('settings', () => {
  it('shows the current choices and the cohorts', async () => {
    const res = await t.app.inject({ url: '/settings', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="Ann"');
    expect(res.body).toMatch(/value="weekly" checked/);
    expect(textOf(res)).toContain('spring (A Test Museum) · participant');
  });

  it('saves name, language and digest, and the interface follows the language', async () => {
    const { res, cookie: after } = await save({ name: 'Ann B.', locale: 'nl', digest: 'daily' });
    expect(res.headers.location).toBe('/settings');
    const page = await t.app.inject({ url: '/settings', headers: { cookie: after } });
    expect(page.body).toContain('<html lang="nl">');
    expect(textOf(page)).toContain('Je instellingen zijn opgeslagen.');
    const user = await findUserByEmail(t.database.db, 'ann@example.org');
    expect(user).toMatchObject({ name: 'Ann B.', locale: 'nl', digest: 'daily' });
  });

  it('refuses a bad name or digest with messages, keeping the text and the old values', async () => {
    const { res } = await save({ name: 'x'.repeat(90), locale: 'en', digest: 'hourly' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Your name can be at most 80 characters long.');
    expect(textOf(res)).toContain('Choose how often you would like a digest.');
    expect(res.body).toContain(`value="${'x'.repeat(90)}"`);
    expect((await findUserByEmail(t.database.db, 'ann@example.org'))?.name).toBe('Ann');
  });

  it('sends anonymous visitors to sign in and back', async () => {
    const res = await t.app.inject({ url: '/settings' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fsettings');
  });
});

describe('export my data', () => {
  it('downloads the account, enrolments, sessions and mail as JSON', async () => {
    await submit(t.app, '/sign-in', '/sign-in', { email: 'ann@example.org' });
    const res = await t.app.inject({ url: '/settings/export', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="salon-export-2026-03-10.json"',
    );
    const data = res.json();
    expect(data.account).toMatchObject({ email: 'ann@example.org', name: 'Ann', digest: 'weekly' });
    expect(data.enrolments).toEqual([
      expect.objectContaining({ slug: 'spring', courseId: 'demo', role: 'learner' }),
    ]);
    expect(data.sessions).toHaveLength(1);
    expect(data.mails).toEqual([
      expect.objectContaining({ kind: 'sign-in', subject: 'Your sign-in link for Salon' }),
    ]);
    expect(res.body).not.toMatch(/\/auth\/[a-z2-7]{20,}/); // no live links in the file
  });
});

describe('delete my account', () => {
  it('asks for the address first and deletes nothing on a mismatch', async () => {
    const { res } = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'bo@example.org' },
      cookie,
    );
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain(
      'This is not the e-mail address of your account. Nothing was deleted.',
    );
    expect(res.body).toContain('value="bo@example.org"');
    expect(await findUserByEmail(t.database.db, 'ann@example.org')).not.toBeNull();
  });

  it('removes the account, its enrolments, sessions, links and mail', async () => {
    await submit(t.app, '/sign-in', '/sign-in', { email: 'ann@example.org' });
    const other = await signIn(t, { email: 'bo@example.org', cohorts: ['spring'] });
    const { res, cookie: after } = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: ' Ann@Example.org ' },
      cookie,
    );
    expect(res.headers.location).toBe('/');
    const home = await t.app.inject({
      url: '/',
      headers: { cookie: after, 'accept-language': 'en' },
    });
    expect(textOf(home)).toContain('Your account and your data have been deleted.');
    expect(await findUserByEmail(t.database.db, 'ann@example.org')).toBeNull();
    expect(await isEnrolled(t, 'ann@example.org', 'spring')).toBe(false);
    const count = async (table: string) => {
      const r = (await t.database.db.execute(
        sql.raw(
          `select count(*)::int as n from ${table} where ${table === 'sessions' ? 'true' : "email = 'ann@example.org'"}`,
        ),
      )) as unknown as { rows?: { n: number }[] } | { n: number }[];
      return (Array.isArray(r) ? r : (r.rows ?? []))[0]?.n;
    };
    expect(await count('sign_in_tokens')).toBe(0);
    expect(await count('sessions')).toBe(1); // only bo's
    const mails = (await t.database.db.execute(
      sql`select count(*)::int as n from outbox where to_address = 'ann@example.org'`,
    )) as unknown as { rows?: { n: number }[] } | { n: number }[];
    expect((Array.isArray(mails) ? mails : (mails.rows ?? []))[0]?.n).toBe(0);
    // The old session is gone; others are untouched.
    expect((await t.app.inject({ url: '/settings', headers: { cookie } })).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/settings', headers: { cookie: other } })).statusCode).toBe(
      200,
    );
  });
});
