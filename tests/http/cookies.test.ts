// Cookies over HTTPS: every cookie Salon clears is cleared with the attributes it was set
// with (browsers ignore a __Host- clear without Secure), and every cookie Salon reads is
// checked: a malformed one is ignored and cleared, never a 500.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../server/core/accounts.ts';
import { createSession } from '../../server/core/sessions.ts';
import { buildTestApp, csrfFrom, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { BASE_URL: 'https://salon.example.org' } });
});
afterAll(() => t.close());

const en = { 'accept-language': 'en' };

async function sessionCookie() {
  const user = await ensureUser(t.database.db, {
    email: 'ann@example.org',
    name: 'Ann',
    locale: 'en',
  });
  const { token } = await createSession(t.database.db, user.id, t.app.clock());
  return `__Host-salon_session=${token}`;
}

function cleared(res: LightMyRequestResponse, name: string) {
  const cookie = res.cookies.find((c) => c.name === name);
  expect(cookie, `${name} is cleared`).toBeDefined();
  expect(cookie?.value).toBe('');
  expect(cookie?.expires?.getTime() ?? 0).toBeLessThan(Date.now());
  return cookie;
}

/** What a browser needs to accept the clearing of a cookie set by Salon over HTTPS. */
function expectSameAttributes(res: LightMyRequestResponse, name: string) {
  const cookie = cleared(res, name);
  expect(cookie).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
  expect(cookie?.domain).toBeUndefined();
}

describe('clearing cookies over HTTPS', () => {
  it('signing out clears the session and the CSRF secret with Secure and Path=/', async () => {
    const session = await sessionCookie();
    const { token, cookie } = await csrfFrom(t.app, '/settings', { cookie: session, ...en });
    expect(cookie).toContain('__Host-salon_csrf=');
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: {
        cookie: `${session}; ${cookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    expect(res.statusCode).toBe(303);
    expectSameAttributes(res, '__Host-salon_session');
    expectSameAttributes(res, '__Host-salon_csrf');
    const flash = res.cookies.find((c) => c.name === 'salon_flash');
    expect(flash).toMatchObject({ secure: true, path: '/', httpOnly: true });
    // The session is gone server-side too.
    const after = await t.app.inject({ url: '/settings', headers: { cookie: session } });
    expect(after.statusCode).toBe(303);
  });

  it('an expired or unknown session cookie is cleared with the same attributes', async () => {
    const res = await t.app.inject({
      url: '/',
      headers: { cookie: `__Host-salon_session=${'a'.repeat(32)}` },
    });
    expect(res.statusCode).toBe(200);
    expectSameAttributes(res, '__Host-salon_session');
  });

  it('a shown flash message is cleared with the same attributes', async () => {
    const res = await t.app.inject({
      url: '/',
      headers: { cookie: `salon_flash=${encodeURIComponent('{"key":"signOut.done"}')}`, ...en },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('signed out');
    expectSameAttributes(res, 'salon_flash');
  });
});

describe('malformed cookies', () => {
  const flashes = [
    '{"key":"signIn.sent","params":"ann@example.org"}',
    '{"key":"signIn.sent","params":["a"]}',
    '{"key":"signIn.sent","params":{"email":{"a":1}}}',
    '{"key":"signIn.sent","params":null}',
    '{"key":"no.such.message"}',
    '{"key":"constructor"}',
    '{"key":5}',
    '{"key":"__proto__"}',
    'null',
    '[]',
    '"signOut.done"',
    'not json',
    '%7B%22key',
    'x'.repeat(3000),
  ];
  for (const value of flashes) {
    it(`flash ${JSON.stringify(value.slice(0, 60))}: page shown, cookie cleared`, async () => {
      for (const url of ['/', '/sign-in/sent']) {
        const res = await t.app.inject({
          url,
          headers: { cookie: `salon_flash=${encodeURIComponent(value)}`, ...en },
        });
        expect(res.statusCode, url).toBe(200);
        cleared(res, 'salon_flash');
      }
    });
  }

  it('a session cookie of the wrong shape is not looked up, just cleared', async () => {
    for (const value of ['%%%', 'x', 'A'.repeat(32), 'a'.repeat(4000), '1; 2', '"quoted"']) {
      const res = await t.app.inject({
        url: '/settings',
        headers: { cookie: `__Host-salon_session=${value}` },
      });
      expect(res.statusCode, value).toBe(303);
      expect(res.headers.location).toMatch(/^\/sign-in/);
      cleared(res, '__Host-salon_session');
    }
  });

  it('an unknown locale cookie is ignored and cleared', async () => {
    for (const value of ['de', 'EN', '', '%FF', '<script>']) {
      const res = await t.app.inject({ url: '/', headers: { cookie: `lang=${value}`, ...en } });
      expect(res.statusCode, value).toBe(200);
      expect(res.body).toContain('<html lang="en"');
      if (value !== '') cleared(res, 'lang');
    }
    const kept = await t.app.inject({ url: '/', headers: { cookie: 'lang=nl', ...en } });
    expect(kept.body).toContain('<html lang="nl"');
    expect(kept.cookies.find((c) => c.name === 'lang')).toBeUndefined();
  });

  it('a forged CSRF secret only makes forms fail their check', async () => {
    const page = await t.app.inject({
      url: '/sign-in',
      headers: { cookie: '__Host-salon_csrf=%%' },
    });
    expect(page.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        cookie: '__Host-salon_csrf=other',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `_csrf=${encodeURIComponent(token)}&email=ann%40example.org`,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('security headers', () => {
  it('forbids framing in both the old and the new way', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
