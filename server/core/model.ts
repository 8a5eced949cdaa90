// Turns a cohort row plus its course into what the museum pages show: which rooms are open,
// when the others open, and where the cohort is in its run.
import type { Cohort } from '../../db/schema.ts';
import type { Course, Room } from '../content/types.ts';
import type { Translator } from '../i18n/index.ts';
import { roomOpensAt } from './schedule.ts';

export interface ScheduledRoom {
  room: Room;
  opensAt: Date;
  open: boolean;
}

export function scheduleFor(
  course: Course,
  cohort: Cohort,
  overrides: ReadonlyMap<string, Date>,
  now: Date,
): ScheduledRoom[] {
  const schedule = { startsOn: cohort.startsOn, timezone: cohort.timezone, overrides };
  return course.rooms.map((room) => {
    const opensAt = roomOpensAt(room, schedule);
    return { room, opensAt, open: opensAt.getTime() <= now.getTime() };
  });
}

export interface CohortProgress {
  state: 'upcoming' | 'running' | 'finished';
  /** The latest open room's week, while running. */
  week: number;
  totalWeeks: number;
}

/** A room is the current one for a week after it opens; the run ends when the last one's is over. */
const roomWeekMs = 7 * 24 * 3600 * 1000;

/**
 * The one rule for where a cohort is in its run: the home page, the cohort page and
 * `npm run cohort -- list` all say what this decides. A cohort whose last room opened today is
 * still running: it is finished only once that room's week is over.
 */
export function progressOf(schedule: ScheduledRoom[], now: Date): CohortProgress {
  const open = schedule.filter((s) => s.open);
  const totalWeeks = Math.max(0, ...schedule.map((s) => s.room.week));
  if (open.length === 0) return { state: 'upcoming', week: 0, totalWeeks };
  const lastOpened = Math.max(...open.map((s) => s.opensAt.getTime()));
  if (open.length === schedule.length && now.getTime() - lastOpened >= roomWeekMs) {
    return { state: 'finished', week: totalWeeks, totalWeeks };
  }
  return { state: 'running', week: Math.max(...open.map((s) => s.room.week)), totalWeeks };
}

/** The status in words, the same on every page and in the command line. */
export function progressWords(progress: CohortProgress, tr: Translator): string {
  if (progress.state === 'running') {
    return tr.t('home.week', { week: progress.week, total: progress.totalWeeks });
  }
  return tr.t(progress.state === 'upcoming' ? 'home.upcoming' : 'home.finished');
}

/**
 * How titles and mail name a cohort: its name, with the course's title unless the name has it.
 * A cohort still called by its address (from before cohorts had names) is just its course.
 */
export function cohortTitle(
  cohort: Pick<Cohort, 'name' | 'slug'>,
  course: Pick<Course, 'title'>,
): string {
  if (cohort.name === cohort.slug) return course.title;
  return cohort.name.includes(course.title) ? cohort.name : `${course.title} · ${cohort.name}`;
}
