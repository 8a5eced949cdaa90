// The logic behind `npm run cohort -- create|list`, separate from process handling so tests
// can call it with a database and a catalogue and read what it prints.
import { parseArgs } from 'node:util';
import type { Db } from '../../db/client.ts';
import type { Catalogue } from '../content/types.ts';
import { createCohort, listCohorts, listRoomOpenings } from '../core/cohorts.ts';
import { progressOf, progressWords, scheduleFor } from '../core/model.ts';
import { absolute, paths } from '../core/paths.ts';
import { localMidnight } from '../core/schedule.ts';
import { translator } from '../i18n/index.ts';
import {
  type CohortInput,
  type CohortProblems,
  checkNewCohort,
  defaultCohortName,
} from '../organise/cohort-check.ts';

export { cohortSlugPattern } from '../organise/cohort-check.ts';

export interface CommandDeps {
  db: Db;
  catalogue: Catalogue;
  baseUrl: string;
  out(line: string): void;
  now?: Date;
}

export class UsageError extends Error {}

const usage = `Usage:
  npm run cohort -- create --course <id> --slug <slug> --starts <YYYY-MM-DD> [--name <name>] [--timezone <IANA zone>] [--capacity <n>] [--closed]
  npm run cohort -- list`;

/** The shared checker's findings, worded for the command line. */
function cliProblems(problems: CohortProblems, raw: CohortInput, known: string): string[] {
  const lines: string[] = [];
  if (problems.course === 'required') lines.push(`--course is required (one of: ${known})`);
  else if (problems.course)
    lines.push(`--course: no course "${raw.course}" in the content folder (one of: ${known})`);
  if (problems.slug === 'required')
    lines.push('--slug is required, e.g. --slug knowmads-spring-2027');
  else if (problems.slug === 'taken') lines.push(`--slug: a cohort "${raw.slug}" already exists`);
  else if (problems.slug)
    lines.push(`--slug: "${raw.slug}" must be 2-63 lowercase letters, digits and hyphens`);
  if (problems.starts === 'required') lines.push('--starts is required, e.g. --starts 2027-01-04');
  else if (problems.starts)
    lines.push(`--starts: "${raw.starts}" is not a date in the form YYYY-MM-DD`);
  if (problems.timezone)
    lines.push(`--timezone: "${raw.timezone}" is not a time zone, e.g. Europe/Amsterdam`);
  if (problems.name) lines.push(`--name: "${raw.name}" must be at most 80 characters on one line`);
  if (problems.capacity) lines.push(`--capacity: "${raw.capacity}" must be a whole number above 0`);
  return lines;
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
        name: { type: 'string' },
        timezone: { type: 'string', default: 'Europe/Amsterdam' },
        capacity: { type: 'string' },
        closed: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
  const raw = {
    course: values.course as string | undefined,
    slug: values.slug as string | undefined,
    starts: values.starts as string | undefined,
    timezone: String(values.timezone),
    capacity: values.capacity as string | undefined,
    name: values.name as string | undefined,
  };
  const checked = await checkNewCohort(deps.db, deps.catalogue, raw);
  const course = checked.values ? deps.catalogue.courses.get(checked.values.courseId) : undefined;
  if (!checked.values || !course) {
    const known = [...deps.catalogue.courses.keys()].join(', ') || '(none)';
    throw new UsageError(cliProblems(checked.problems, raw, known).join('\n'));
  }
  const { slug, startsOn: starts, timezone, capacity, name } = checked.values;

  const cohort = await createCohort(deps.db, {
    slug,
    name: name ?? defaultCohortName(course, starts),
    courseId: course.id,
    startsOn: starts,
    timezone,
    capacity,
    enrolmentOpen: !values.closed,
  });
  const first = localMidnight(cohort.startsOn, cohort.timezone).toISOString();
  deps.out(
    `Created cohort "${cohort.name}" (${cohort.slug}) of "${course.title}", starting ${first} (${cohort.timezone}).`,
  );
  deps.out(`Open it at ${absolute(deps.baseUrl, paths.cohort(cohort.slug))}`);
}

async function list(deps: CommandDeps): Promise<void> {
  const cohorts = await listCohorts(deps.db);
  if (cohorts.length === 0) {
    deps.out(
      'No cohorts yet. Create one with: npm run cohort -- create --course <id> --slug <slug> --starts <YYYY-MM-DD>',
    );
    return;
  }
  const now = deps.now ?? new Date();
  const english = translator('en');
  const overrides = new Map(
    await Promise.all(
      cohorts.map(async (c) => [c.id, await listRoomOpenings(deps.db, c.id)] as const),
    ),
  );
  const rows = cohorts.map((c) => {
    const course = deps.catalogue.courses.get(c.courseId);
    const schedule = course ? scheduleFor(course, c, overrides.get(c.id) ?? new Map(), now) : null;
    // The words of the English pages, so the terminal and the site never disagree.
    const state = schedule ? progressWords(progressOf(schedule, now), english) : 'course missing';
    return [
      c.slug,
      c.name,
      c.courseId,
      c.startsOn,
      c.timezone,
      c.enrolmentOpen ? 'open' : 'closed',
      c.capacity ? String(c.capacity) : '-',
      state,
    ];
  });
  const header = ['slug', 'name', 'course', 'starts', 'timezone', 'enrolment', 'capacity', 'now'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  deps.out(line(header));
  for (const r of rows) deps.out(line(r));
}
