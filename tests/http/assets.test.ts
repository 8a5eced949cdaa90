// The stylesheet is written as files in static/css/ and served as one, in name order.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iconNames } from '../../server/http/icons.ts';
import { buildTestApp, root, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('the stylesheet', () => {
  it('is every file of static/css/ joined in name order, linked with a version', async () => {
    const home = await t.app.inject({ url: '/' });
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)?.[1] ?? '';
    expect(href).toMatch(/^\/static\/salon\.css\?v=[0-9a-f]{10}$/);
    const css = await t.app.inject({ url: href });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const dir = path.join(root, 'static/css');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.css'))
      .sort();
    expect(files.length).toBeGreaterThan(5);
    const starts = files.map((f) => css.body.indexOf(readFileSync(path.join(dir, f), 'utf8')));
    expect(starts.every((at) => at >= 0)).toBe(true);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('comes with an icon sprite holding one symbol per listed icon', async () => {
    const res = await t.app.inject({ url: '/static/icons.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    const ids = [...res.body.matchAll(/<symbol id="i-([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([...iconNames]);
    expect(res.body).not.toContain('<svg class=');
  });

  it('is inline in a whole page with just the symbols it uses; a swapped-in part keeps the file', async () => {
    const home = await t.app.inject({ url: '/' });
    const used = [...home.body.matchAll(/<use href="#(i-[a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    expect(home.body).not.toContain('icons.svg');
    const sprite = /<svg class="sprite"[^>]*>(.*?)<\/svg>/.exec(home.body)?.[1] ?? '';
    const symbols = [...sprite.matchAll(/<symbol id="(i-[a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(symbols.sort()).toEqual([...new Set(used)].sort());
    expect(home.body.indexOf('class="sprite"')).toBeLessThan(home.body.indexOf('<use'));
    const part = await t.app.inject({ url: '/', headers: { 'hx-request': 'true' } });
    expect(part.body).not.toContain('class="sprite"');
    expect(part.body).toMatch(/<use href="\/static\/icons\.svg\?v=\w+#i-/);
  });
});
