// The organisers' view of every poll in the cohort: participation and the distribution, under
// the same small-number rule as learners see, on the dashboard and as a CSV.
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { enrolments } from '../../db/schema.ts';
import type { Poll } from '../content/polls.ts';
import { memberOf, requireMember, requireOrganiser } from '../core/access.ts';
import type { DashboardView } from '../core/plugin.ts';
import { sendCsv, toCsv } from '../http/csv.ts';
import { params, slugParam } from '../http/params.ts';
import { findTallies } from './queries.ts';
import { type QuestionResult, questionResults } from './results.ts';

export interface PollReport {
  poll: Poll;
  place: string;
  results: QuestionResult[];
}

/** Everyone who may answer, organisers too: their answers count, so "N of M" never passes M. */
async function memberCount(db: Db, cohortId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(enrolments)
    .where(eq(enrolments.cohortId, cohortId));
  return row?.n ?? 0;
}

export async function pollReports(app: FastifyInstance, cohortId: number, polls: Poll[]) {
  const tallies = await findTallies(
    app.db,
    cohortId,
    polls.map((p) => p.id),
  );
  return polls.map((poll) => ({
    poll,
    results: questionResults(poll, tallies, [], []),
  }));
}

export async function pollsDashboard({ app, member }: DashboardView) {
  const polls = [...member.course.polls.values()];
  if (!polls.length) return null;
  const rooms = new Map(member.course.rooms.map((r) => [r.id, r]));
  const [reports, members] = await Promise.all([
    pollReports(app, member.cohort.id, polls),
    memberCount(app.db, member.cohort.id),
  ]);
  return {
    members,
    reports: reports.map((r): PollReport => {
      const room = rooms.get(r.poll.roomId);
      const exhibit = room?.exhibits.find((e) => e.id === r.poll.exhibitId);
      return { ...r, place: exhibit ? `${room?.title} › ${exhibit.title}` : (room?.title ?? '') };
    }),
  };
}

export default async function pollsDeskRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  app.addHook('preHandler', requireOrganiser);

  app.get<{ Params: { cohort: string } }>(
    '/c/:cohort/organise/polls.csv',
    { schema: params({ cohort: slugParam }) },
    async (request, reply) => {
      const member = memberOf(request);
      const reports = await pollReports(app, member.cohort.id, [...member.course.polls.values()]);
      const rows = reports.flatMap(({ poll, results }) =>
        results.flatMap((q) =>
          q.bars.map((bar) => [
            poll.roomId,
            poll.exhibitId ?? '',
            poll.id,
            poll.type,
            q.id,
            q.text,
            bar.key,
            bar.label,
            q.voters,
            // The small-number rule holds here too: a count that could name someone stays out.
            q.enough ? bar.votes : '',
          ]),
        ),
      );
      const csv = toCsv(
        [
          'room',
          'exhibit',
          'poll',
          'type',
          'question_id',
          'question',
          'option_key',
          'option',
          'answers',
          'votes',
        ],
        rows,
      );
      return sendCsv(reply, `${member.cohort.slug}-polls.csv`, csv);
    },
  );
}
