// The catalogue (every course with its cohorts) and a cohort's home: the programme, the enrol
// panel for visitors, and for members the panels other features add (where you left off,
// announcements, the meet-up…) through app.panels.cohortHome.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import { type CohortRole, membershipIn, roleIn } from '../core/access.ts';
import { countLearners } from '../core/accounts.ts';
import { listCohorts } from '../core/cohorts.ts';
import { type CohortContext, loadCohortContext } from '../core/context.ts';
import type { FieldErrors } from '../core/forms.ts';
import { currentHouseRules } from '../core/house-rules.ts';
import { cohortTitle, progressOf, progressWords, scheduleFor } from '../core/model.ts';
import { localMidnight } from '../core/schedule.ts';
import { notFoundPage } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { type MessageKey, translator } from '../i18n/index.ts';

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

type CohortParams = { cohort: string };

export type EnrolForm = { name: string; email: string; locale: string };

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
  // A member reading their cohort's home is inside it, as on its rooms: what the layout adds
  // for members (the organiser banner) reads request.member.
  request.member = membershipIn(app, request, context);
  const panels = await app.panels.cohortHome.load({
    app,
    request,
    context,
    role,
    userId: user?.id ?? null,
    locale,
  });
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
      // What a newcomer accepts by joining: the house rules as they stand now.
      houseRules: course.houseRules ? await currentHouseRules(app.db, cohort.id, course) : null,
      firstOpen: schedule.find((s) => s.open)?.room ?? null,
      // Members see where they are first: the room open now and where they left off.
      openNow: schedule.findLast((s) => s.open)?.room ?? null,
      panels,
      form: options.form ?? {
        name: user?.name ?? '',
        email: user?.email ?? '',
        locale: request.locale,
      },
      errors: options.errors ?? {},
      notice: options.notice ?? null,
    },
    { status: options.status ?? 200, locale },
  );
}

export default async function cohortHomeRoutes(app: FastifyInstance) {
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
}
