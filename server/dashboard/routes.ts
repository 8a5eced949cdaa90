// The organiser's desk at a glance: who is here and active, activity per day as a chart,
// which rooms and exhibits stay silent, what other features report (peer feedback, the
// meet-up), mail trouble; and the participation export (CSV, one row per member).
import type { FastifyInstance } from 'fastify';
import { type Membership, memberOf, requireMember, requireOrganiser } from '../core/access.ts';
import { exhibitThread, formatThreadKey } from '../core/thread-key.ts';
import { csvLines, sendCsv } from '../http/csv.ts';
import { params, slugParam } from '../http/params.ts';
import { lineChart } from './chart.ts';
import {
  type Participation,
  participationCells,
  participationHeader,
  readParticipation,
} from './participation.ts';
import {
  countActivityPerDay,
  countLearners,
  countMail,
  countPostsByRoom,
  listCommentsByThread,
  listFailedMail,
  listVisitsByPlace,
} from './queries.ts';

const DAY_MS = 86_400_000;
/** Days shown in the activity chart. */
export const CHART_DAYS = 28;

export const sortKeys = ['visitors', 'comments', 'activity'] as const;
export type SortKey = (typeof sortKeys)[number];
/** The rooms table has one more column to sort by: wall posts. */
export const roomSortKeys = ['visitors', 'comments', 'posts', 'activity'] as const;
export type RoomSortKey = (typeof roomSortKeys)[number];
export type SortDir = 'asc' | 'desc';

export interface ExhibitRow {
  roomId: string;
  roomTitle: string;
  exhibitId: string;
  title: string;
  visitors: number;
  comments: number;
  lastActivity: Date | null;
}

/** The export's cells, a batch at a time. */
async function* batchCells(batches: AsyncIterable<Participation[]>) {
  for await (const rows of batches) yield rows.map(participationCells);
}

const dirOf = (raw: unknown): SortDir => (raw === 'desc' ? 'desc' : 'asc');

/** ?sort= and ?dir= as typed, or the default: fewest comments first (silent ones on top). */
export function parseSort(query: { sort?: unknown; dir?: unknown }): {
  sort: SortKey;
  dir: SortDir;
} {
  return { sort: sortKeys.find((k) => k === query.sort) ?? 'comments', dir: dirOf(query.dir) };
}

/** ?rsort= and ?rdir= for the rooms table; no key keeps the course order. */
export function parseRoomSort(query: { rsort?: unknown; rdir?: unknown }): {
  sort: RoomSortKey | null;
  dir: SortDir;
} {
  return { sort: roomSortKeys.find((k) => k === query.rsort) ?? null, dir: dirOf(query.rdir) };
}

type Sortable = { visitors: number; comments: number; posts?: number; lastActivity: Date | null };

/** Sorted by the key; ties keep the course order. No activity counts as the oldest. */
export function sortRows<T extends Sortable>(rows: T[], sort: RoomSortKey, dir: SortDir): T[] {
  const value = (r: T) =>
    sort === 'activity'
      ? (r.lastActivity?.getTime() ?? Number.NEGATIVE_INFINITY)
      : sort === 'posts'
        ? (r.posts ?? 0)
        : r[sort];
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = value(a.r);
      const vb = value(b.r);
      return va === vb ? a.i - b.i : va < vb ? -sign : sign;
    })
    .map((x) => x.r);
}

const latest = (...dates: (Date | null | undefined)[]) =>
  dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

async function placesReport(app: FastifyInstance, member: Membership) {
  const cohortId = member.cohort.id;
  const [visits, threads, posts] = await Promise.all([
    listVisitsByPlace(app.db, cohortId),
    listCommentsByThread(app.db, cohortId),
    countPostsByRoom(app.db, cohortId),
  ]);
  const visitOf = new Map(visits.map((v) => [`${v.roomId}/${v.exhibitId}`, v]));
  const threadOf = new Map(threads.map((t) => [`${t.roomId}|${t.thread}`, t]));
  const exhibits: ExhibitRow[] = [];
  const rooms = member.schedule.map(({ room, open, opensAt }) => {
    const rowsOfRoom = room.exhibits.map((exhibit) => {
      const v = visitOf.get(`${room.id}/${exhibit.id}`);
      const t = threadOf.get(`${room.id}|${formatThreadKey(exhibitThread(room.id, exhibit.id))}`);
      return {
        roomId: room.id,
        roomTitle: room.title,
        exhibitId: exhibit.id,
        title: exhibit.title,
        visitors: v?.visitors ?? 0,
        comments: t?.comments ?? 0,
        lastActivity: latest(v?.lastVisit, t?.lastComment),
      };
    });
    exhibits.push(...rowsOfRoom);
    const whole = visitOf.get(`${room.id}/`);
    const wall = threadOf.get(`${room.id}|wall:`);
    return {
      id: room.id,
      title: room.title,
      open,
      opensAt,
      visitors: whole?.visitors ?? 0,
      comments: rowsOfRoom.reduce((n, r) => n + r.comments, 0) + (wall?.comments ?? 0),
      posts: posts.get(room.id) ?? 0,
      lastActivity: latest(
        whole?.lastVisit,
        wall?.lastComment,
        ...rowsOfRoom.map((r) => r.lastActivity),
      ),
    };
  });
  return { rooms, exhibits };
}

/** Short day labels for the chart's axis ("3 mrt", "3 Mar"); full dates go in the table. */
function shortDay(locale: string) {
  const f = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return (day: string) => f.format(new Date(`${day}T12:00:00Z`));
}

export default async function dashboardRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  app.addHook('preHandler', requireOrganiser);

  app.get<{
    Params: { cohort: string };
    Querystring: { sort?: string; dir?: string; rsort?: string; rdir?: string };
  }>(
    '/c/:cohort/organise/dashboard',
    { schema: params({ cohort: slugParam }) },
    async (request, reply) => {
      const member = memberOf(request);
      const cohort = member.cohort;
      const now = app.clock();
      const { sort, dir } = parseSort(request.query);
      const roomSort = parseRoomSort(request.query);
      const [learners, days, places, panels, mail, failed] = await Promise.all([
        countLearners(app.db, cohort.id, new Date(now.getTime() - 7 * DAY_MS), now),
        countActivityPerDay(app.db, cohort, now, CHART_DAYS),
        placesReport(app, member),
        // Reports other features add (peer feedback, the meet-up).
        app.panels.dashboard.load({ app, member, now }),
        countMail(app.db, cohort.id),
        listFailedMail(app.db, cohort.id),
      ]);
      const locale = request.localeFor(member.course.language);
      return reply.page(
        'dashboard/index',
        {
          title: 'dashboard.title',
          cohort,
          course: member.course,
          now,
          learners,
          days,
          chartDays: CHART_DAYS,
          rooms: roomSort.sort ? sortRows(places.rooms, roomSort.sort, roomSort.dir) : places.rooms,
          exhibits: sortRows(places.exhibits, sort, dir),
          sort,
          dir,
          roomSort,
          panels,
          mail,
          failed,
          lineChart,
          shortDay: shortDay(locale),
          dayDate: (day: string) => new Date(`${day}T12:00:00Z`),
        },
        { locale },
      );
    },
  );

  app.get<{ Params: { cohort: string } }>(
    '/c/:cohort/organise/participation',
    { schema: params({ cohort: slugParam }) },
    async (request, reply) => {
      const member = memberOf(request);
      const csv = await csvLines(
        participationHeader,
        batchCells(readParticipation(app.db, member.cohort.id)),
      );
      return sendCsv(reply, `${member.cohort.slug}-participation.csv`, csv);
    },
  );
}
