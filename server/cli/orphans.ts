// For `npm run content:check --db`: rooms and exhibits that learners already talked about
// (comments, finds on the wall, handed-in work, visits) but that are not in the content any
// more, usually because a file or folder was renamed without pinning its old `id:`. The
// conversation is still in the database under the old id; pinning it brings it back.
import { count, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cohorts, comments, contributions, submissions, visits } from '../../db/schema.ts';
import type { Catalogue } from '../content/types.ts';
import { parseThreadKey } from '../core/thread-key.ts';

export interface Orphan {
  kind: 'course' | 'room' | 'exhibit';
  courseId: string;
  /** course id, room id, or room/exhibit. */
  id: string;
  cohorts: string[];
  comments: number;
  contributions: number;
  submissions: number;
  visits: number;
}

type Tally = Omit<Orphan, 'kind' | 'courseId' | 'id' | 'cohorts'>;
const emptyTally = (): Tally => ({ comments: 0, contributions: 0, submissions: 0, visits: 0 });

/** Counts per cohort and room in one table, for the check's one-off group-bys. */
async function perRoom(db: Db, table: typeof comments | typeof contributions | typeof submissions) {
  return db
    .select({ cohortId: table.cohortId, roomId: table.roomId, n: count() })
    .from(table)
    .groupBy(table.cohortId, table.roomId);
}

export async function findOrphans(db: Db, catalogue: Catalogue): Promise<Orphan[]> {
  const cohortRows = await db
    .select({ id: cohorts.id, slug: cohorts.slug, courseId: cohorts.courseId })
    .from(cohorts);
  const cohortOf = new Map(cohortRows.map((c) => [c.id, c]));
  const found = new Map<string, Orphan>();
  const tally = (
    kind: Orphan['kind'],
    cohortId: number,
    id: string,
    field: keyof Tally,
    n: number,
  ) => {
    const cohort = cohortOf.get(cohortId);
    if (!cohort) return;
    const key = `${kind}:${cohort.courseId}:${id}`;
    let o = found.get(key);
    if (!o) {
      o = { kind, courseId: cohort.courseId, id, cohorts: [], ...emptyTally() };
      found.set(key, o);
    }
    if (!o.cohorts.includes(cohort.slug)) o.cohorts.push(cohort.slug);
    o[field] += n;
  };

  // A cohort whose course is gone: everything in it is missing; one line says so.
  const courseOf = (cohortId: number) => {
    const cohort = cohortOf.get(cohortId);
    return cohort ? catalogue.courses.get(cohort.courseId) : undefined;
  };
  const roomMissing = (cohortId: number, roomId: string) => {
    const course = courseOf(cohortId);
    return Boolean(course && !course.rooms.some((r) => r.id === roomId));
  };

  const [commentRooms, contributionRooms, submissionRooms, visitRooms, threads] = await Promise.all(
    [
      perRoom(db, comments),
      perRoom(db, contributions),
      perRoom(db, submissions),
      db
        .select({ cohortId: visits.cohortId, roomId: visits.roomId, n: count() })
        .from(visits)
        .groupBy(visits.cohortId, visits.roomId),
      db
        .select({ cohortId: comments.cohortId, thread: comments.thread, n: count() })
        .from(comments)
        .where(like(comments.thread, 'exhibit:%'))
        .groupBy(comments.cohortId, comments.thread),
    ],
  );
  const rooms: [typeof commentRooms, keyof Tally][] = [
    [commentRooms, 'comments'],
    [contributionRooms, 'contributions'],
    [submissionRooms, 'submissions'],
    [visitRooms, 'visits'],
  ];
  for (const [rows, field] of rooms) {
    for (const r of rows) {
      const n = Number(r.n);
      if (!courseOf(r.cohortId)) {
        const cohort = cohortOf.get(r.cohortId);
        if (cohort) tally('course', r.cohortId, cohort.courseId, field, n);
      } else if (roomMissing(r.cohortId, r.roomId)) {
        tally('room', r.cohortId, r.roomId, field, n);
      }
    }
  }
  for (const t of threads) {
    const key = parseThreadKey(t.thread);
    if (key?.kind !== 'exhibit') continue;
    const { roomId, exhibitId } = key;
    const course = courseOf(t.cohortId);
    // A missing room (or course) has its own line already: pinning that is the fix.
    const room = course?.rooms.find((r) => r.id === roomId);
    if (!room || room.exhibits.some((e) => e.id === exhibitId)) continue;
    tally('exhibit', t.cohortId, `${roomId}/${exhibitId}`, 'comments', Number(t.n));
  }
  const order = { course: 0, room: 1, exhibit: 2 };
  for (const o of found.values()) o.cohorts.sort();
  return [...found.values()].sort(
    (a, b) =>
      a.courseId.localeCompare(b.courseId) ||
      order[a.kind] - order[b.kind] ||
      a.id.localeCompare(b.id),
  );
}

const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

/**
 * One line, e.g. "content: exhibit welcome/drawing has 12 comments in cohort spring but is not
 * in the content any more: if you renamed its file, pin the old id with `id: drawing`".
 */
export function formatOrphan(o: Orphan): string {
  const what = [
    o.comments || o.kind === 'exhibit' ? plural(o.comments, 'comment', 'comments') : '',
    o.contributions ? plural(o.contributions, 'find on the wall', 'finds on the wall') : '',
    o.submissions
      ? plural(o.submissions, 'piece of handed-in work', 'pieces of handed-in work')
      : '',
    o.visits ? plural(o.visits, 'visit', 'visits') : '',
  ].filter(Boolean);
  const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what.at(-1)}` : what[0];
  const where = `${o.cohorts.length === 1 ? 'cohort' : 'cohorts'} ${o.cohorts.join(', ')}`;
  const leaf = o.id.slice(o.id.lastIndexOf('/') + 1);
  const fix =
    o.kind === 'exhibit'
      ? `if you renamed its file, pin the old id with \`id: ${leaf}\``
      : o.kind === 'room'
        ? `if you renamed its folder, pin the old id with \`id: ${leaf}\` in its room.md`
        : `if you renamed its folder, pin the old id with \`id: ${leaf}\` in its course.md`;
  return `content: ${o.kind} ${o.id} has ${list} in ${where} but is not in the content any more: ${fix}`;
}
