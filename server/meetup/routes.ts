// The meet-up for members: its page with their answer, the yes/no buttons (a CSRF-protected
// form) and the event as an .ics file for their calendar.
import type { FastifyInstance } from 'fastify';
import { memberOf, requireMember } from '../core/access.ts';
import { absolute, paths } from '../core/paths.ts';
import { notFoundPage } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { meetupCalendar } from './ics.ts';
import { notifyPromoted } from './mail.ts';
import { meetupFor, renderMeetupPage } from './pages.ts';
import { isOver } from './present.ts';
import { answerMeetup, isAnswer } from './rsvp.ts';

type CohortParams = { cohort: string };
const schema = params({ cohort: slugParam });

const answerFlash = {
  going: 'meetup.flash.going',
  waitlisted: 'meetup.flash.waitlisted',
  declined: 'meetup.flash.declined',
} as const;

export default async function meetupRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));

  app.get<{ Params: CohortParams }>('/c/:cohort/meetup', { schema }, (request, reply) =>
    renderMeetupPage(app, request, reply, memberOf(request)),
  );

  app.post<{ Params: CohortParams; Body: { answer?: unknown } }>(
    '/c/:cohort/meetup/rsvp',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const meetup = await meetupFor(app, member);
      const answer = request.body?.answer;
      if (!isAnswer(answer)) return notFoundPage(reply);
      const back = `${paths.meetup(member.cohort.slug)}#your-answer`;
      if (isOver(meetup, app.clock())) {
        reply.flash({ key: 'meetup.flash.over' });
        return reply.redirect(back, 303);
      }
      const result = await answerMeetup(app.db, {
        meetupId: meetup.id,
        userId: member.userId,
        answer,
        now: app.clock(),
      });
      await notifyPromoted(app, result.promoted);
      reply.flash({ key: answerFlash[result.status] });
      return reply.redirect(back, 303);
    },
  );

  // "Add to calendar": the same event (UID, SEQUENCE) as the invitation's attachment.
  app.get<{ Params: CohortParams }>('/c/:cohort/meetup.ics', { schema }, async (request, reply) => {
    const member = memberOf(request);
    const ics = meetupCalendar(await meetupFor(app, member), {
      baseUrl: app.config.baseUrl,
      organizer: app.config.mailFrom,
      method: 'PUBLISH',
      url: absolute(app.config.baseUrl, paths.meetup(member.cohort.slug)),
      now: app.clock(),
    });
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${member.cohort.slug}-meetup.ics"`)
      .header('cache-control', 'no-store')
      .send(ics);
  });
}
