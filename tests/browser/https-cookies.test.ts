// Over HTTPS every cookie is __Host- prefixed, and a browser only accepts the Set-Cookie that
// clears one when it carries Secure and Path=/ as well. Chromium is the judge: after signing
// out, the session cookie is gone from the browser, not merely overwritten on the wire.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { launchChromium, newContext } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let proxy: tls.Server;
let base = '';
const dir = mkdtempSync(path.join(tmpdir(), 'salon-https-'));

/** A port nobody listens on now, so BASE_URL can name it before the proxy starts. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  // A self-signed certificate for localhost; the browser is told to accept it.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  base = `https://localhost:${port}`;
  t = await buildTestApp({ env: { BASE_URL: base } });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-05T12:00:00Z'));
  const inner = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
  // TLS in front of the app, as a load balancer would terminate it.
  proxy = tls.createServer(
    {
      key: readFileSync(path.join(dir, 'key.pem')),
      cert: readFileSync(path.join(dir, 'cert.pem')),
    },
    (socket) => {
      const upstream = net.connect(Number(inner.port), '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  proxy?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cookies over HTTPS, in Chromium', () => {
  it('signing out removes the __Host- session cookie from the browser', async () => {
    const cookie = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
    const token = cookie.split('=')[1] ?? '';
    const context = await newContext(browser, { ignoreHTTPSErrors: true });
    await context.addCookies([
      { name: '__Host-salon_session', value: token, url: base, secure: true, sameSite: 'Lax' },
    ]);
    const page = await context.newPage();
    await page.goto(`${base}/c/spring`);
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    const names = async () => (await context.cookies(base)).map((c) => c.name).sort();
    // The page set the CSRF cookie too, __Host- prefixed and Secure.
    expect(await names()).toEqual(['__Host-salon_csrf', '__Host-salon_session']);
    expect((await context.cookies(base)).every((c) => c.secure && c.path === '/')).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).count()).toBeGreaterThan(0);
    expect(await names()).not.toContain('__Host-salon_session');
    // Back on the cohort page the browser is a visitor again.
    await page.goto(`${base}/c/spring`);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await context.close();
  });
});
