// Profiles and who's here, for the cohort's members and organisers.
import type { FastifyInstance } from 'fastify';
import { memberOf, requireMember } from '../core/access.ts';
import { paths } from '../core/paths.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import { checkProfile } from './forms.ts';
import { renderPeoplePage, renderPersonPage, renderProfilePage } from './pages.ts';
import { saveProfile } from './queries.ts';

type CohortParams = { cohort: string };
const schema = params({ cohort: slugParam });

export default async function profileRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));

  app.get<{ Params: CohortParams }>('/c/:cohort/profile', { schema }, (request, reply) =>
    renderProfilePage(app, request, reply, memberOf(request)),
  );

  app.post<{ Params: CohortParams; Body: Record<string, unknown> }>(
    '/c/:cohort/profile',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const { form, errors, values } = checkProfile(
        request.body ?? {},
        member.course.profilePrompts,
      );
      if (!values) {
        return renderProfilePage(app, request, reply, member, { form, errors, status: 422 });
      }
      await saveProfile(app.db, {
        cohortId: member.cohort.id,
        userId: member.userId,
        now: app.clock(),
        ...values,
      });
      reply.flash({ key: 'profile.saved' });
      return reply.redirect(paths.profile(member.cohort.slug), 303);
    },
  );

  app.get<{ Params: CohortParams; Querystring: Record<string, string | undefined> }>(
    '/c/:cohort/people',
    { schema },
    (request, reply) =>
      renderPeoplePage(app, request, reply, memberOf(request), request.query ?? {}),
  );

  app.get<{ Params: CohortParams & { id: string } }>(
    '/c/:cohort/people/:id',
    { schema: params({ cohort: slugParam, id: idParam }) },
    (request, reply) =>
      renderPersonPage(app, request, reply, memberOf(request), Number(request.params.id)),
  );
}
