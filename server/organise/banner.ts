// What organisers see above a room or exhibit: which weeks learners can enter now and which
// room opens next. Learners never get it (their pages stay as they were).
import type { Cohort } from '../../db/schema.ts';
import type { ScheduledRoom } from '../core/model.ts';
import { paths } from '../core/paths.ts';

export interface OrganiserBanner {
  /** Open weeks as text, ranges joined: "1–2", "1–2, 4"; '' when nothing is open. */
  weeks: string;
  weekCount: number;
  allOpen: boolean;
  next: { week: number; title: string; opensAt: Date } | null;
  timezone: string;
  href: string;
}

/** [1, 2, 4] → "1–2, 4" */
export function weekRanges(weeks: number[]): string {
  const sorted = [...new Set(weeks)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(', ');
}

export function organiserBanner(
  schedule: ScheduledRoom[],
  cohort: Pick<Cohort, 'slug' | 'timezone'>,
): OrganiserBanner {
  const openWeeks = schedule.filter((s) => s.open).map((s) => s.room.week);
  const next = schedule
    .filter((s) => !s.open)
    .sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime())[0];
  return {
    weeks: weekRanges(openWeeks),
    weekCount: new Set(openWeeks).size,
    allOpen: !next && schedule.length > 0,
    next: next ? { week: next.room.week, title: next.room.title, opensAt: next.opensAt } : null,
    timezone: cohort.timezone,
    href: paths.desk(cohort.slug),
  };
}
