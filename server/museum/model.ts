// Turns a cohort row plus its course into what the museum pages show: which rooms are open,
// when the others open, and where the cohort is in its run.
import type { Cohort } from '../../db/schema.ts';
import type { Course, Room } from '../content/types.ts';
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

export function progressOf(schedule: ScheduledRoom[]): CohortProgress {
  const open = schedule.filter((s) => s.open);
  const totalWeeks = Math.max(0, ...schedule.map((s) => s.room.week));
  if (open.length === 0) return { state: 'upcoming', week: 0, totalWeeks };
  if (open.length === schedule.length) return { state: 'finished', week: totalWeeks, totalWeeks };
  return { state: 'running', week: Math.max(...open.map((s) => s.room.week)), totalWeeks };
}
