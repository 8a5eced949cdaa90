// The organiser's dashboard: cohort-wide counts, each one aggregate query in SQL (never a
// loop over members in JavaScript). Where a count would read every comment of a large
// cohort, triggers keep it (thread_counts, activity_counts) and the query reads those.
import { sql } from 'drizzle-orm';
import { type Db, rowsOf, sqlTime } from '../../db/client.ts';
import { inPublicThread } from '../core/public-threads.ts';
import { foldThreadCounts } from '../core/thread-counts.ts';

// Circles' talk is private to them (docs/decisions/019): no count here includes it.
const cThread = inPublicThread(sql.raw('c.thread'));
const bareThread = inPublicThread(sql.raw('thread'));

const DAY_MS = 86_400_000;

export interface LearnerCounts {
  enrolled: number;
  /** Learners with a visit, comment, wall post or completed review since `since`. */
  active: number;
  /** Learners who enrolled since `since`. */
  joined: number;
}

/** Learners of the cohort: enrolled, active and new in (since, now]. */
export async function countLearners(
  db: Db,
  cohortId: number,
  since: Date,
  now: Date,
): Promise<LearnerCounts> {
  const from = sqlTime(since);
  const to = sqlTime(now);
  // Who was active is one pass over each table's rows in the window (by its time index),
  // not four lookups per learner: at 10,000 learners that was 40,000 index probes a page.
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    WITH active AS (
      SELECT user_id FROM visits
        WHERE cohort_id = ${cohortId} AND last_at > ${from} AND last_at <= ${to}
      UNION SELECT author_id FROM comments c
        WHERE c.cohort_id = ${cohortId} AND c.created_at > ${from} AND c.created_at <= ${to}
          AND ${cThread}
      UNION SELECT author_id FROM contributions
        WHERE cohort_id = ${cohortId} AND created_at > ${from} AND created_at <= ${to}
      UNION SELECT reviewer_id FROM reviews
        WHERE cohort_id = ${cohortId} AND completed_at > ${from} AND completed_at <= ${to})
    SELECT count(*)::int AS enrolled,
      count(*) FILTER (WHERE e.created_at > ${from} AND e.created_at <= ${to})::int AS joined,
      count(a.user_id)::int AS active
    FROM enrolments e LEFT JOIN active a ON a.user_id = e.user_id
    WHERE e.cohort_id = ${cohortId} AND e.role = 'learner'`),
  );
  const r = rows[0] ?? {};
  return {
    enrolled: Number(r.enrolled ?? 0),
    active: Number(r.active ?? 0),
    joined: Number(r.joined ?? 0),
  };
}

export interface DayActivity {
  /** The local date in the cohort's time zone, YYYY-MM-DD. */
  day: string;
  comments: number;
  posts: number;
  reviews: number;
}

/** The last `days` local dates up to now's date in `timeZone`, oldest first (YYYY-MM-DD). */
export function lastDays(now: Date, timeZone: string, days: number): string[] {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const base = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) =>
    new Date(base - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/**
 * Folds the deltas the activity triggers appended into activity_counts, for one cohort or
 * (the minute tick, so they never pile up unread) for all. One statement, as thread counts
 * fold: two folds at once cannot count a delta twice.
 */
export async function foldActivityCounts(db: Db, cohortId?: number): Promise<void> {
  const ofCohort = cohortId === undefined ? sql`` : sql` WHERE cohort_id = ${cohortId}`;
  await db.execute(sql`
    WITH moved AS (
      DELETE FROM activity_count_deltas${ofCohort} RETURNING cohort_id, bucket, kind, delta)
    INSERT INTO activity_counts (cohort_id, bucket, kind, n)
      SELECT cohort_id, bucket, kind, sum(delta) FROM moved GROUP BY cohort_id, bucket, kind
    ON CONFLICT (cohort_id, bucket, kind) DO UPDATE SET n = activity_counts.n + EXCLUDED.n`);
}

/**
 * Visible comments, visible wall posts and completed reviews per local day of the cohort,
 * for each of the last `days` days (days without any are zeros).
 */
export async function countActivityPerDay(
  db: Db,
  cohort: { id: number; timezone: string },
  now: Date,
  days: number,
): Promise<DayActivity[]> {
  const keys = lastDays(now, cohort.timezone, days);
  await foldActivityCounts(db, cohort.id);
  // One day extra either side of the window covers any time-zone offset; the keys filter.
  const from = sqlTime(new Date(now.getTime() - (days + 1) * DAY_MS));
  const to = sqlTime(now);
  const rows = rowsOf<{ day: string; kind: string; n: number }>(
    await db.execute(sql`
    SELECT to_char(bucket AT TIME ZONE ${cohort.timezone}::text, 'YYYY-MM-DD') AS day, kind,
      sum(n)::int AS n
    FROM activity_counts WHERE cohort_id = ${cohort.id} AND bucket > ${from} AND bucket <= ${to}
    GROUP BY 1, kind`),
  );
  const byDay = new Map(keys.map((day) => [day, { day, comments: 0, posts: 0, reviews: 0 }]));
  for (const r of rows) {
    const entry = byDay.get(r.day);
    if (entry && (r.kind === 'comments' || r.kind === 'posts' || r.kind === 'reviews')) {
      entry[r.kind] = Number(r.n);
    }
  }
  return [...byDay.values()];
}

export interface PlaceActivity {
  roomId: string;
  /** '' for the room as a whole (its page and every exhibit). */
  exhibitId: string;
  visitors: number;
  lastVisit: Date | null;
}

/**
 * Distinct visitors and the latest visit per exhibit, and per room over all its pages.
 * Learners only: an organiser previewing every room must not make a silent room look visited.
 */
export async function listVisitsByPlace(db: Db, cohortId: number): Promise<PlaceActivity[]> {
  // A visit row is one member at one place, so an exhibit's visitors are its rows: only the
  // room as a whole needs a distinct count (per room and member, then counted), and neither
  // needs a sort; count(DISTINCT) sorted 100,000 rows on disk at 10,000 learners.
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    WITH learner_visits AS MATERIALIZED (
      SELECT v.room_id, v.exhibit_id, v.user_id, v.last_at FROM visits v
        JOIN enrolments e ON e.cohort_id = v.cohort_id AND e.user_id = v.user_id
          AND e.role = 'learner'
        WHERE v.cohort_id = ${cohortId}),
    room_visitors AS (
      SELECT room_id, max(last_at) AS last_at FROM learner_visits GROUP BY room_id, user_id)
    SELECT room_id, exhibit_id, count(*)::int AS visitors, max(last_at) AS last_visit
      FROM learner_visits WHERE exhibit_id <> ''
      GROUP BY room_id, exhibit_id
    UNION ALL
    SELECT room_id, '', count(*)::int, max(last_at)
      FROM room_visitors
      GROUP BY room_id`),
  );
  return rows.map((r) => ({
    roomId: String(r.room_id),
    exhibitId: String(r.exhibit_id),
    visitors: Number(r.visitors),
    lastVisit: r.last_visit ? new Date(r.last_visit as string) : null,
  }));
}

