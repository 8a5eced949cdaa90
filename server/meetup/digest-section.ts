// The meet-up in the digest, from the invitation until it ends, with this member's answer.
// Only a question still open (no answer yet) makes the mail worth sending, and is named in
// the subject when there is room.
import { type DigestSection, perMemberInRun, sharedInRun } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { findAnswers, findDigestMeetup, meetupForDigest } from './digest.ts';

export type DigestMeetup = NonNullable<Awaited<ReturnType<typeof meetupForDigest>>> & {
  href: string;
};

export const meetupDigest: DigestSection<DigestMeetup> = {
  name: 'meetup',
  order: 50,
  view: 'meetup/_digest',
  async load(app, request) {
    const { context, user, until } = request;
    const meetup = await meetupForDigest(
      app.db,
      context.cohort.id,
      user.id,
      until,
      sharedInRun(request, 'meetup', () => findDigestMeetup(app.db, context.cohort.id, until)),
      (meetupId) =>
        perMemberInRun(request, 'meetup:answers', (userIds) =>
          findAnswers(app.db, meetupId, userIds),
        ),
    );
    if (!meetup) return null;
    return { ...meetup, href: absolute(app.config.baseUrl, paths.meetup(context.cohort.slug)) };
  },
  worthSending: (meetup) => meetup.status === null,
  subject: (meetup, tr) =>
    meetup.status === null ? [{ rank: 70, text: tr.t('digest.subject.meetup') }] : [],
};
