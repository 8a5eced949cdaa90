// Joining and leaving a cohort. Anonymous visitors enrol by e-mail link; a signed-in user
// (address already proven) joins with one button. POST → 303 → GET throughout.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import { listAnnouncements } from '../announce/queries.ts';
import { findLastVisit } from '../conversation/visits.ts';
import { type CohortRole, requireUser, roleIn } from '../core/access.ts';
import { countLearners, enrolLearner, leaveCohort } from '../core/accounts.ts';
import { type CohortContext, loadCohortContext } from '../core/context.ts';
import { checkEmail, checkLocale, checkName, type FieldErrors } from '../core/input.ts';
import { cohortTitle, progressOf, progressWords } from '../core/model.ts';
import { localMidnight } from '../core/schedule.ts';
import { sendLink } from '../core/sign-in-links.ts';
import { notFoundPage } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { type MessageKey, translator } from '../i18n/index.ts';
import { giveUpMeetupPlace } from '../meetup/leave.ts';
import { meetupTeaser } from '../meetup/teaser.ts';
import { organiserBanner } from '../organise/banner.ts';

export type EnrolmentStatus = 'member' | 'organiser' | 'open' | 'closed' | 'full';

export interface EnrolmentState {
  status: EnrolmentStatus;
  learners: number;
  capacity: number | null;
}

export async function enrolmentState(
  app: FastifyInstance,
  cohort: Cohort,
  role: CohortRole | null,
): Promise<EnrolmentState> {
  const learners = cohort.capacity ? await countLearners(app.db, cohort.id) : 0;
  let status: EnrolmentStatus = 'open';
  if (role === 'learner') status = 'member';
  else if (role) status = 'organiser';
  else if (!cohort.enrolmentOpen) status = 'closed';
  else if (cohort.capacity !== null && learners >= cohort.capacity) status = 'full';
  return { status, learners, capacity: cohort.capacity };
}

type Params = { cohort: string };
type EnrolForm = { name: string; email: string; locale: string };

/**
 * The cohort home: programme and enrol panel. Also the answer to a refused enrolment, with
 * the typed values and messages (422, or 429 with a notice).
 */
export async function renderCohortHome(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  context: CohortContext,
  options: {
    form?: EnrolForm;
    errors?: FieldErrors;
    status?: number;
    notice?: MessageKey | null;
  } = {},
) {
  const { cohort, course, schedule } = context;
  const user = request.user;
  const role = roleIn(app, request, context);
  const locale = request.localeFor(course.language);
  return reply.page(
    'cohort/cohort',
    {
      title: cohortTitle(cohort, course),
      rawTitle: true,
      cohort,
      course,
      schedule,
      startsAt: localMidnight(cohort.startsOn, cohort.timezone),
      status: progressWords(progressOf(schedule, app.clock()), translator(locale)),
      role,
      enrolment: await enrolmentState(app, cohort, role),
      firstOpen: schedule.find((s) => s.open)?.room ?? null,
      // Members see where they are first: the room open now and where they left off.
      openNow: schedule.findLast((s) => s.open)?.room ?? null,
      resume: role && user ? await resumeLink(app, context, user.id) : null,
      form: options.form ?? {
        name: user?.name ?? '',
        email: user?.email ?? '',
        locale: request.locale,
      },
      errors: options.errors ?? {},
      notice: options.notice ?? null,
      meetup: role ? await meetupTeaser(app, cohort, role, locale) : null,
      // Members only: the latest few (one indexed query); the rest live in the digest.
      announcements: role ? await listAnnouncements(app.db, cohort.id, 3) : [],
      banner: role && role !== 'learner' ? organiserBanner(schedule, cohort) : null,
    },
    { status: options.status ?? 200, locale },
  );
}
/** "Continue where you left off": the last room or exhibit a member saw, if still open. */
async function resumeLink(app: FastifyInstance, context: CohortContext, userId: number) {
  const last = await findLastVisit(app.db, context.cohort.id, userId);
  const entry = last && context.schedule.find((s) => s.room.id === last.roomId && s.open);
  if (!last || !entry) return null;
  const base = `/c/${context.cohort.slug}/${entry.room.id}`;
  const exhibit = entry.room.exhibits.find((e) => e.id === last.exhibitId);
  return exhibit
    ? { href: `${base}/${exhibit.id}`, title: exhibit.title }
    : { href: base, title: entry.room.title };
}

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
      const here = `/c/${cohort.slug}`;
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
      return reply.redirect('/sign-in/sent', 303);
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
        if (!context || !request.user) return notFoundPage(reply);
        await leaveCohort(app.db, context.cohort.id, request.user.id);
        await giveUpMeetupPlace(app, context.cohort.id, request.user.id);
        app.forgetSessions(request.user.id);
        reply.flash({ key: 'leave.done', params: { course: context.course.title } });
        return reply.redirect(`/c/${context.cohort.slug}`, 303);
      },
    );
  });
}
