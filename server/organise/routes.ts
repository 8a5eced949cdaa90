// The organiser's desk: admins create cohorts; a cohort's organisers change its settings,
// invite co-organisers and publish its rooms earlier or later than the content's schedule.
// Every change drops the cohort from the directory's cache, so learners see it at once.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { memberOf, requireMember, requireOrganiser, requireUser, userOf } from '../core/access.ts';
import { findUserById } from '../core/accounts.ts';
import { createCohort, setRoomOpening } from '../core/cohorts.ts';
import { type FieldError, fieldError, hasErrors, text } from '../core/forms.ts';
import { withdrawInvitation } from '../core/invitations.ts';
import { paths } from '../core/paths.ts';
import { sendLink } from '../core/sign-in-links.ts';
import { isAdminEmail, organisesCourse } from '../core/staff.ts';
import { notAllowedPage, notFoundPage } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import { defaultCohortName } from './cohort-check.ts';
import {
  checkInviteForm,
  checkNewCohortForm,
  checkOpensAt,
  checkSettingsForm,
  type RoomAction,
  roomActions,
} from './forms.ts';
import organiseIndexRoutes from './index-page.ts';
import { inviteMail } from './mail.ts';
import { isAdmin, renderNewCohort, renderSchedule, renderSettings } from './pages.ts';
import {
  deleteRoomOpening,
  listCohortOrganisers,
  removeCohortOrganiser,
  updateCohortSettings,
} from './queries.ts';

type Body = Record<string, unknown>;
type CohortParams = { cohort: string };
type RoomParams = CohortParams & { room: string };
const cohortSchema = params({ cohort: slugParam });
const roomSchema = params({ cohort: slugParam, room: slugParam });
const userSchema = params({ cohort: slugParam, id: idParam });
/** An invitation is answered when it suits the invitee, not within a sign-in's minutes. */
export const inviteDays = 7;

