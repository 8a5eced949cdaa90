// The hand-in field as the assignment describes it: its label and the least it must hold.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, fixtures, type TestApp, textOf } from '../helpers/app.ts';
import { feedback, handIn, seedCohort } from './helpers.ts';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'salon-hand-in-'));
  cpSync(path.join(fixtures, 'content-valid'), dir, { recursive: true });
  const file = path.join(dir, 'demo/01-welcome/assignment.md');
  const front = readFileSync(file, 'utf8').replace(
    'link: optional',
    'link: optional\nsubmission_label: "Your design"\nmin_words: 5\nmin_length: 30',
  );
  writeFileSync(file, front);
  t = await buildTestApp({ contentDir: dir });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the hand-in field', () => {
  it('is labelled as the assignment says, with its minimum', async () => {
    const { cookies } = await seedCohort(t, ['Ann']);
    const res = await t.app.inject({ url: feedback, headers: { cookie: cookies.Ann ?? '' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<label for="submission-body" lang="en">Your design<\/label>/);
    expect(res.body).not.toContain('Your situation');
    expect(textOf(res)).toContain('At least 5 words.');
  });

  it('refuses too few words or characters with a clear message and keeps the text', async () => {
    const { cookies } = await seedCohort(t, ['Ann']);
    const short = await handIn(t.app, cookies.Ann ?? '', 'Three short words');
    expect(short.res.statusCode).toBe(422);
    expect(textOf(short.res.body)).toContain('Please write at least 5 words (now 3).');
    expect(short.res.body).toContain('Three short words</textarea>');

    const tiny = await handIn(t.app, cookies.Ann ?? '', 'a b c d e f');
    expect(tiny.res.statusCode).toBe(422);
    expect(textOf(tiny.res.body)).toContain('Please write at least 30 characters (now 11).');

    const empty = await handIn(t.app, cookies.Ann ?? '', '  ');
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res.body)).toContain('Please fill in “Your design” before handing it in.');

    const good = await handIn(t.app, cookies.Ann ?? '', 'My design is a map of the ward.');
    expect(good.res.statusCode).toBe(303);
  });

  it('shows handed-in work once, its edit form folded until a change is refused', async () => {
    const { cookies } = await seedCohort(t, ['Ann']);
    const cookie = cookies.Ann ?? '';
    expect((await handIn(t.app, cookie, 'My design is a map of the ward.')).res.statusCode).toBe(
      303,
    );
    const page = await t.app.inject({ url: feedback, headers: { cookie } });
    expect(page.body).toMatch(/<details class="edit-work">\s*<summary>/);
    expect(textOf(page)).toContain('Edit your work');
    const refused = await handIn(t.app, cookie, 'Too short now');
    expect(refused.res.statusCode).toBe(422);
    expect(refused.res.body).toContain('<details class="edit-work" open>');
    expect(refused.res.body).toContain('Too short now</textarea>');
  });

  it('rejects a minimum that is not a whole number in content:check', async () => {
    const { assignmentSchema } = await import('../../server/content/schemas.ts');
    const base = { title: 'x', rubric: [{ id: 'a', label: 'A', type: 'text' }] };
    expect(assignmentSchema.safeParse({ ...base, min_words: 2.5 }).success).toBe(false);
    expect(assignmentSchema.safeParse({ ...base, submission_label: '' }).success).toBe(false);
    expect(assignmentSchema.safeParse({ ...base, min_words: 10 }).success).toBe(true);
  });
});
