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
});
