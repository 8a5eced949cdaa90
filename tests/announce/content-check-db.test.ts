// `npm run content:check --db`: after a rename without `id:`, the check warns about every room
// and exhibit whose conversations stayed behind under the old id (exit 0: a warning), and is
// quiet again once the old id is pinned.
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import {
  checkContent,
  checkOrphans,
  parseCheckArgs,
} from '../../server/cli/content-check-command.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { fixtures } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

let contentDir = '';
let database: Database;

/** One run of the check with --db, as the command runs it: what it printed, and where. */
async function check() {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const catalogue = checkContent(contentDir, io);
  if (catalogue) await checkOrphans(database.db, catalogue, io);
  return { ok: catalogue !== null, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(async () => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'salon-content-db-'));
  contentDir = path.join(scratch, 'content');
  await cp(path.join(fixtures, 'content-valid'), contentDir, { recursive: true });
  // Conversations in two cohorts, made with the app's own queries.
  database = await createTestDatabase();
  {
    const db = database.db;
    const ann = await ensureUser(db, { email: 'ann@example.org', name: 'Ann', locale: 'en' });
    const now = new Date('2026-03-10T12:00:00Z');
    for (const [slug, comments] of [
      ['spring', 12],
      ['autumn', 2],
    ] as const) {
      const cohort = await createCohort(db, { slug, courseId: 'demo', startsOn: '2026-03-02' });
      for (let i = 0; i < comments; i++) {
        await createComment(db, {
          cohortId: cohort.id,
          thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
          roomId: 'welcome',
          parentId: null,
          authorId: ann.id,
          bodyMd: `Comment ${i}`,
          bodyHtml: `<p>Comment ${i}</p>`,
          now,
        });
      }
      if (slug === 'spring') {
        await createContribution(db, {
          cohortId: cohort.id,
          roomId: 'walking',
          authorId: ann.id,
          title: 'A find',
          url: null,
          noteMd: 'x',
          noteHtml: '<p>x</p>',
          now,
        });
      }
    }
  }
});
afterAll(async () => {
  await database.close();
  await rm(path.dirname(contentDir), { recursive: true, force: true });
});

describe('npm run content:check --db', () => {
  it('is quiet when every place with conversations is still in the content', async () => {
    const r = await check();
    expect(r.ok).toBe(true);
    expect(r.stdout).toContain('Content OK');
    expect(r.stdout).toContain('Database OK');
    expect(r.stderr).toBe('');
  });

  it('warns about a renamed exhibit and room, suggesting the id to pin, and exits 0', async () => {
    const demo = path.join(contentDir, 'demo');
    await rename(
      path.join(demo, '01-welcome/02-drawing.md'),
      path.join(demo, '01-welcome/02-sketch.md'),
    );
    await rename(path.join(demo, '02-walking'), path.join(demo, '02-strolling'));
    const r = await check();
    expect(r.ok).toBe(true);
    expect(r.stderr.trim().split('\n')).toEqual([
      'content: room walking has 1 find on the wall in cohort spring but is not in the content any more: if you renamed its folder, pin the old id with `id: walking` in its room.md',
      'content: exhibit welcome/drawing has 14 comments in cohorts autumn, spring but is not in the content any more: if you renamed its file, pin the old id with `id: drawing`',
    ]);
    expect(r.stdout).toContain('2 warnings');
    // Without --db the database is not opened; npm run content:check --db hands the flag
    // over as npm_config_db.
    expect(parseCheckArgs([], undefined)).toEqual({ folder: null, withDb: false });
    expect(parseCheckArgs([], 'true')).toEqual({ folder: null, withDb: true });
    expect(parseCheckArgs(['content', '--db'], undefined)).toEqual({
      folder: 'content',
      withDb: true,
    });

    // Pinning the old ids brings the conversations back.
    const file = path.join(demo, '01-welcome/02-sketch.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('---\n', '---\nid: drawing\n'));
    const room = path.join(demo, '02-strolling/room.md');
    await writeFile(room, (await readFile(room, 'utf8')).replace('---\n', '---\nid: walking\n'));
    const pinned = await check();
    expect(pinned.ok).toBe(true);
    expect(pinned.stderr).toBe('');
    expect(pinned.stdout).toContain('Database OK');
  });
});
