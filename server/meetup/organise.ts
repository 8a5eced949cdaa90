// The meet-up for organisers: create and edit it, send the invitation (again after edits),
// see who answered, and download the answers as CSV.
import type { FastifyInstance } from 'fastify';
import { memberOf, requireMember, requireOrganiser } from '../core/access.ts';
import { paths } from '../core/paths.ts';
import { renderBody } from '../core/render.ts';
import { sendCsv, toCsv } from '../http/csv.ts';
import { notFoundPage } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { checkMeetup, type MeetupForm } from './forms.ts';
import { notifyPromoted, sendInvitations } from './mail.ts';
import { renderOrganisePage } from './pages.ts';
import { countAnswers, findMeetupOfCohort, listAnswers, saveMeetup } from './queries.ts';

type CohortParams = { cohort: string };
const schema = params({ cohort: slugParam });

export default async function meetupOrganiseRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  app.addHook('preHandler', requireOrganiser);
  const withCsrf = { schema, preHandler: app.csrfProtection };

  app.get<{ Params: CohortParams }>('/c/:cohort/organise/meetup', { schema }, (request, reply) =>
    renderOrganisePage(app, request, reply, memberOf(request)),
  );

  app.post<{ Params: CohortParams; Body: Partial<Record<keyof MeetupForm, unknown>> }>(
    '/c/:cohort/organise/meetup',
    withCsrf,
    async (request, reply) => {
      const member = memberOf(request);
      const now = app.clock();
      const existing = await findMeetupOfCohort(app.db, member.cohort.id);
      const { form, errors, values } = checkMeetup(request.body ?? {}, {
        now,
        previousStart: existing?.startsAt ?? null,
      });
      if (!values) {
        return renderOrganisePage(app, request, reply, member, { form, errors, status: 422 });
      }
      const { meetup, changed, promoted } = await saveMeetup(
        app.db,
        member.cohort.id,
        { ...values, descriptionHtml: renderBody(values.descriptionMd) },
        now,
      );
      await notifyPromoted(app, promoted);
      let key: 'meetup.flash.saved' | 'meetup.flash.unchanged' | 'meetup.flash.savedOverCapacity' =
        changed ? 'meetup.flash.saved' : 'meetup.flash.unchanged';
      let going = 0;
      if (changed && meetup.capacity !== null) {
        going = (await countAnswers(app.db, meetup.id)).going;
        if (going > meetup.capacity) key = 'meetup.flash.savedOverCapacity';
      }
      reply.flash({ key, params: { count: going, capacity: meetup.capacity ?? 0 } });
      return reply.redirect(paths.deskMeetup(member.cohort.slug), 303);
    },
  );

  app.post<{ Params: CohortParams }>(
    '/c/:cohort/organise/meetup/invite',
    withCsrf,
    async (request, reply) => {
      const member = memberOf(request);
      const meetup = await findMeetupOfCohort(app.db, member.cohort.id);
      if (!meetup) return notFoundPage(reply);
      const { queued, members } = await sendInvitations(app, meetup, {
        cohort: member.cohort,
        courseTitle: member.course.title,
        language: member.course.language,
      });
      reply.flash({
        key:
          members === 0
            ? 'meetup.flash.noMembers'
            : queued === 0
              ? 'meetup.flash.alreadyInvited'
              : queued === 1
                ? 'meetup.flash.invited.one'
                : 'meetup.flash.invited.other',
        params: { count: queued },
      });
      return reply.redirect(`${paths.deskMeetup(member.cohort.slug)}#invitation`, 303);
    },
  );

  app.get<{ Params: CohortParams }>(
    '/c/:cohort/organise/meetup/export',
    { schema },
    async (request, reply) => {
      const member = memberOf(request);
      const meetup = await findMeetupOfCohort(app.db, member.cohort.id);
      if (!meetup) return notFoundPage(reply);
      const answers = await listAnswers(app.db, meetup.id);
      const csv = toCsv(
        ['name', 'email', 'status', 'answered_at', 'promoted'],
        answers.map((a) => [a.name, a.email, a.status, a.answeredAt, a.promotedAt ?? '']),
      );
      return sendCsv(reply, `${member.cohort.slug}-meetup.csv`, csv);
    },
  );
}