export default async function organiseRoutes(app: FastifyInstance) {
  const withCsrf = { preHandler: app.csrfProtection };
  await app.register(organiseIndexRoutes);

  // New cohorts: administrators only.
  await app.register(async (admins) => {
    admins.addHook('preHandler', requireUser);
    admins.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!isAdmin(app, request)) return notAllowedPage(reply);
    });

    admins.get('/organise/cohorts/new', (_request, reply) => renderNewCohort(app, reply));

    admins.post<{ Body: Body }>('/organise/cohorts/new', withCsrf, async (request, reply) => {
      const catalogue = app.content.current();
      const { form, errors, values } = await checkNewCohortForm(
        app.db,
        catalogue,
        request.body ?? {},
      );
      if (!values) return renderNewCohort(app, reply, { form, errors, status: 422 });
      const course = catalogue.courses.get(values.courseId);
      const name = values.name ?? (course ? defaultCohortName(course, values.startsOn) : null);
      const cohort = await createCohort(app.db, { ...values, name });
      app.cohorts.invalidate(cohort.slug);
      reply.flash({ key: 'organise.created', params: { name: cohort.name } });
      return reply.redirect(paths.desk(cohort.slug), 303);
    });
  });

  // Inside a cohort: its organisers and admins.
  await app.register(async (organisers) => {
    organisers.addHook('preHandler', requireMember(app));
    organisers.addHook('preHandler', requireOrganiser);

    organisers.get<{ Params: CohortParams }>(
      '/c/:cohort/organise',
      { schema: cohortSchema },
      (request, reply) => renderSchedule(app, request, reply, memberOf(request)),
    );

    organisers.post<{ Params: RoomParams; Body: Body }>(
      '/c/:cohort/organise/rooms/:room',
      { schema: roomSchema, ...withCsrf },
      async (request, reply) => {
        const member = memberOf(request);
        const { cohort } = member;
        const entry = member.schedule.find((s) => s.room.id === request.params.room);
        if (!entry) return notFoundPage(reply);
        const body = request.body ?? {};
        const action = body.action as RoomAction;
        const title = entry.room.title;
        const refuse = (typed: string, error: FieldError) =>
          renderSchedule(app, request, reply, member, {
            refusal: { roomId: entry.room.id, typed, error },
            status: 422,
          });
        if (!roomActions.includes(action)) {
          return refuse(text(body.opens_at), fieldError('organise.error.action'));
        }
        const now = app.clock();
        if (action === 'open-now') {
          await setRoomOpening(app.db, cohort.id, entry.room.id, now);
          reply.flash({ key: 'organise.opened', params: { title } });
        } else if (action === 'reschedule') {
          const at = checkOpensAt(body.opens_at, cohort.timezone);
          if (!(at instanceof Date)) return refuse(text(body.opens_at), at);
          await setRoomOpening(app.db, cohort.id, entry.room.id, at);
          reply.flash({ key: 'organise.rescheduled', params: { title } });
        } else {
          await deleteRoomOpening(app.db, cohort.id, entry.room.id);
          reply.flash({ key: 'organise.reset', params: { title } });
        }
        app.cohorts.invalidate(cohort.slug);
        return reply.redirect(`${paths.desk(cohort.slug)}#room-${entry.room.id}`, 303);
      },
    );

    organisers.get<{ Params: CohortParams }>(
      '/c/:cohort/organise/settings',
      { schema: cohortSchema },
      (request, reply) => renderSettings(app, request, reply, memberOf(request)),
    );

    organisers.post<{ Params: CohortParams; Body: Body }>(
      '/c/:cohort/organise/settings',
      { schema: cohortSchema, ...withCsrf },
      async (request, reply) => {
        const member = memberOf(request);
        const { form, errors, values } = checkSettingsForm(request.body ?? {});
        if (!values)
          return renderSettings(app, request, reply, member, { form, errors, status: 422 });
        await updateCohortSettings(app.db, member.cohort.id, values);
        app.cohorts.invalidate(member.cohort.slug);
        reply.flash({ key: 'organise.saved' });
        return reply.redirect(paths.desk(member.cohort.slug, 'settings'), 303);
      },
    );

    // A co-organiser by e-mail: the link signs them in and enrols them as an organiser.
    organisers.post<{ Params: CohortParams; Body: Body }>(
      '/c/:cohort/organise/organisers',
      { schema: cohortSchema, ...withCsrf },
      async (request, reply) => {
        const member = memberOf(request);
        const { cohort, course } = member;
        const invite = checkInviteForm(request.body ?? {});
        if (hasErrors(invite.errors)) {
          return renderSettings(app, request, reply, member, { invite, status: 422 });
        }
        const locale = request.localeFor(course.language);
        const { email, name } = invite.form;
        // Already one of the organisers: nothing to send, and the form says so.
        const organisers = await listCohortOrganisers(app.db, cohort.id);
        const already =
          organisesCourse(course, email) ||
          isAdminEmail(app, email) ||
          organisers.some((o) => o.email === email);
        if (already) {
          return renderSettings(app, request, reply, member, {
            invite: {
              form: invite.form,
              errors: { email: fieldError('organise.error.alreadyOrganiser') },
            },
            status: 422,
          });
        }
        const sent = await sendLink(app, request, {
          purpose: 'enrol',
          role: 'organiser',
          minutes: inviteDays * 24 * 60,
          email,
          name,
          locale,
          cohort,
          course,
          mail: inviteMail(app, {
            locale,
            name,
            inviter: userOf(request).name,
            cohort,
            course,
          }),
        });
        if (sent === 'limited') {
          return renderSettings(app, request, reply, member, {
            invite,
            status: 429,
            notice: 'limits.mail',
          });
        }
        reply.flash({ key: 'organise.invited', params: { email } });
        return reply.redirect(`${paths.desk(cohort.slug, 'settings')}#organisers`, 303);
      },
    );

    // Links still out stop working; the invitee can be invited again later.
    organisers.post<{ Params: CohortParams; Body: Body }>(
      '/c/:cohort/organise/invitations/withdraw',
      { schema: cohortSchema, ...withCsrf },
      async (request, reply) => {
        const { cohort } = memberOf(request);
        const email = text(request.body?.email);
        const gone = await withdrawInvitation(app.db, cohort.id, email, app.clock());
        reply.flash(
          gone
            ? { key: 'organise.withdrawn', params: { email } }
            : { key: 'organise.noInvitation' },
        );
        return reply.redirect(`${paths.desk(cohort.slug, 'settings')}#organisers`, 303);
      },
    );

    // A co-organiser leaves the cohort's desk and the cohort. Not oneself: that is "leave".
    organisers.post<{ Params: CohortParams & { id: string }; Body: Body }>(
      '/c/:cohort/organise/organisers/:id/remove',
      { schema: userSchema, ...withCsrf },
      async (request, reply) => {
        const { cohort, userId: self } = memberOf(request);
        const userId = Number(request.params.id);
        const settings = `${paths.desk(cohort.slug, 'settings')}#organisers`;
        if (userId === self) {
          reply.flash({ key: 'organise.removeSelf' });
          return reply.redirect(settings, 303);
        }
        const departure = {
          cohortId: cohort.id,
          userId,
          reason: 'removed' as const,
          at: app.clock(),
        };
        // Whatever else they held in the cohort (a meet-up place) goes with them (app.membership).
        const removed = await app.membership.depart(app.db, departure, (tx) =>
          removeCohortOrganiser(tx, cohort.id, userId),
        );
        if (removed) {
          app.forgetSessions(userId);
          // An older invitation mail must not bring them back.
          const email = (await findUserById(app.db, userId))?.email;
          if (email) await withdrawInvitation(app.db, cohort.id, email, app.clock());
        }
        reply.flash({ key: removed ? 'organise.removed' : 'organise.notOrganiser' });
        return reply.redirect(settings, 303);
      },
    );
  });
}
