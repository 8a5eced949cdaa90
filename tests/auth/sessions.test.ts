// Sessions: Lucia's design (hashed random token, 30 days sliding), sign-out, sign-out everywhere.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema.ts';
import { createSignInToken, ensureUser } from '../../server/core/accounts.ts';
import { generateToken, hashToken } from '../../server/core/tokens.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
const day = 24 * 3600_000;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  t.setNow(new Date());
});

const settings = (cookie: string) => t.app.inject({ url: '/settings', headers: { cookie } });
const expiryOf = async (cookie: string) => {
  const token = cookie.split('=')[1] ?? '';
  const rows = await t.database.db
    .select({ expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.id, hashToken(token)));
  return rows[0]?.expiresAt ?? null;
};

describe('sessions', () => {
  it('keep only the hash of the cookie token', async () => {
    const cookie = await signIn(t, { email: 'ann@example.org' });
    const token = cookie.split('=')[1] ?? '';
    const rows = await t.database.db.select().from(sessions);
    expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
  });

  it('slide forward when less than half of the 30 days remain, and end after them', async () => {
    const start = new Date();
    const cookie = await signIn(t, { email: 'ann@example.org' });
    const first = await expiryOf(cookie);
    expect(first?.getTime()).toBeGreaterThan(start.getTime() + 29 * day);

    t.setNow(new Date(start.getTime() + 10 * day)); // 20 days left: unchanged
    expect((await settings(cookie)).statusCode).toBe(200);
    expect((await expiryOf(cookie))?.getTime()).toBe(first?.getTime());

    t.setNow(new Date(start.getTime() + 16 * day)); // 14 days left: extended to 30
    const res = await settings(cookie);
    expect(res.statusCode).toBe(200);
    const extended = await expiryOf(cookie);
    expect(extended?.getTime()).toBe(start.getTime() + 46 * day);
    const set = res.cookies.find((c) => c.name === 'salon_session');
    // Cookie dates have whole seconds.
    expect(Math.floor((set?.expires?.getTime() ?? 0) / 1000)).toBe(
      Math.floor((extended?.getTime() ?? 0) / 1000),
    );

    t.setNow(new Date(start.getTime() + 47 * day)); // past the end
    const late = await settings(cookie);
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/sign-in?next=%2Fsettings');
    expect(await expiryOf(cookie)).toBeNull();
  });

  it('end with sign-out, on the server too', async () => {
    const cookie = await signIn(t, { email: 'ann@example.org' });
    const { res } = await submit(t.app, '/settings', '/sign-out', {}, cookie);
    expect(res.statusCode).toBe(303);
    expect(await expiryOf(cookie)).toBeNull();
    // The old cookie no longer works even if a browser kept it.
    expect((await settings(cookie)).statusCode).toBe(303);
  });

  it('can all be ended at once from settings', async () => {
    const phone = await signIn(t, { email: 'ann@example.org' });
    const laptop = await signIn(t, { email: 'ann@example.org' });
    const other = await signIn(t, { email: 'bo@example.org' });
    const { res } = await submit(t.app, '/settings', '/settings/sign-out-everywhere', {}, laptop);
    expect(res.headers.location).toBe('/sign-in');
    expect((await settings(phone)).statusCode).toBe(303);
    expect((await settings(laptop)).statusCode).toBe(303);
    expect((await settings(other)).statusCode).toBe(200);
  });

  it('ignore a made-up cookie and clear it', async () => {
    const res = await settings('salon_session=abcdefghijklmnopqrstuvwxyz234567');
    expect(res.statusCode).toBe(303);
    expect(res.cookies.find((c) => c.name === 'salon_session')?.value).toBe('');
  });

  it('use Secure __Host- cookies behind HTTPS', async () => {
    const secure = await buildTestApp({
      env: { BASE_URL: 'https://salon.example.org' },
      database: t.database,
    });
    try {
      const user = await ensureUser(t.database.db, {
        email: 'c@example.org',
        name: 'C',
        locale: 'en',
      });
      // Sign in through a real link so the cookie comes from the app.
      const token = generateToken();
      await createSignInToken(t.database.db, {
        tokenHash: hashToken(token),
        purpose: 'sign-in',
        email: user.email,
        locale: 'en',
        expiresAt: new Date(Date.now() + 600_000),
      });
      const page = await secure.app.inject({ url: `/auth/${token}` });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const jar = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const res = await secure.app.inject({
        method: 'POST',
        url: `/auth/${token}`,
        headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(csrf)}`,
      });
      const cookie = res.cookies.find((c) => c.name === '__Host-salon_session');
      expect(cookie?.secure).toBe(true);
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.path).toBe('/');
      expect(cookie?.domain).toBeUndefined();
    } finally {
      await secure.close();
    }
  });
});
