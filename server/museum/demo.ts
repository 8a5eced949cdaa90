// First start on an empty embedded database: one demo cohort per course, started on this
// week's Monday, so a newcomer sees open rooms at once. Never on a real PostgreSQL server.
import type { Db } from '../../db/client.ts';
import type { Catalogue } from '../content/types.ts';
import { countCohorts, createCohort } from './queries.ts';
import { mondayOfWeek } from './schedule.ts';

export const demoTimezone = 'Europe/Amsterdam';

export async function seedDemoCohorts(
  db: Db,
  catalogue: Catalogue,
  now = new Date(),
): Promise<string[]> {
  if ((await countCohorts(db)) > 0) return [];
  const startsOn = mondayOfWeek(demoTimezone, now);
  const slugs: string[] = [];
  for (const course of catalogue.courses.values()) {
    const cohort = await createCohort(db, {
      slug: `${course.id}-demo`,
      courseId: course.id,
      startsOn,
      timezone: demoTimezone,
    });
    slugs.push(cohort.slug);
  }
  return slugs;
}
