// A member who leaves the cohort (or is removed from it) gives up their answer to its meet-up
// if it is still to come: a place goes to the next on the waitlist (who is told, as after any
// "no"), and a waitlisted answer can no longer be promoted to someone who is not in the
// cohort. Runs inside the membership change's transaction (app.membership).
import type { FastifyInstance } from 'fastify';
import type { DepartureHook } from '../core/membership.ts';
import { notifyPromoted } from './mail.ts';
import { findAnswer, findMeetupOfCohort } from './queries.ts';
import { answerMeetup } from './rsvp.ts';

export function giveUpMeetupPlace(app: FastifyInstance): DepartureHook {
  return async (tx, { cohortId, userId, at }) => {
    const meetup = await findMeetupOfCohort(tx, cohortId);
    if (!meetup || meetup.endsAt <= at) return;
    const answer = await findAnswer(tx, meetup.id, userId);
    if (!answer || answer.status === 'declined') return;
    const { promoted } = await answerMeetup(tx, {
      meetupId: meetup.id,
      userId,
      answer: 'no',
      now: at,
    });
    // After the commit: a crash before it leaves the promotion to the minute tick's
    // safety net (promotions.ts), which mails promotions nobody was told about.
    return () => notifyPromoted(app, promoted);
  };
}
