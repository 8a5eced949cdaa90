import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../server/cli/cohort-command.ts';
import { parseDigestArgs, runDigestCommand } from '../../server/cli/digest-command.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let lines: string[];
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  lines = [];
});

const out = { out: (l: string) => lines.push(l) };

describe('npm run digest, in-process', () => {
  it('runs one cohort by hand with a summary, even when nobody is enrolled', async () => {
    await createCohort(t.app.db, {
      courseId: 'demo',
      slug: 'spring',
      startsOn: '2026-03-02',
      timezone: 'Europe/Amsterdam',
    });
    const args = parseDigestArgs([
      '--cohort',
      'spring',
      '--dry-run',
      '--now',
      '2026-03-09T08:00:00+01:00',
    ]);
    t.setNow(args.now);
    await runDigestCommand(t.app, args, out);
    expect(lines).toContain(
      'weekly 2026-03-09: 0 members · 0 would be queued · 0 already queued · 0 skipped as empty · 0 opted out · 0 on the other frequency',
    );
    expect(lines.some((l) => l.startsWith('daily 2026-03-09: 0 members'))).toBe(true);
    expect(lines.join('\n')).not.toContain('mails sent now');
  });

  it('names an unknown cohort', async () => {
    const args = parseDigestArgs(['--cohort', 'nope']);
    await expect(runDigestCommand(t.app, args, out)).rejects.toThrow(
      new UsageError('There is no cohort "nope" (npm run cohort -- list shows them).'),
    );
  });

  it('explains bad arguments', () => {
    expect(() => parseDigestArgs([])).toThrow('Which cohort? Give --cohort <slug>.');
    expect(() => parseDigestArgs(['--cohort', 'x', '--now', 'soon'])).toThrow(
      '--now must be a date and time',
    );
    expect(() => parseDigestArgs(['--cohort', 'x', '--frequency', 'hourly'])).toThrow(
      '--frequency must be daily or weekly (got "hourly").',
    );
    expect(() => parseDigestArgs(['--cohort', 'x', '--loud'])).toThrow(UsageError);
    expect(parseDigestArgs(['--cohort', 'x', '--frequency', 'daily']).frequencies).toEqual([
      'daily',
    ]);
  });
});
