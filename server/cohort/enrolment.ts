// Joining and leaving a cohort. Anonymous visitors enrol by e-mail link; a signed-in user
// (address already proven) joins with one button. POST → 303 → GET throughout.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser, roleIn, userOf } from '../core/access.ts';
import { enrolLearner, leaveCohort } from '../core/accounts.ts';
import { type CohortContext, loadCohortContext } from '../core/context.ts';
import type { FieldErrors } from '../core/forms.ts';
import { checkEmail, checkLocale, checkName } from '../core/input.ts';
import { paths } from '../core/paths.ts';
import { sendLink } from '../core/sign-in-links.ts';
import { notFoundPage } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import type { MessageKey } from '../i18n/index.ts';
import { type EnrolForm, enrolmentState, renderCohortHome } from './home.ts';

type Params = { cohort: string };
type EnrolBody = { name?: string; email?: string; locale?: string };

const schema = params({ cohort: slugParam });

export default async function enrolmentRoutes(app: FastifyInstance) {
  const cohortPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    context: CohortContext,
    form: EnrolForm,
    errors: FieldErrors,
    status: number,
    notice: MessageKey | null = null,
  ) => renderCohortHome(app, request, reply, context, { form, errors, status, notice });

  app.post<{ Params: Params; Body: EnrolBody }>(
    '/c/:cohort/enrol',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const context = await loadCohortContext(app, request.params.cohort);
      if (!context) return notFoundPage(reply);
      const { cohort, course } = context;
      const here = paths.cohort(cohort.slug);
      const user = request.user;
      const role = roleIn(app, request, context);
      const state = await enrolmentState(app, cohort, role);
      if (state.status === 'member' || state.status === 'organiser') {
        return reply.redirect(here, 303);
      }
      if (state.status !== 'open') {
        reply.flash({ key: state.status === 'full' ? 'enrol.full' : 'enrol.closed' });
        return reply.redirect(here, 303);
      }

      // Signed in: the address is proven already, so join at once.
      if (user) {
        const result = await enrolLearner(app.db, cohort, user.id);
        app.forgetSessions(user.id);
        reply.flash({ key: result === 'full' ? 'enrol.full' : 'enrol.welcome' });
        return reply.redirect(here, 303);
      }

      const body = request.body ?? {};
      const name = checkName(body.name);
      const email = checkEmail(body.email);
      const locale = checkLocale(body.locale, request.localeFor(course.language));
      const form = { name: name.value, email: email.value, locale };
      const errors: FieldErrors = {};
      if (name.error) errors.name = name.error;
      if (email.error) errors.email = email.error;
      if (name.error || email.error) {
        return cohortPage(request, reply, context, form, errors, 422);
      }
      const sent = await sendLink(app, request, {
        purpose: 'enrol',
        email: email.value,
        name: name.value,
        locale,
        cohort,
        course,
      });
      if (sent === 'limited') {
        return cohortPage(request, reply, context, form, {}, 429, 'limits.mail');
      }
      reply.flash({ key: 'signIn.sent', params: { email: email.value } });
      return reply.redirect(paths.signInSent(), 303);
    },
  );

  // Leaving asks first: a GET page with the consequences, then a POST that does it.
  await app.register(async (members) => {
    members.addHook('preHandler', requireUser);

    members.get<{ Params: Params }>('/c/:cohort/leave', { schema }, async (request, reply) => {
      const context = await loadCohortContext(app, request.params.cohort);
      if (!context) return notFoundPage(reply);
      return reply.page(
        'cohort/leave',
        { title: 'leave.title', cohort: context.cohort, course: context.course },
        { locale: request.localeFor(context.course.language) },
      );
    });

    members.post<{ Params: Params }>(
      '/c/:cohort/leave',
      { schema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const context = await loadCohortContext(app, request.params.cohort);
        if (!context) return notFoundPage(reply);
        const { id: userId } = userOf(request);
        const departure = {
          cohortId: context.cohort.id,
          userId,
          reason: 'left' as const,
          at: app.clock(),
        };
        await app.membership.depart(app.db, departure, (tx) =>
          leaveCohort(tx, departure.cohortId, departure.userId),
        );
        app.forgetSessions(userId);
        reply.flash({ key: 'leave.done', params: { course: context.course.title } });
        return reply.redirect(paths.cohort(context.cohort.slug), 303);
      },
    );
  });
}
