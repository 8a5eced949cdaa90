// The meet-up on the organisers' dashboard: when it is and how many answered what. The panel
// shows without a meet-up too (it says there is none), so its data is never null.
import type { DashboardView } from '../core/plugin.ts';
import { countAnswers, findMeetupOfCohort } from './queries.ts';

export async function meetupReport({ app, member }: DashboardView) {
  const meetup = await findMeetupOfCohort(app.db, member.cohort.id);
  if (!meetup) return { meetup: null };
  return {
    meetup: {
      title: meetup.title,
      startsAt: meetup.startsAt,
      timezone: meetup.timezone,
      answers: await countAnswers(app.db, meetup.id),
    },
  };
}
