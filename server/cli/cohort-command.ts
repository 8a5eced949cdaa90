// The logic behind `npm run cohort -- create|list`, separate from process handling so tests
// can call it with a database and a catalogue and read what it prints.
import { parseArgs } from 'node:util';
import type { Db } from '../../db/client.ts';
import type { Catalogue } from '../content/types.ts';
import { progressOf, scheduleFor } from '../museum/model.ts';
import { createCohort, findCohortBySlug, listCohorts } from '../museum/queries.ts';
import { isValidTimeZone, localMidnight } from '../museum/schedule.ts';

export const cohortSlugPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

export interface CommandDeps {
  db: Db;
  catalogue: Catalogue;
  baseUrl: string;
  out(line: string): void;
  now?: Date;
}

export class UsageError extends Error {}

const usage = `Usage:
  npm run cohort -- create --course <id> --slug <slug> --starts <YYYY-MM-DD> [--timezone <IANA zone>] [--capacity <n>] [--closed]
  npm run cohort -- list`;

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Runs one command; throws UsageError with every problem when the arguments are wrong. */
export async function runCohortCommand(argv: string[], deps: CommandDeps): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'list') return list(deps);
  if (command !== 'create')
    throw new UsageError(command ? `Unknown command "${command}".\n${usage}` : usage);

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        course: { type: 'string' },
        slug: { type: 'string' },
        starts: { type: 'string' },
        timezone: { type: 'string', default: 'Europe/Amsterdam' },
        capacity: { type: 'string' },
        closed: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
  const problems: string[] = [];
  const course =
    typeof values.course === 'string' ? deps.catalogue.courses.get(values.course) : undefined;
  const known = [...deps.catalogue.courses.keys()].join(', ') || '(none)';
  if (!values.course) problems.push(`--course is required (one of: ${known})`);
  else if (!course)
    problems.push(
      `--course: no course "${values.course}" in the content folder (one of: ${known})`,
    );
  const slug = String(values.slug ?? '');
  if (!values.slug) problems.push('--slug is required, e.g. --slug knowmads-spring-2027');
  else if (!cohortSlugPattern.test(slug))
    problems.push(`--slug: "${slug}" must be 2-63 lowercase letters, digits and hyphens`);
  else if (await findCohortBySlug(deps.db, slug))
    problems.push(`--slug: a cohort "${slug}" already exists`);
  const starts = String(values.starts ?? '');
  if (!values.starts) problems.push('--starts is required, e.g. --starts 2027-01-04');
  else if (!isIsoDate(starts))
    problems.push(`--starts: "${starts}" is not a date in the form YYYY-MM-DD`);
  const timezone = String(values.timezone);
  if (!isValidTimeZone(timezone))
    problems.push(`--timezone: "${timezone}" is not a time zone, e.g. Europe/Amsterdam`);
  let capacity: number | null = null;
  if (values.capacity !== undefined) {
    capacity = Number(values.capacity);
    if (!Number.isInteger(capacity) || capacity < 1)
      problems.push(`--capacity: "${values.capacity}" must be a whole number above 0`);
  }
  if (problems.length || !course) throw new UsageError(problems.join('\n'));

  const cohort = await createCohort(deps.db, {
    slug,
    courseId: course.id,
    startsOn: starts,
    timezone,
    capacity,
    enrolmentOpen: !values.closed,
  });
  const first = localMidnight(cohort.startsOn, cohort.timezone).toISOString();
  deps.out(
    `Created cohort ${cohort.slug} of "${course.title}", starting ${first} (${cohort.timezone}).`,
  );
  deps.out(`Open it at ${deps.baseUrl}/c/${cohort.slug}`);
}

async function list(deps: CommandDeps): Promise<void> {
  const cohorts = await listCohorts(deps.db);
  if (cohorts.length === 0) {
    deps.out(
      'No cohorts yet. Create one with: npm run cohort -- create --course <id> --slug <slug> --starts <YYYY-MM-DD>',
    );
    return;
  }
  const rows = cohorts.map((c) => {
    const course = deps.catalogue.courses.get(c.courseId);
    const progress = course
      ? progressOf(scheduleFor(course, c, new Map(), deps.now ?? new Date()))
      : null;
    const state = !progress
      ? 'course missing'
      : progress.state === 'running'
        ? `week ${progress.week} of ${progress.totalWeeks}`
        : progress.state;
    return [
      c.slug,
      c.courseId,
      c.startsOn,
      c.timezone,
      c.enrolmentOpen ? 'open' : 'closed',
      c.capacity ? String(c.capacity) : '-',
      state,
    ];
  });
  const header = ['slug', 'course', 'starts', 'timezone', 'enrolment', 'capacity', 'now'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  deps.out(line(header));
  for (const r of rows) deps.out(line(r));
}
