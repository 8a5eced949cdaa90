// Peer-feedback progress on the organisers' dashboard: per assignment, how much work was
// handed in, how many of the reviews it needs are done, who still waits for some, and how
// helpful reviewers found the feedback.
import type { DashboardView } from '../core/plugin.ts';
import { averageHelpfulness, listSubmissionStats } from './queries.ts';

export async function feedbackReport({ app, member, now }: DashboardView) {
  const reports = [];
  for (const { room } of member.schedule) {
    const assignment = room.assignment;
    if (!assignment) continue;
    const place = { cohortId: member.cohort.id, roomId: room.id };
    const [stats, helpfulness] = await Promise.all([
      listSubmissionStats(app.db, place, now),
      averageHelpfulness(app.db, place),
    ]);
    const required = assignment.reviewsRequired;
    reports.push({
      roomId: room.id,
      title: assignment.title,
      submissions: stats.length,
      reviews: stats.reduce((n, s) => n + Math.min(s.reviewsDone, required), 0),
      needed: stats.length * required,
      short: stats.filter((s) => s.reviewsDone < required).length,
      helpfulness: helpfulness === null ? null : Math.round(helpfulness * 10) / 10,
    });
  }
  return reports;
}
