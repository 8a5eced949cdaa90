// The one-click answer from the invitation mail: GET /meetup/rsvp/:token shows what the
// link will do and a button; only the POST changes the answer. No sign-in and no CSRF token:
// the signed token (meet-up, member, answer) is the permission. A forged or altered token,
// or one for someone who left the cohort, is a page that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { paths } from '../core/paths.ts';
import { NotFoundError } from '../http/errors.ts';
import { isLocale } from '../i18n/index.ts';
import { notifyPromoted, placeOf } from './mail.ts';
import { addressLines, isOver, readRsvpToken, whenText } from './present.ts';
import { findAnswer, findInvitee, findMeetup, waitlistPosition } from './queries.ts';
import { answerMeetup } from './rsvp.ts';

type TokenParams = { token: string };
const schema = {
  params: {
    type: 'object',
    properties: {
      token: {
        type: 'string',
        pattern: '^[0-9]{1,10}-[0-9]{1,10}-(yes|no)\\.[A-Za-z0-9_-]{10,40}$',
      },
    },
    required: ['token'],
  },
} as const;

export default async function meetupLinkRoutes(app: FastifyInstance) {
  /** The token's meet-up, member and answer, or a 404 when any of it does not hold. */
  async function resolve(token: string) {
    const claim = readRsvpToken(app, token);
    const meetup = claim && (await findMeetup(app.db, claim.meetupId));
    if (!claim || !meetup?.invitedAt) throw new NotFoundError();
    const [member, place] = await Promise.all([
      findInvitee(app.db, meetup.cohortId, claim.userId),
      placeOf(app, meetup),
    ]);
    if (!member || !place) throw new NotFoundError();
    return { ...claim, meetup, member, place };
  }

  async function show(
    request: FastifyRequest<{ Params: TokenParams }>,
    reply: FastifyReply,
    apply: boolean,
  ) {
    const { meetup, member, place, answer } = await resolve(request.params.token);
    const locale = isLocale(member.locale) ? member.locale : place.language;
    const now = app.clock();
    const over = isOver(meetup, now);
    let done = false;
    if (apply && !over) {
      const result = await answerMeetup(app.db, {
        meetupId: meetup.id,
        userId: member.id,
        answer,
        now,
      });
      await notifyPromoted(app, result.promoted);
      done = true;
    }
    const mine = await findAnswer(app.db, meetup.id, member.id);
    const position = mine?.status === 'waitlisted' ? await waitlistPosition(app.db, mine) : 0;
    return reply.page(
      'meetup/rsvp',
      {
        title: meetup.title,
        rawTitle: true,
        token: request.params.token,
        meetup,
        name: member.name,
        course: place.courseTitle,
        when: whenText(locale, meetup),
        addressLines: addressLines(meetup),
        meetupHref: paths.meetup(place.cohort.slug),
        answer,
        mine,
        position,
        over,
        done,
      },
      { locale },
    );
  }

  app.get<{ Params: TokenParams }>('/meetup/rsvp/:token', { schema }, (request, reply) =>
    show(request, reply, false),
  );
  app.post<{ Params: TokenParams }>('/meetup/rsvp/:token', { schema }, (request, reply) =>
    show(request, reply, true),
  );
}
