import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtures, root } from '../helpers/app.ts';

const run = promisify(execFile);

/**
 * Runs a script with a clean environment plus `env`; resolves with its exit code and output.
 * Node with tsx's loader, as npm's scripts run: the `tsx` command would start a second Node
 * process to run it in, which doubles what each run costs a busy machine.
 */
async function script(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, file), ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
      },
    );
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
    expect(r.stderr).toContain('33 problems in');
    expect(r.stderr).toContain(
      'content-broken/alpha/01-start/05-empty-video.md: kind: a video needs something to watch',
    );
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
  // The run itself is tested in-process (digest-command.test.ts); this checks the wiring.
  it('explains bad input before it opens the database', async () => {
    const dataDir = path.join(root, 'data/never-opened');
    const badTime = await script('server/cli/digest.ts', ['--cohort', 'spring', '--now', 'soon'], {
      DATA_DIR: dataDir,
    });
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--now must be a date and time');
    expect(badTime.stderr).toContain('usage: npm run digest');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('npm run cohort', () => {
  it('stops on an invalid configuration with one line per problem', async () => {
    const r = await script('server/cli/cohort.ts', ['list'], { DATABASE_URL: 'mysql://x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The configuration is invalid:');
    expect(r.stderr).toContain('DATABASE_URL="mysql://x"');
  });
});
