// Peer feedback for organisers: per assignment the submissions with their reviews and open
// leases, who still owes reviews, which work is still short, and a CSV of it all.
import type { FastifyInstance } from 'fastify';
import { type Membership, memberOf, requireMember, requireOrganiser } from '../core/access.ts';
import { sendCsv, toCsv } from '../http/csv.ts';
import { NotFoundError } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { windowsFor } from './deadlines.ts';
import { averageHelpfulness, countReviewsByOthers, listSubmissionStats } from './queries.ts';

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Where one room's peer feedback stands; a 404 for a room without an assignment. */
async function assignmentReport(app: FastifyInstance, member: Membership, roomId: string) {
  const entry = member.schedule.find((s) => s.room.id === roomId);
  const assignment = entry?.room.assignment;
  if (!entry || !assignment) throw new NotFoundError();
  const place = { cohortId: member.cohort.id, roomId };
  const now = app.clock();
  const [stats, byOthers, helpfulness] = await Promise.all([
    listSubmissionStats(app.db, place, now),
    countReviewsByOthers(app.db, place),
    averageHelpfulness(app.db, place),
  ]);
  const windows = windowsFor(assignment, entry.opensAt, member.cohort.timezone);
  const required = assignment.reviewsRequired;
  return {
    room: entry.room,
    open: entry.open,
    assignment,
    windows,
    overdue: now >= windows.reviewBy,
    stats,
    totals: {
      submissions: stats.length,
      late: stats.filter((s) => s.late).length,
      reviews: stats.reduce((n, s) => n + s.reviewsDone, 0),
      byOthers,
      leases: stats.reduce((n, s) => n + s.openLeases, 0),
      helpfulness: round(helpfulness),
    },
    short: stats.filter((s) => s.reviewsDone < required),
    owing: stats.filter((s) => s.given < assignment.reviewsPerLearner),
  };
}

export default async function feedbackOrganiseRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  app.addHook('preHandler', requireOrganiser);

  app.get<{ Params: { cohort: string } }>(
    '/c/:cohort/organise/feedback',
    { schema: params({ cohort: slugParam }) },
    async (request, reply) => {
      const member = memberOf(request);
      const reports = [];
      for (const s of member.schedule) {
        if (s.room.assignment) reports.push(await assignmentReport(app, member, s.room.id));
      }
      return reply.page(
        'feedback/organise',
        {
          title: 'feedback.organiseTitle',
          cohort: member.cohort,
          course: member.course,
          reports,
          round,
        },
        { locale: request.localeFor(member.course.language) },
      );
    },
  );

  app.get<{ Params: { cohort: string; room: string } }>(
    '/c/:cohort/organise/feedback/:room/export',
    { schema: params({ cohort: slugParam, room: slugParam }) },
    async (request, reply) => {
      const member = memberOf(request);
      const report = await assignmentReport(app, member, request.params.room);
      const csv = toCsv(
        [
          'submission',
          'author',
          'email',
          'submitted_at',
          'late',
          'reviews_received',
          'open_leases',
          'helpfulness_received',
          'reviews_given',
        ],
        report.stats.map((s) => [
          s.id,
          s.authorName,
          s.authorEmail,
          s.createdAt,
          s.late ? 'yes' : 'no',
          s.reviewsDone,
          s.openLeases,
          round(s.helpfulness) ?? '',
          s.given,
        ]),
      );
      return sendCsv(reply, `${member.cohort.slug}-${report.room.id}-feedback.csv`, csv);
    },
  );
}
