// The rules for a cohort's settings, shared by `npm run cohort -- create` and the organiser's
// forms: each says which field is wrong and how; the caller words it (CLI text, or a message
// in the page language).
import type { Db } from '../../db/client.ts';
import type { Catalogue, Course } from '../content/types.ts';
import { findCohortBySlug } from '../core/cohorts.ts';
import { integer } from '../core/forms.ts';
import { checkName } from '../core/input.ts';
import { isValidTimeZone } from '../core/schedule.ts';

export const cohortSlugPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

export type CohortField = 'course' | 'slug' | 'name' | 'starts' | 'timezone' | 'capacity';
export type CohortProblem = 'required' | 'unknown' | 'invalid' | 'taken';
export type CohortProblems = Partial<Record<CohortField, CohortProblem>>;

/** What was typed; undefined means "not given" (capacity: no limit). */
export interface CohortInput {
  course?: string;
  slug?: string;
  starts?: string;
  timezone?: string;
  capacity?: string;
  /** Blank or not given: a new cohort is named after its course and start month. */
  name?: string;
}

export interface CohortSettings {
  /** null when left blank. */
  name: string | null;
  startsOn: string;
  timezone: string;
  capacity: number | null;
}

export interface NewCohortValues extends CohortSettings {
  courseId: string;
  slug: string;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The zone's canonical spelling (Intl accepts "europe/amsterdam"; calendars may not). */
function canonicalZone(tz: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
}

/** Start date, time zone and capacity: what an organiser may change later. */
export function checkCohortSettings(input: CohortInput): {
  problems: CohortProblems;
  values: CohortSettings | null;
} {
  const problems: CohortProblems = {};
  // The same cleaning as people's names (no control or bidirectional override characters).
  const named = input.name?.trim() ? checkName(input.name) : null;
  if (named?.error) problems.name = 'invalid';
  const starts = input.starts?.trim() ?? '';
  if (!starts) problems.starts = 'required';
  else if (!isIsoDate(starts)) problems.starts = 'invalid';
  const timezone = input.timezone?.trim() ?? '';
  if (!timezone) problems.timezone = 'required';
  // Intl also accepts offsets such as "+01:00", which have no daylight saving rules.
  else if (!isValidTimeZone(timezone) || !/^[A-Za-z]/.test(timezone)) problems.timezone = 'invalid';
  let capacity: number | null = null;
  if (input.capacity !== undefined) {
    capacity = integer(input.capacity, { min: 1 });
    if (capacity === null) problems.capacity = 'invalid';
  }
  if (Object.keys(problems).length) return { problems, values: null };
  return {
    problems,
    values: {
      name: named?.value ?? null,
      startsOn: starts,
      timezone: canonicalZone(timezone),
      capacity,
    },
  };
}

/** What a cohort is called when nobody said: its course and start month, "Samen Leren, maart 2027". */
export function defaultCohortName(course: Course, startsOn: string): string {
  const month = new Intl.DateTimeFormat(course.language === 'nl' ? 'nl-NL' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${startsOn}T12:00:00Z`));
  return `${course.title}, ${month}`;
}

/** Every rule for a new cohort; the slug must not be taken. */
export async function checkNewCohort(
  db: Db,
  catalogue: Catalogue,
  input: CohortInput,
): Promise<{ problems: CohortProblems; values: NewCohortValues | null }> {
  const problems: CohortProblems = {};
  const courseId = input.course?.trim() ?? '';
  if (!courseId) problems.course = 'required';
  else if (!catalogue.courses.has(courseId)) problems.course = 'unknown';
  const slug = input.slug?.trim() ?? '';
  if (!slug) problems.slug = 'required';
  else if (!cohortSlugPattern.test(slug)) problems.slug = 'invalid';
  else if (await findCohortBySlug(db, slug)) problems.slug = 'taken';
  const settings = checkCohortSettings(input);
  Object.assign(problems, settings.problems);
  if (Object.keys(problems).length || !settings.values) return { problems, values: null };
  return { problems, values: { ...settings.values, courseId, slug } };
}
