// Rooms and exhibits (members only), and the media files exhibits show. The pages are
// rendered by room-pages.ts, which also records visits and loads the conversation.
import type { FastifyInstance } from 'fastify';
import { memberOf, requireMember } from '../core/access.ts';
import { notFoundPage } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { decodeCursor } from './queries.ts';
import { renderExhibit, renderRoom } from './room-pages.ts';
import { parseSort } from './thread.ts';

type RoomParams = { cohort: string; room: string };
type ExhibitParams = RoomParams & { exhibit: string };

export default async function roomRoutes(app: FastifyInstance) {
  // Inside a cohort: members and organisers only (the guard loads request.member).
  await app.register(async (members) => {
    members.addHook('preHandler', requireMember(app));

    members.get<{ Params: RoomParams; Querystring: { sort?: string; after?: string } }>(
      '/c/:cohort/:room',
      { schema: params({ cohort: slugParam, room: slugParam }) },
      // The sort and page are the icebreaker's, in a room that has one.
      (request, reply) =>
        renderRoom(app, request, reply, memberOf(request), request.params.room, {
          sort: parseSort(request.query.sort),
          after: decodeCursor(request.query.after),
        }),
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
      // Public files, also shown outside the site: a course cover in a mail opened in webmail
      // or a mail program is a request from another origin, which same-origin would refuse.
      reply.header('cross-origin-resource-policy', 'cross-origin');
      return reply.sendFile(request.params.file, course.mediaDir);
    },
  );
}
