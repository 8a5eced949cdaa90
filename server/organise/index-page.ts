// GET /organise: the cohorts a signed-in organiser runs, with where each is in its run and
// the way to its desk. Admins see every cohort and may create one; a course organiser sees
// the cohorts of their courses, a co-organiser the cohorts they were invited to.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import { requireUser, userOf } from '../core/access.ts';
import { listCohorts } from '../core/cohorts.ts';
import { loadCohortContext } from '../core/context.ts';
import { progressOf, progressWords } from '../core/model.ts';
import { localMidnight } from '../core/schedule.ts';
import { isAdminEmail, organisesCourse, organisesSomewhere } from '../core/staff.ts';
import { notAllowedPage } from '../http/errors.ts';
import { translator } from '../i18n/index.ts';

function organises(app: FastifyInstance, request: FastifyRequest, cohort: Cohort): boolean {
  const user = request.user;
  if (!user) return false;
  if (isAdminEmail(app, user.email) || request.roles.get(cohort.id) === 'organiser') return true;
  const course = app.content.current().courses.get(cohort.courseId);
  return Boolean(course && organisesCourse(course, user.email));
}

export default async function organiseIndexRoutes(app: FastifyInstance) {
  app.get('/organise', { preHandler: requireUser }, async (request, reply) => {
    if (!organisesSomewhere(app, request)) return notAllowedPage(reply);
    const tr = translator(request.locale);
    const mine = (await listCohorts(app.db)).filter((c) => organises(app, request, c));
    const contexts = await Promise.all(mine.map((c) => loadCohortContext(app, c.slug)));
    const cohorts = contexts.flatMap((context) =>
      context
        ? [
            {
              cohort: context.cohort,
              course: context.course,
              startsAt: localMidnight(context.cohort.startsOn, context.cohort.timezone),
              progress: progressOf(context.schedule, app.clock()),
              status: progressWords(progressOf(context.schedule, app.clock()), tr),
            },
          ]
        : [],
    );
    return reply.page('organise/index', {
      title: 'organise.index.title',
      cohorts,
      admin: isAdminEmail(app, userOf(request).email),
    });
  });
}
