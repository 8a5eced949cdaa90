// Every page kind is valid HTML according to the W3C Nu Html Checker (vnu.jar, needs Java).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vnu from 'vnu-jar';
import { createCohort } from '../../server/museum/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const run = promisify(execFile);
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
});
afterAll(() => t.close());

const pages = [
  '/',
  '/c/spring',
  '/c/spring/welcome',
  '/c/spring/welcome/drawing',
  '/c/spring/welcome/first-look',
  '/c/spring/sharing', // not open yet
  '/c/nobody', // 404
];

describe('HTML validity', () => {
  it('passes the Nu Html Checker on every page, in both languages', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'salon-vnu-'));
    try {
      const files: string[] = [];
      for (const lang of ['nl', 'en']) {
        for (const url of pages) {
          const res = await t.app.inject({ url, headers: { cookie: `lang=${lang}` } });
          expect(res.headers['content-type']).toContain('text/html');
          const file = path.join(dir, `${lang}${url.replace(/\//g, '_') || '_'}.html`);
          await writeFile(file, res.body);
          files.push(file);
        }
      }
      const { stdout, stderr } = await run(
        'java',
        ['-jar', vnu, '--format', 'json', '--exit-zero-always', ...files],
        {
          maxBuffer: 10 * 1024 * 1024,
        },
      );
      const report = JSON.parse(stderr || stdout) as {
        messages: {
          type: string;
          subType?: string;
          message: string;
          url: string;
          lastLine?: number;
        }[];
      };
      const problems = report.messages
        .filter((m) => m.type === 'error' || m.subType === 'warning')
        .map((m) => `${path.basename(m.url)}:${m.lastLine}: ${m.message}`);
      expect(problems).toEqual([]);
      expect(files).toHaveLength(pages.length * 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
