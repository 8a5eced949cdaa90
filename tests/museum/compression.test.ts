import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { chooseEncoding } from '../../server/http/compress.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  cookie = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
});
let cookie = '';
afterAll(() => t.close());

describe('compression', () => {
  it('sends pages gzip-compressed where the browser takes gzip, brotli where only that', async () => {
    const browser = await t.app.inject({
      url: '/c/spring/welcome',
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd', cookie },
    });
    expect(browser.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(browser.rawPayload).toString()).toContain('The Entrance Hall');
    const br = await t.app.inject({
      url: '/c/spring/welcome',
      headers: { 'accept-encoding': 'br', cookie },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('The Entrance Hall');
    const gz = await t.app.inject({
      url: '/c/spring/welcome',
      headers: { 'accept-encoding': 'gzip', cookie },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toContain('The Entrance Hall');
    const plain = await t.app.inject({ url: '/c/spring/welcome', headers: { cookie } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('The Entrance Hall');
  });

  it('compresses static files too', async () => {
    const page = await t.app.inject({ url: '/' });
    const htmx = /data-htmx="(\/static\/htmx\.min\.js\?v=\w+)"/.exec(page.body)?.[1] ?? '';
    const res = await t.app.inject({ url: htmx, headers: { 'accept-encoding': 'br' } });
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.rawPayload).toString()).toContain('htmx');
  });

  it('in production, sends assets compressed ahead of time at the smallest settings', async () => {
    const prod = await buildTestApp({
      env: { NODE_ENV: 'production', BASE_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' },
    });
    try {
      const page = await prod.app.inject({ url: '/' });
      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const plain = await prod.app.inject({ url: css });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toContain('immutable');
      const br = await prod.app.inject({ url: css, headers: { 'accept-encoding': 'gzip, br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toContain('accept-encoding');
      expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
      // Smaller than what a page's own quick compression would make of it.
      const quick = brotliCompressSync(plain.rawPayload, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 4 },
      });
      expect(br.rawPayload.length).toBeLessThan(quick.length);
      const gz = await prod.app.inject({ url: css, headers: { 'accept-encoding': 'gzip' } });
      expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
      const missing = await prod.app.inject({ url: '/static/no-such.js' });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toContain('text/html');
    } finally {
      await prod.close();
    }
  });

  it('follows the quality values of Accept-Encoding', () => {
    expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('gzip, deflate, br', 'gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0.5, br', 'gzip')).toBe('br');
  });
});
