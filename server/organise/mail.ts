// The invitation for a co-organiser: a sign-in and enrolment link with a few words on what
// organising means (views/emails/organise-invite.*).
import type { FastifyInstance } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import type { Locale } from '../i18n/index.ts';

export function inviteMail(
  app: FastifyInstance,
  invite: { locale: Locale; name: string; inviter: string; cohort: Cohort; course: Course },
) {
  const { locale, name, inviter, cohort, course } = invite;
  return (url: string, minutes: number) =>
    app.renderMail(
      'organise-invite',
      locale,
      { key: 'organise.invite.subject', params: { course: course.title } },
      { name, inviter, url, minutes, course: course.title, cohortName: cohort.name },
    );
}
