// A database outage: while PostgreSQL cannot be reached every page answers a quick 503 in the
// reader's language, and once it is back the app serves pages again at once. Each request
// carries its own timeout, so a request that hangs on the pool's reconnect backoff fails.
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rowsOf } from '../../db/client.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/proxy.ts';

let direct: Database & { url?: string };
let proxied: Database;
let proxy: TcpProxy;
let t: TestApp;
let base: string;

beforeAll(async () => {
  direct = await createTestDatabase();
  const url = new URL(direct.url as string);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  proxied = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: '/nonexistent',
    poolSize: 4,
  });
  t = await buildTestApp({ database: proxied });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await t?.close();
  await proxied?.close();
  await proxy?.stop();
  await direct?.close();
});

/** A page as a browser would ask for it; gives up (and fails the test) after 4 s. */
async function get(path: string, lang?: 'en' | 'nl', cookie = '') {
  const res = await fetch(`${base}${path}`, {
    headers: { cookie: [lang ? `lang=${lang}` : '', cookie].filter(Boolean).join('; ') },
    signal: AbortSignal.timeout(4000),
  });
  return {
    status: res.status,
    text: textOf(await res.text()),
    retryAfter: res.headers.get('retry-after'),
  };
}

describe('a database outage', () => {
  it('runs every statement under a timeout, so none holds a connection for long', async () => {
    const [row] = rowsOf<{ statement_timeout: string }>(
      await proxied.db.execute(sql`show statement_timeout`),
    );
    expect(row?.statement_timeout).toBe('15s');
  });

  it('answers 503 with the friendly page while the database is away, and recovers when it is back', async () => {
    expect((await get('/', 'en')).status).toBe(200);

    await proxy.stop();
    // Several rounds: postgres.js' default backoff grew with every failed attempt until
    // requests waited 10–20 s for a connection.
    for (let i = 0; i < 8; i++) {
      const page = await get('/', 'en');
      expect(page.status).toBe(503);
      expect(page.text).toContain('Salon cannot reach its database right now');
      expect(page.retryAfter).toBe('5');
    }
    // A signed-in visitor: the session lookup itself cannot reach the database.
    const member = await get('/settings', 'en', `salon_session=${'a'.repeat(32)}`);
    expect(member.status).toBe(503);
    expect(member.text).toContain('Salon cannot reach its database right now');
    const dutch = await get('/', 'nl');
    expect(dutch.status).toBe(503);
    expect(dutch.text).toContain('Salon kan zijn database nu niet bereiken');
    expect((await get('/healthz')).status).toBe(503);

    await proxy.start();
    const back = await get('/', 'en');
    expect(back.status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);
  });
});
