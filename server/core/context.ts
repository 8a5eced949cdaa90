// A cohort with its course and schedule: what every page inside a cohort starts from.
import type { FastifyInstance } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import { type ScheduledRoom, scheduleFor } from './model.ts';

export interface CohortContext {
  cohort: Cohort;
  course: Course;
  schedule: ScheduledRoom[];
}

/** The cohort by slug with its course and today's schedule, or null (→ 404). */
export async function loadCohortContext(
  app: FastifyInstance,
  slug: string,
): Promise<CohortContext | null> {
  const found = await app.cohorts.find(slug);
  const course = found ? app.content.current().courses.get(found.cohort.courseId) : undefined;
  if (!found || !course) return null;
  return {
    cohort: found.cohort,
    course,
    schedule: scheduleFor(course, found.cohort, found.overrides, app.clock()),
  };
}
