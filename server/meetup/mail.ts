// The meet-up's mails: the invitation (with the .ics and yes/no links), "a place opened up
// for you", and the reminder. Each is queued in the outbox under a key that makes sending it
// twice a no-op, and carries the one-click unsubscribe headers.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type Cohort, type Meetup, users } from '../../db/schema.ts';
import { findCohortById } from '../core/cohorts.ts';
import { type Member, type MemberMail, mailMembers } from '../core/member-mail.ts';
import { cohortTitle } from '../core/model.ts';
import { absolute, paths } from '../core/paths.ts';
import { unsubscribeUrl } from '../core/unsubscribe-links.ts';
import { isLocale, type Locale, type MessageKey } from '../i18n/index.ts';
import { meetupCalendar } from './ics.ts';
import { addressLines, rsvpUrl, shortWhen, whenText } from './present.ts';
import { findMeetup, going, markInvited } from './queries.ts';
import type { Promoted } from './types.ts';

export interface MeetupPlace {
  cohort: Cohort;
  courseTitle: string;
  language: Locale;
}

/** The cohort and course a meet-up belongs to (mail outside a request needs them). */
export async function placeOf(app: FastifyInstance, meetup: Meetup): Promise<MeetupPlace | null> {
  const cohort = await findCohortById(app.db, meetup.cohortId);
  if (!cohort) return null;
  const course = app.content.current().courses.get(cohort.courseId);
  return {
    cohort,
    courseTitle: course ? cohortTitle(cohort, course) : cohort.name,
    language: course?.language ?? 'nl',
  };
}

type Kind = 'invite' | 'promoted' | 'reminder';

const subjects: Record<Kind, MessageKey> = {
  invite: 'meetup.mail.inviteSubject',
  promoted: 'meetup.mail.promotedSubject',
  reminder: 'meetup.mail.reminderSubject',
};

function compose(
  app: FastifyInstance,
  kind: Kind,
  meetup: Meetup,
  place: MeetupPlace,
  user: Member,
  key: string,
): MemberMail {
  const locale = isLocale(user.locale) ? user.locale : place.language;
  const meetupUrl = absolute(app.config.baseUrl, paths.meetup(place.cohort.slug));
  const updated = kind === 'invite' && meetup.sequence > 0;
  const mail = app.renderMail(
    `meetup-${kind}`,
    locale,
    {
      key: updated ? 'meetup.mail.updatedSubject' : subjects[kind],
      params: { title: meetup.title, date: shortWhen(locale, meetup) },
    },
    {
      name: user.name,
      course: place.courseTitle,
      meetup,
      when: whenText(locale, meetup),
      addressLines: addressLines(meetup),
      updated,
      meetupUrl,
      yesUrl: rsvpUrl(app, meetup.id, user.id, 'yes'),
      noUrl: rsvpUrl(app, meetup.id, user.id, 'no'),
      settingsUrl: absolute(app.config.baseUrl, paths.settings()),
      unsubscribeUrl: unsubscribeUrl(app, user.id),
    },
  );
  const attachments =
    kind === 'reminder'
      ? []
      : [
          {
            filename: 'invite.ics',
            contentType: 'text/calendar; charset=utf-8; method=REQUEST',
            content: meetupCalendar(meetup, {
              baseUrl: app.config.baseUrl,
              organizer: app.config.mailFrom,
              method: 'REQUEST',
              url: meetupUrl,
              attendee: { name: user.name, email: user.email },
              now: app.clock(),
            }),
          },
        ];
  return { key, kind: `meetup-${kind}`, ...mail, attachments };
}

/**
 * Invites every member of the cohort to this version of the meet-up (one mail per member and
 * sequence: pressing the button again sends nothing new; after an edit it sends the update,
 * and members who joined since get their first). Returns how many mails were queued, and
 * to how many members the meet-up is addressed: its learners, since organisers and admins
 * run it; they answer on the page if they come.
 */
export async function sendInvitations(
  app: FastifyInstance,
  meetup: Meetup,
  place: MeetupPlace,
): Promise<{ queued: number; members: number }> {
  const { queued, members } = await mailMembers(app, {
    cohortId: meetup.cohortId,
    compose: (user) =>
      compose(
        app,
        'invite',
        meetup,
        place,
        user,
        `meetup-invite:${meetup.id}:${meetup.sequence}:${user.id}`,
      ),
  });
  await markInvited(app.db, meetup.id, app.clock());
  return { queued, members };
}

/** Tells each promoted member their place; one mail per promotion. */
export async function notifyPromoted(app: FastifyInstance, promoted: Promoted[]): Promise<void> {
  if (promoted.length === 0) return;
  const meetup = await findMeetup(app.db, promoted[0]?.meetupId ?? 0);
  const place = meetup && (await placeOf(app, meetup));
  if (!meetup || !place) return;
  for (const p of promoted) {
    // Whatever their role: they answered the meet-up, so the answer's news reaches them.
    await mailMembers(app, {
      cohortId: meetup.cohortId,
      audience: 'everyone',
      where: eq(users.id, p.userId),
      compose: (user) =>
        compose(
          app,
          'promoted',
          meetup,
          place,
          user,
          `meetup-promoted:${meetup.id}:${p.userId}:${p.answeredAt.getTime()}`,
        ),
    });
  }
}

/**
 * The reminder to each member going (with `since`, only those who said yes or got a place
 * after it); returns how many were queued (none twice).
 */
export async function sendReminders(
  app: FastifyInstance,
  meetup: Meetup,
  since: Date | null,
): Promise<number> {
  // Read once someone is going: most ticks inside the last two days find nobody new.
  let place: MeetupPlace | null = null;
  const { queued } = await mailMembers(app, {
    cohortId: meetup.cohortId,
    audience: 'everyone',
    where: going(app.db, meetup, since),
    compose: async (user) => {
      place ??= await placeOf(app, meetup);
      if (!place) return;
      const key = `meetup-reminder:${meetup.id}:${meetup.startsAt.getTime()}:${user.id}`;
      return compose(app, 'reminder', meetup, place, user, key);
    },
  });
  return queued;
}
