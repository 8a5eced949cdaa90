// `npm run content:check --db`: after a rename without `id:`, the check warns about every room
// and exhibit whose conversations stayed behind under the old id (exit 0: a warning), and is
// quiet again once the old id is pinned.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { ensureUser } from '../../server/auth/queries.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { createCohort } from '../../server/museum/queries.ts';
import { fixtures, root } from '../helpers/app.ts';

const run = promisify(execFile);
const tsx = path.join(root, 'node_modules/.bin/tsx');
let dataDir = '';
let contentDir = '';

async function check(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      tsx,
      [path.join(root, 'server/cli/content-check.ts'), ...args],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          DATA_DIR: dataDir,
          CONTENT_DIR: contentDir,
          ...env,
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'salon-content-db-'));
  dataDir = path.join(scratch, 'data');
  contentDir = path.join(scratch, 'content');
  await cp(path.join(fixtures, 'content-valid'), contentDir, { recursive: true });
  // Conversations in two cohorts, made with the app's own queries on the CLI's database.
  const database = await openDatabase({ databaseUrl: null, dataDir });
  try {
    await database.migrate();
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
          thread: 'exhibit:welcome/drawing',
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
  } finally {
    await database.close();
  }
});
afterAll(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

// Each run starts tsx and opens (and migrates) the embedded database: seconds each.
describe('npm run content:check --db', { timeout: 90_000 }, () => {
  it('is quiet when every place with conversations is still in the content', async () => {
    const r = await check(['--db']);
    expect(r.code).toBe(0);
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
    const r = await check(['--db']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'content: room walking has 1 find on the wall in cohort spring but is not in the content any more: if you renamed its folder, pin the old id with `id: walking` in its room.md',
      'content: exhibit welcome/drawing has 14 comments in cohorts autumn, spring but is not in the content any more: if you renamed its file, pin the old id with `id: drawing`',
    ]);
    expect(r.stdout).toContain('2 warnings');
    // Without --db the database is not opened.
    const plain = await check([]);
    expect(plain.stderr).toBe('');
    // npm run content:check --db hands the flag over as npm_config_db.
    expect((await check([], { npm_config_db: 'true' })).stderr).toContain(
      'exhibit welcome/drawing',
    );

    // Pinning the old ids brings the conversations back.
    const file = path.join(demo, '01-welcome/02-sketch.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('---\n', '---\nid: drawing\n'));
    const room = path.join(demo, '02-strolling/room.md');
    await writeFile(room, (await readFile(room, 'utf8')).replace('---\n', '---\nid: walking\n'));
    const pinned = await check(['--db']);
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).toBe('');
    expect(pinned.stdout).toContain('Database OK');
  });
});
