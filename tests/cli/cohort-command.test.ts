import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { runCohortCommand, UsageError } from '../../server/cli/cohort-command.ts';
import { loadContent } from '../../server/content/loader.ts';
import type { Catalogue } from '../../server/content/types.ts';
import { findCohortBySlug } from '../../server/core/cohorts.ts';
import { fixtures } from '../helpers/app.ts';
import { createTestDatabase, resetDatabase } from '../helpers/db.ts';

let database: Database;
let catalogue: Catalogue;
let lines: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  const loaded = loadContent(path.join(fixtures, 'content-valid'));
  if (!loaded.ok) throw new Error('fixture content is invalid');
  catalogue = loaded.catalogue;
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  lines = [];
});

const cohort = (...argv: string[]) =>
  runCohortCommand(argv, {
    db: database.db,
    catalogue,
    baseUrl: 'http://localhost:3000',
    out: (l) => lines.push(l),
    now: new Date('2027-01-12T12:00:00Z'),
  });

describe('npm run cohort', () => {
  it('creates a cohort with the default time zone and prints where to find it', async () => {
    await cohort(
      'create',
      '--course',
      'demo',
      '--slug',
      'demo-2027',
      '--starts',
      '2027-01-04',
      '--capacity',
      '30',
    );
    const row = await findCohortBySlug(database.db, 'demo-2027');
    expect(row).toMatchObject({
      courseId: 'demo',
      startsOn: '2027-01-04',
      timezone: 'Europe/Amsterdam',
      capacity: 30,
      enrolmentOpen: true,
    });
    expect(lines.join('\n')).toContain('http://localhost:3000/c/demo-2027');
  });

  it('lists cohorts with where they are in their run', async () => {
    await cohort('list');
    expect(lines[0]).toContain('No cohorts yet');
    await cohort(
      'create',
      '--course',
      'demo',
      '--slug',
      'demo-2027',
      '--starts',
      '2027-01-04',
      '--timezone',
      'America/New_York',
      '--closed',
    );
    lines = [];
    await cohort('list');
    expect(lines[0]).toMatch(
      /^slug\s+name\s+course\s+starts\s+timezone\s+enrolment\s+capacity\s+now$/,
    );
    expect(lines[1]).toMatch(
      /^demo-2027\s+A Test Museum, January 2027\s+demo\s+2027-01-04\s+America\/New_York\s+closed\s+-\s+Week 2 of 3$/,
    );
  });

  it('names every bad argument at once and creates nothing', async () => {
    const attempt = cohort(
      'create',
      '--course',
      'nope',
      '--slug',
      'Bad Slug',
      '--starts',
      '2027-02-30',
      '--timezone',
      'Mars/Base',
    );
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(
      [
        '--course: no course "nope" in the content folder (one of: demo, leren)',
        '--slug: "Bad Slug" must be 2-63 lowercase letters, digits and hyphens',
        '--starts: "2027-02-30" is not a date in the form YYYY-MM-DD',
        '--timezone: "Mars/Base" is not a time zone, e.g. Europe/Amsterdam',
      ].join('\n'),
    );
    lines = [];
    await cohort('list');
    expect(lines[0]).toContain('No cohorts yet');
  });

  it('refuses a slug that is taken', async () => {
    await cohort('create', '--course', 'demo', '--slug', 'taken', '--starts', '2027-01-04');
    await expect(
      cohort('create', '--course', 'leren', '--slug', 'taken', '--starts', '2027-01-04'),
    ).rejects.toThrow('--slug: a cohort "taken" already exists');
  });

  it('explains its usage for an unknown command or option', async () => {
    await expect(cohort('delete')).rejects.toThrow('Unknown command "delete".');
    await expect(cohort('create', '--colour', 'red')).rejects.toThrow('Usage:');
  });
});
