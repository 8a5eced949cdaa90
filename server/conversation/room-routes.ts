// The museum: home, cohort home (public), rooms and exhibits (members only). Pages inside a
// cohort are rendered by pages.ts, which also records visits and loads the conversation.
import type { FastifyInstance } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import { renderCohortHome } from '../cohort/enrolment.ts';
import { memberOf, requireMember } from '../core/access.ts';
import { listCohorts } from '../core/cohorts.ts';
import { loadCohortContext } from '../core/context.ts';
import { progressOf, progressWords, scheduleFor } from '../core/model.ts';
import { localMidnight } from '../core/schedule.ts';
import { notFoundPage } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { translator } from '../i18n/index.ts';
import { decodeCursor } from './queries.ts';
import { renderExhibit, renderRoom } from './room-pages.ts';
import { parseSort } from './thread.ts';

type CohortParams = { cohort: string };
type RoomParams = CohortParams & { room: string };
type ExhibitParams = RoomParams & { exhibit: string };

export default async function museumRoutes(app: FastifyInstance) {
  const startOf = (cohort: Cohort) => localMidnight(cohort.startsOn, cohort.timezone);

  app.get('/', async (request, reply) => {
    const catalogue = app.content.current();
    const now = app.clock();
    const all = await listCohorts(app.db);
    const tr = translator(request.locale);
    const courses = await Promise.all(
      [...catalogue.courses.values()].map(async (course) => ({
        course,
        cohorts: await Promise.all(
          all
            .filter((c) => c.courseId === course.id)
            .map(async (cohort) => {
              // The organisers' own opening times count here as on the cohort page.
              const overrides = (await app.cohorts.find(cohort.slug))?.overrides ?? new Map();
              const progress = progressOf(scheduleFor(course, cohort, overrides, now), now);
              return {
                cohort,
                startsAt: startOf(cohort),
                progress,
                status: progressWords(progress, tr),
              };
            }),
        ),
      })),
    );
    return reply.page('cohort/home', { title: 'home.title', courses, locale: request.locale });
  });

  app.get<{ Params: CohortParams }>(
    '/c/:cohort',
    { schema: params({ cohort: slugParam }) },
    async (request, reply) => {
      const found = await loadCohortContext(app, request.params.cohort);
      if (!found) return notFoundPage(reply);
      return renderCohortHome(app, request, reply, found);
    },
  );

  // Inside a cohort: members and organisers only (the guard loads request.member).
  await app.register(async (members) => {
    members.addHook('preHandler', requireMember(app));

    members.get<{ Params: RoomParams }>(
      '/c/:cohort/:room',
      { schema: params({ cohort: slugParam, room: slugParam }) },
      (request, reply) => renderRoom(app, request, reply, memberOf(request), request.params.room),
    );

    members.get<{ Params: ExhibitParams; Querystring: { sort?: string; after?: string } }>(
      '/c/:cohort/:room/:exhibit',
      { schema: params({ cohort: slugParam, room: slugParam, exhibit: slugParam }) },
      (request, reply) =>
        renderExhibit(
          app,
          request,
          reply,
          memberOf(request),
          request.params.room,
          request.params.exhibit,
          { sort: parseSort(request.query.sort), after: decodeCursor(request.query.after) },
        ),
    );
  });

  app.get<{ Params: { course: string; file: string } }>(
    '/media/:course/:file',
    async (request, reply) => {
      const course = app.content.current().courses.get(request.params.course);
      // Only files the loader listed: no path tricks can reach outside the media folder.
      if (!course?.media.has(request.params.file)) return notFoundPage(reply);
      reply.header('cache-control', 'public, max-age=86400');
      return reply.sendFile(request.params.file, course.mediaDir);
    },
  );
}
