// Which digest period is due. Daily digests go out at 07:00 in the cohort's time zone and
// cover the 24 hours before; weekly ones at 07:00 on the weekday the cohort started, and
// cover the week before. Local time, so a DST change moves the UTC instant, not 07:00.
import { addDays, localAt, todayIn } from '../core/schedule.ts';

export type Frequency = 'daily' | 'weekly';
export const frequencies: Frequency[] = ['daily', 'weekly'];
export const sendHour = 7;

export interface Period {
  frequency: Frequency;
  /** The local date whose 07:00 ends the period (part of the idempotency key). */
  period: string;
  since: Date;
  until: Date;
}

const weekday = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`).getUTCDay();

/** The latest period that has ended at `now` (its digest is due from `until` on). */
export function latestPeriod(
  cohort: { startsOn: string; timezone: string },
  frequency: Frequency,
  now: Date,
): Period {
  const tz = cohort.timezone;
  let day = todayIn(tz, now);
  if (frequency === 'weekly') {
    day = addDays(day, -((weekday(day) - weekday(cohort.startsOn) + 7) % 7));
  }
  const step = frequency === 'daily' ? 1 : 7;
  if (now < localAt(day, sendHour, tz)) day = addDays(day, -step);
  return {
    frequency,
    period: day,
    since: localAt(addDays(day, -step), sendHour, tz),
    until: localAt(day, sendHour, tz),
  };
}
