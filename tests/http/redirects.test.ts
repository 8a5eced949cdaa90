// One safeNext decides every redirect target and "back" link that comes from the client:
// only paths on our own site, in no spelling that a browser resolves elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../server/http/redirects.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';

const refused = [
  '//evil.example/x',
  '/\\evil.example/x',
  '\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/ /evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  'data:text/html,hi',
  'evil.example',
  '',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '/%5Cevil.example',
  '/%5cevil.example',
  '/%09/evil.example',
  '/%0A/evil.example',
  '/%252F/evil.example',
  '/%25252F%25252Fevil.example',
  '/%E0%A4%A',
  '/é',
  `/${'a'.repeat(600)}`,
];
const accepted = [
  '/',
  '/c/spring',
  '/c/spring/welcome/drawing?sort=liked#comment-3',
  '/settings',
  // Only the path decides where a browser goes; a query may carry escaped slashes.
  '/sign-in?next=%2F%5Cevil.example%2Fx',
];

describe('safeNext', () => {
  for (const value of refused) {
    it(`refuses ${JSON.stringify(value.slice(0, 40))}`, () => {
      expect(safeNext(value)).toBeNull();
    });
  }
  for (const value of accepted) {
    it(`keeps ${value}`, () => {
      expect(safeNext(value)).toBe(value);
    });
  }
  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 5, ['/'], { a: '/' }]) expect(safeNext(value)).toBeNull();
  });
});

describe('where the client names the target', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('POST /locale goes back only to our own pages', async () => {
    for (const back of [...refused.filter((v) => !/[\r\n]/.test(v)), ...accepted]) {
      const { res } = await submit(t.app, '/', '/locale', { locale: 'en', back });
      expect(res.statusCode, back).toBe(303);
      expect(res.headers.location, back).toBe(accepted.includes(back) ? back : '/');
    }
  });

  it('the sign-in form carries no foreign "next"', async () => {
    for (const next of ['/\\evil.example/x', '//evil.example', '/%5Cevil.example']) {
      const res = await t.app.inject({ url: `/sign-in?next=${encodeURIComponent(next)}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('name="next"');
    }
    const ours = await t.app.inject({ url: '/sign-in?next=%2Fc%2Fspring%3Fa%3D%252F%255C' });
    expect(ours.body).toContain('name="next" value="/c/spring?a=%2F%5C"');
  });

  it("the CSRF page's way back is never another site", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        host: 'localhost:3000',
        referer: 'http://localhost:3000//evil.example/x',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'email=ann%40example.org',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('evil.example');
  });
});
