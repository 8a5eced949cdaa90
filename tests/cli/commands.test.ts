import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtures, root } from '../helpers/app.ts';

const run = promisify(execFile);
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Runs a script with a clean environment plus `env`; resolves with its exit code and output. */
async function script(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(tsx, [path.join(root, file), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run content:check', () => {
  it('passes on valid content and says what it found', async () => {
    const r = await script('server/cli/content-check.ts', [path.join(fixtures, 'content-valid')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Content OK: 2 courses, 4 rooms, 6 exhibits, 1 assignment.');
  });

  it('exits non-zero and names the file and the field of every problem', async () => {
    const r = await script('server/cli/content-check.ts', [], {
      CONTENT_DIR: path.join(fixtures, 'content-broken'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('28 problems in');
    expect(r.stderr).toContain(
      'content-broken/alpha/01-start/02-bad-url.md: url: must be an absolute http(s) URL',
    );
  });
});

describe('start-up', () => {
  it('stops with one line per invalid variable', async () => {
    const r = await script('server/main.ts', [], {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      NODE_ENV: 'staging',
    });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Salon cannot start: the configuration is invalid.');
    expect(lines.slice(1)).toEqual([
      '  PORT="eighty": expected a port number between 1 and 65535',
      '  DATABASE_URL="mysql://x": expected a PostgreSQL URL such as postgres://user:password@host:5432/salon',
      '  NODE_ENV="staging": expected one of development, production, test',
    ]);
  });

  it('refuses invalid content with the content check messages', async () => {
    const r = await script('server/main.ts', [], {
      CONTENT_DIR: path.join(fixtures, 'content-broken'),
      DATA_DIR: '/tmp/salon-never',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Salon cannot start: the course content has errors');
    expect(r.stderr).toContain(
      'content-broken/beta/course.md: file: is missing: every course folder needs a course.md',
    );
  });
});

describe('npm run digest', () => {
  it('runs one cohort by hand with a summary, and explains bad input', async () => {
    const { mkdtemp, rm, readdir } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'salon-digest-cli-'));
    const env = { DATA_DIR: dataDir, CONTENT_DIR: path.join(fixtures, 'content-valid') };
    try {
      const created = await script(
        'server/cli/cohort.ts',
        ['create', '--course', 'demo', '--slug', 'spring', '--starts', '2026-03-02'],
        env,
      );
      expect(created.code).toBe(0);
      // Nobody is enrolled: the run says so rather than failing.
      const dry = await script(
        'server/cli/digest.ts',
        ['--cohort', 'spring', '--dry-run', '--now', '2026-03-09T08:00:00+01:00'],
        env,
      );
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('weekly 2026-03-09: 0 members · 0 would be queued');
      expect(dry.stdout).toContain('daily 2026-03-09: 0 members');
      const missing = await script('server/cli/digest.ts', ['--cohort', 'nope'], env);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('There is no cohort "nope"');
      const badTime = await script(
        'server/cli/digest.ts',
        ['--cohort', 'spring', '--now', 'soon'],
        env,
      );
      expect(badTime.code).toBe(2);
      expect(badTime.stderr).toContain('--now must be a date and time');
      expect(await readdir(dataDir)).toContain('pglite');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