export interface ThreadActivity {
  thread: string;
  roomId: string;
  /** Visible comments (not hidden, not removed), replies included. */
  comments: number;
  lastComment: Date | null;
}

/**
 * Per exhibit thread and per room's wall (`wall:*` summed per room): visible comments and
 * the latest, from the trigger-kept thread_counts rather than every comment of the cohort.
 */
export async function listCommentsByThread(db: Db, cohortId: number): Promise<ThreadActivity[]> {
  await foldThreadCounts(db, cohortId);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    SELECT CASE WHEN thread LIKE 'wall:%' THEN 'wall:' ELSE thread END AS thread,
      room_id, sum(comments)::int AS comments, max(last_at) AS last_comment
    FROM thread_counts WHERE cohort_id = ${cohortId} AND ${bareThread}
    GROUP BY 1, room_id`),
  );
  return rows.map((r) => ({
    thread: String(r.thread),
    roomId: String(r.room_id),
    comments: Number(r.comments),
    lastComment: r.last_comment ? new Date(r.last_comment as string) : null,
  }));
}

/** Visible wall posts per room. */
export async function countPostsByRoom(db: Db, cohortId: number): Promise<Map<string, number>> {
  const rows = rowsOf<{ room_id: string; n: number }>(
    await db.execute(sql`SELECT room_id, count(*)::int AS n FROM contributions
      WHERE cohort_id = ${cohortId} AND hidden_at IS NULL GROUP BY room_id`),
  );
  return new Map(rows.map((r) => [String(r.room_id), Number(r.n)]));
}

export interface MailCounts {
  sent: number;
  /** Pending again after a failed attempt. */
  retrying: number;
  /** Not tried yet, or being sent right now. */
  pending: number;
  failed: number;
}

export interface FailedMail {
  id: number;
  kind: string;
  name: string | null;
  queuedAt: Date;
  attempts: number;
  reason: string;
}

// Mail "of the cohort" is mail to its members; someone in two cohorts counts in both.
const memberMail = (cohortId: number) =>
  sql`o.user_id IN (SELECT m.user_id FROM enrolments m WHERE m.cohort_id = ${cohortId})`;

/** The outbox for the cohort's members, by state. */
export async function countMail(db: Db, cohortId: number): Promise<MailCounts> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    SELECT count(*) FILTER (WHERE o.status = 'sent')::int AS sent,
      count(*) FILTER (WHERE o.status = 'pending' AND o.attempts > 0)::int AS retrying,
      count(*) FILTER (WHERE (o.status = 'pending' AND o.attempts = 0) OR o.status = 'sending')::int AS pending,
      count(*) FILTER (WHERE o.status = 'failed')::int AS failed
    FROM outbox o WHERE ${memberMail(cohortId)}`),
  );
  const r = rows[0] ?? {};
  return {
    sent: Number(r.sent ?? 0),
    retrying: Number(r.retrying ?? 0),
    pending: Number(r.pending ?? 0),
    failed: Number(r.failed ?? 0),
  };
}

/**
 * The mails that gave up most recently (their last retry was due latest), with the reason;
 * never a subject or a body.
 */
export async function listFailedMail(db: Db, cohortId: number, limit = 5): Promise<FailedMail[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    SELECT o.id, o.kind, u.name, o.created_at, o.attempts, o.last_error
      FROM outbox o LEFT JOIN users u ON u.id = o.user_id
     WHERE o.status = 'failed' AND ${memberMail(cohortId)}
     ORDER BY o.next_attempt_at DESC, o.id DESC LIMIT ${limit}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: String(r.kind),
    name: r.name === null || r.name === undefined ? null : String(r.name),
    queuedAt: new Date(r.created_at as string),
    attempts: Number(r.attempts),
    reason: r.last_error ? String(r.last_error) : '',
  }));
}
