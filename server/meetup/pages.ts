// The member's meet-up page and the organiser's page (again with the typed values and a
// message per field after a refused save).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Meetup } from '../../db/schema.ts';
import type { Membership } from '../core/access.ts';
import { errorList, type FieldErrors } from '../core/forms.ts';
import { fromWallClock } from '../core/schedule.ts';
import { NotFoundError } from '../http/errors.ts';
import { fieldOrder, formFromMeetup, type MeetupForm } from './forms.ts';
import { addressLines, isOver, whenText } from './present.ts';
import {
  countAnswers,
  countUnanswered,
  findAnswer,
  findMeetupOfCohort,
  listAnswers,
  waitlistPosition,
} from './queries.ts';

/** Learners see the meet-up once invited; organisers also see the draft. */
export const visibleTo = (meetup: Meetup | null, member: Membership): meetup is Meetup =>
  Boolean(meetup && (meetup.invitedAt || member.organises));

/** The cohort's meet-up, for a page or action about it: a 404 while the member may not see it. */
export async function meetupFor(app: FastifyInstance, member: Membership): Promise<Meetup> {
  const found = await findMeetupOfCohort(app.db, member.cohort.id);
  if (!visibleTo(found, member)) throw new NotFoundError();
  return found;
}

export async function renderMeetupPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
) {
  const { cohort, course, organises } = member;
  const locale = request.localeFor(course.language);
  const found = await findMeetupOfCohort(app.db, cohort.id);
  const meetup = visibleTo(found, member) ? found : null;
  const userId = member.userId;
  const [counts, mine] = meetup
    ? await Promise.all([countAnswers(app.db, meetup.id), findAnswer(app.db, meetup.id, userId)])
    : [null, null];
  const position = mine?.status === 'waitlisted' ? await waitlistPosition(app.db, mine) : 0;
  return reply.page(
    'meetup/meetup',
    {
      title: meetup ? meetup.title : 'meetup.title',
      rawTitle: Boolean(meetup),
      cohort,
      course,
      organises,
      meetup,
      when: meetup ? whenText(locale, meetup) : '',
      addressLines: meetup ? addressLines(meetup) : [],
      counts,
      full: Boolean(
        meetup && counts && meetup.capacity !== null && counts.going >= meetup.capacity,
      ),
      over: Boolean(meetup && isOver(meetup, app.clock())),
      mine,
      position,
    },
    { locale },
  );
}

/**
 * A date field shows as datetime-local only with a value that control can hold; a refused
 * value ("next friday") is kept in a text input instead, so nothing typed is lost.
 */
const dateInputType = (value: string) =>
  value === '' || (/^[^ ]+T/.test(value) && fromWallClock(value, 'UTC') instanceof Date)
    ? 'datetime-local'
    : 'text';

export interface OrganiseState {
  form?: MeetupForm;
  errors?: FieldErrors<keyof MeetupForm>;
  status?: number;
}

export async function renderOrganisePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  state: OrganiseState = {},
) {
  const { cohort, course } = member;
  const locale = request.localeFor(course.language);
  const meetup = await findMeetupOfCohort(app.db, cohort.id);
  const [counts, answers, unanswered] = meetup
    ? await Promise.all([
        countAnswers(app.db, meetup.id),
        listAnswers(app.db, meetup.id),
        countUnanswered(app.db, meetup),
      ])
    : [null, [], 0];
  const errors = state.errors ?? {};
  const form = state.form ?? formFromMeetup(meetup, cohort.timezone);
  return reply.page(
    'meetup/organise',
    {
      title: 'meetup.organiseTitle',
      cohort,
      course,
      meetup,
      when: meetup ? whenText(locale, meetup) : '',
      form,
      dateTypes: { starts_at: dateInputType(form.starts_at), ends_at: dateInputType(form.ends_at) },
      errors,
      // In the form's order, for the summary at its top.
      errorList: errorList(errors, fieldOrder),
      counts,
      answers,
      unanswered,
      // Edited after the last invitation: the button sends the update.
      changedSinceInvite: Boolean(meetup?.invitedAt && meetup.updatedAt > meetup.invitedAt),
      over: Boolean(meetup && isOver(meetup, app.clock())),
    },
    { status: state.status ?? 200, locale },
  );
}
