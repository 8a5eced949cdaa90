import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

let t: TestApp;
beforeAll(async () => {
  const database = await createTestDatabase();
  t = await buildTestApp({ database });
  // The database goes away under a running app (for good: not kept for another file).
  await database.destroy();
});
afterAll(() => t.app.close());

describe('when the database is gone', () => {
  it('shows a calm error page in the visitor language, without internals', async () => {
    const res = await t.app.inject({ url: '/c/spring', headers: { 'accept-language': 'en' } });
    // PostgreSQL's closed pool is recognised as the database being away (503, try again);
    // a closed PGlite is simply an error on our side.
    const away = t.database.kind === 'postgres';
    expect(res.statusCode).toBe(away ? 503 : 500);
    expect(res.headers['content-type']).toContain('text/html');
    const text = textOf(res);
    expect(text).toContain(
      away
        ? 'Salon cannot reach its database right now'
        : 'Something went wrong on our side. Nothing was lost; please try again in a moment.',
    );
    expect(res.body).not.toMatch(/at .*\.ts:\d+|Error:|stack/i);
    const nl = await t.app.inject({ url: '/c/spring', headers: { 'accept-language': 'nl' } });
    expect(textOf(nl)).toContain(
      away ? 'Salon kan zijn database' : 'Er ging iets mis aan onze kant.',
    );
  });

  it('reports the database as unreachable on /healthz', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'degraded', database: 'unreachable' });
  });
});
