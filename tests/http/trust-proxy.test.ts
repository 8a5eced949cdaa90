// The per-client mail limit counts the address that connected, unless TRUST_PROXY says which
// proxies in front of Salon may name the client in X-Forwarded-For.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';

// One database for the file; each case builds an app on it with its own setting.
let base: TestApp;
let t: TestApp | null = null;
beforeAll(async () => {
  base = await buildTestApp();
});
afterAll(() => base.close());
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Six sign-in requests for six addresses, each claiming another client address. */
async function signInsWithForgedAddresses(env: Record<string, string>) {
  await t?.close();
  await base.reset();
  t = await buildTestApp({
    database: base.database,
    env: { MAIL_LIMIT_PER_IP: '3', MAIL_LIMIT_PER_ADDRESS: '5', ...env },
  });
  const app = t.app;
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const headers = { 'x-forwarded-for': `203.0.113.${i + 1}`, 'accept-language': 'en' };
    const { res } = await submit(
      app,
      '/sign-in',
      '/sign-in',
      { email: `p${i}@example.org` },
      '',
      headers,
    );
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe('TRUST_PROXY', () => {
  it('unset: a forged X-Forwarded-For changes nothing, the limit is per connecting address', async () => {
    const statuses = await signInsWithForgedAddresses({});
    expect(statuses).toEqual([303, 303, 303, 429, 429, 429]);
  });

  it('in production too, unset means no proxy is believed', async () => {
    const statuses = await signInsWithForgedAddresses({
      NODE_ENV: 'production',
      BASE_URL: 'http://localhost:3000',
      LOG_LEVEL: 'silent',
    });
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });

  it('1: the address the one proxy saw is the client', async () => {
    const statuses = await signInsWithForgedAddresses({ TRUST_PROXY: '1' });
    expect(statuses).toEqual([303, 303, 303, 303, 303, 303]);
  });

  it('a list of proxies: only their word counts', async () => {
    expect(await signInsWithForgedAddresses({ TRUST_PROXY: '127.0.0.1/8, ::1' })).not.toContain(
      429,
    );
    const statuses = await signInsWithForgedAddresses({ TRUST_PROXY: '10.0.0.1' });
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });

  it('is validated once at start', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
    ]);
    for (const bad of ['yes', 'true', '10.0.0.1/33', '10.0.0', '1.5', '-1', '10.0.0.1,evil']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
  });
});
