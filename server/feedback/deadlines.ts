// When an assignment's windows close for one cohort. Deadlines are counted in days from the
// moment the room opens, on the cohort's wall clock (a DST change moves the UTC instant,
// not the local time), exactly like the rooms' own opening moments.
import type { Assignment } from '../content/types.ts';
import { addDays, localMidnight, todayIn } from '../core/schedule.ts';

export interface Windows {
  opensAt: Date;
  /** Submitting and editing close; later submissions are accepted as late. */
  submitBy: Date;
  /** Late submissions and learners' reviews close. */
  reviewBy: Date;
}

function daysAfter(start: Date, days: number, timezone: string): Date {
  const day = todayIn(timezone, start);
  const intoDay = start.getTime() - localMidnight(day, timezone).getTime();
  return new Date(localMidnight(addDays(day, days), timezone).getTime() + intoDay);
}

export function windowsFor(assignment: Assignment, opensAt: Date, timezone: string): Windows {
  return {
    opensAt,
    submitBy: daysAfter(opensAt, assignment.submitByDays, timezone),
    reviewBy: daysAfter(opensAt, assignment.reviewByDays, timezone),
  };
}

export type SubmitState = 'open' | 'late' | 'closed';

/** Whether work can be handed in now: on time, late (marked), or not at all. */
export function submitState(w: Windows, now: Date): SubmitState {
  if (now < w.submitBy) return 'open';
  if (now < w.reviewBy) return 'late';
  return 'closed';
}

/** Learners review until review_by; organisers may always review (short submissions). */
export const reviewingOpen = (w: Windows, now: Date, organises: boolean) =>
  organises || now < w.reviewBy;
