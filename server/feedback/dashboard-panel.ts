// Peer-feedback progress on the organisers' dashboard: per assignment, how much work was
// handed in, how many of the reviews it needs are done, who still waits for some, and how
// helpful reviewers found the feedback. Aggregates only: the dashboard of a cohort of
// 10,000 must not read a row per submission.
import type { DashboardView } from '../core/plugin.ts';
import { averageHelpfulness, summariseAssignment } from './queries.ts';

export async function feedbackReport({ app, member }: DashboardView) {
  const assignments = member.schedule.flatMap(({ room }) =>
    room.assignment ? [{ roomId: room.id, assignment: room.assignment }] : [],
  );
  return Promise.all(
    assignments.map(async ({ roomId, assignment }) => {
      const place = { cohortId: member.cohort.id, roomId };
      const required = assignment.reviewsRequired;
      const [progress, helpfulness] = await Promise.all([
        summariseAssignment(app.db, place, required),
        averageHelpfulness(app.db, place),
      ]);
      return {
        roomId,
        title: assignment.title,
        submissions: progress.submissions,
        reviews: progress.reviews,
        needed: progress.submissions * required,
        short: progress.short,
        helpfulness: helpfulness === null ? null : Math.round(helpfulness * 10) / 10,
      };
    }),
  );
}
