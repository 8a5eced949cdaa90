// When the demo cohort of a course starts: long enough ago that every room up to the one with
// the peer-feedback assignment is open (a couple of days into it, so demo learners have
// handed in work), and soon enough that the next room, if the course has one, is still to
// come. Worked out from the content at every seeding, never a fixed date.
import type { Course } from '../content/types.ts';
import { addDays, todayIn } from '../core/schedule.ts';

/** Days the demo has been in its assignment room, at most (fewer when the next room is near). */
const daysIntoAssignment = 2;

export function demoStartsOn(course: Course, timezone: string, now: Date): string {
  const today = todayIn(timezone, now);
  const rooms = course.rooms;
  // Without an assignment, the last room but one: the schedule still shows a room to come.
  const target = rooms.find((r) => r.assignment) ?? rooms[rooms.length - 2] ?? rooms[0];
  if (!target) return today;
  const later = rooms.map((r) => r.opensAfterDays).filter((d) => d > target.opensAfterDays);
  const untilNext = later.length ? Math.min(...later) - target.opensAfterDays : Infinity;
  const submitBy = target.assignment?.submitByDays ?? Infinity;
  const daysIn = Math.max(0, Math.min(daysIntoAssignment, untilNext - 1, submitBy - 1));
  return addDays(today, -(target.opensAfterDays + daysIn));
}
