// An assignment with `anonymity: none`: authors see who reviewed them (under Peer n), and
// reviewers see whose work it is. The same seed with the default `both` shows neither (see
// privacy-and-organisers.test.ts).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { day, feedback, goodReview, handIn, reviewAPeer, seedCohort } from './helpers.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
let t: TestApp;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'salon-none-'));
  await cp(path.join(fixtures, 'content-valid'), dir, { recursive: true });
  const file = path.join(dir, 'demo/01-welcome/assignment.md');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('anonymity: both', 'anonymity: none'));
  t = await buildTestApp({ contentDir: dir });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe('anonymity: none', () => {
  it('names the reviewer to the author, and the author to the reviewer', async () => {
    const c = (await seedCohort(t, ['Annemarie', 'Bartholomew'])).cookies;
    await handIn(t.app, c.Annemarie ?? '', 'The first piece of work.');
    t.setNow(day(3, 13));
    await handIn(t.app, c.Bartholomew ?? '', 'The second piece of work.');
    const to = await reviewAPeer(t.app, c.Bartholomew ?? '');
    const reviewing = await t.app.inject({ url: to, headers: { cookie: c.Bartholomew ?? '' } });
    expect(textOf(reviewing)).toContain('Annemarie');
    await submit(t.app, to, to, goodReview, c.Bartholomew ?? '');
    const mine = textOf(
      await t.app.inject({ url: feedback, headers: { cookie: c.Annemarie ?? '' } }),
    );
    // The reviewer's face (initial B) stands before the words that name them.
    expect(mine).toContain('Peer 1 B Written by Bartholomew');
  });
});
