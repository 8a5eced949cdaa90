// A member who leaves the cohort gives up their answer to its meet-up if it is still to
// come: a place goes to the next on the waitlist (who is told, as after any "no"), and a
// waitlisted answer can no longer be promoted to someone who is not in the cohort.
import type { FastifyInstance } from 'fastify';
import { notifyPromoted } from './mail.ts';
import { findAnswer, findMeetupOfCohort } from './queries.ts';
import { answerMeetup } from './rsvp.ts';

export async function giveUpMeetupPlace(
  app: FastifyInstance,
  cohortId: number,
  userId: number,
): Promise<void> {
  const now = app.clock();
  const meetup = await findMeetupOfCohort(app.db, cohortId);
  if (!meetup || meetup.endsAt <= now) return;
  const answer = await findAnswer(app.db, meetup.id, userId);
  if (!answer || answer.status === 'declined') return;
  const { promoted } = await answerMeetup(app.db, {
    meetupId: meetup.id,
    userId,
    answer: 'no',
    now,
  });
  await notifyPromoted(app, promoted);
}
