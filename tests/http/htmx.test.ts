// htmx and caches: a history restore gets the whole page, and every response chosen by the
// htmx headers says so in Vary, so a cache never serves a partial as a page or the reverse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
const exhibit = '/c/spring/welcome/drawing';
const htmx = { 'hx-request': 'true' };

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { cookie: ann, ...headers } });
const varies = (res: { headers: Record<string, unknown> }) =>
  String(res.headers.vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/);

describe('a history restore', () => {
  it('gets the full page with its layout, although it comes with HX-Request', async () => {
    const restore = await get('/c/spring', { ...htmx, 'hx-history-restore-request': 'true' });
    expect(restore.statusCode).toBe(200);
    expect(restore.body).toContain('<header class="site">');
    expect(restore.body).toMatch(/^<!doctype html>/i);
    const partial = await get('/c/spring', htmx);
    expect(partial.body).not.toContain('<header class="site">');
  });
});

describe('Vary: HX-Request', () => {
  it('is sent with the page and with the partial of the same URL', async () => {
    for (const headers of [{}, htmx, { ...htmx, 'hx-boosted': 'true' }]) {
      const res = await get(exhibit, headers);
      expect(res.statusCode).toBe(200);
      expect(varies(res)).toEqual(
        expect.arrayContaining(['hx-request', 'hx-boosted', 'hx-history-restore-request']),
      );
    }
  });

  it('keeps Accept-Encoding next to it on a compressed page', async () => {
    const res = await get(exhibit, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(varies(res)).toEqual(expect.arrayContaining(['accept-encoding', 'hx-request']));
  });

  it('is sent where htmx gets a partial and a browser a redirect', async () => {
    const more = await get(`${exhibit}/comments?sort=oldest`);
    expect(more.statusCode).toBe(303);
    expect(varies(more)).toContain('hx-request');
    const { res } = await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Hi' }, ann);
    expect(res.statusCode).toBe(303);
    expect(varies(res)).toContain('hx-request');
  });
});
