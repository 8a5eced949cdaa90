// A learner who volunteered hosts: carnival.md names their address, and they (besides the
// organisers) get the round-up desk; other learners do not.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, fixtures, type TestApp, textOf } from '../helpers/app.ts';
import { carnivalPage, deskPage, seed } from './helpers.ts';

let t: TestApp;
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'salon-host-'));
  cpSync(path.join(fixtures, 'content-valid'), dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'demo/02-walking/carnival.md'),
    '---\ntheme: Walks\ncloses: 7\nhost: Learner1@Example.org\n---\nWrite about a walk.\n',
  );
  t = await buildTestApp({ contentDir: dir });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

it('gives the desk to the learner carnival.md names, and to no other learner', async () => {
  const s = await seed(t, 2);
  const host = await t.app.inject({ url: deskPage, headers: { cookie: s.cookie(1) } });
  expect(host.statusCode).toBe(200);
  const page = await t.app.inject({ url: carnivalPage, headers: { cookie: s.cookie(1) } });
  expect(textOf(page)).toContain('Hosted by a learner who volunteered.');
  expect(page.body).toContain(`href="${deskPage}"`);
  const other = await t.app.inject({ url: deskPage, headers: { cookie: s.cookie(0) } });
  expect(other.statusCode).toBe(403);
  expect((await t.app.inject({ url: deskPage, headers: { cookie: s.organiser } })).statusCode).toBe(
    200,
  );
});
