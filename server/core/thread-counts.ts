// thread_counts is kept by a trigger that appends deltas rather than updating a thread's row
// (migration 0005: posts to one busy thread never queue on a lock). Readers fold the deltas
// in first, in one statement: the deltas it deletes are the ones it adds, so two folds at
// once, in two processes, cannot count a delta twice.
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.ts';

/** Folds the pending deltas of one room, or of the whole cohort, into thread_counts. */
export async function foldThreadCounts(db: Db, cohortId: number, roomId?: string): Promise<void> {
  const inRoom = roomId === undefined ? sql`` : sql` AND room_id = ${roomId}`;
  const shrunk = rowsOf<{ thread: string }>(
    await db.execute(sql`
    WITH moved AS (
      DELETE FROM thread_count_deltas WHERE cohort_id = ${cohortId}${inRoom}
      RETURNING thread, room_id, delta, last_at),
    folded AS (
      INSERT INTO thread_counts (cohort_id, thread, room_id, comments, last_at)
        SELECT ${cohortId}, thread, min(room_id), sum(delta), max(last_at) FROM moved
        GROUP BY thread
      ON CONFLICT (cohort_id, thread) DO UPDATE SET
        comments = thread_counts.comments + EXCLUDED.comments,
        last_at = greatest(thread_counts.last_at, EXCLUDED.last_at))
    SELECT DISTINCT thread FROM moved WHERE delta < 0`),
  );
  if (shrunk.length === 0) return;
  // A comment hidden or removed may have been the newest: those few threads (moderation is
  // rare) read their newest visible comment again, one index step each.
  await db.execute(sql`
    UPDATE thread_counts t SET last_at = (SELECT max(c.created_at) FROM comments c
      WHERE c.cohort_id = t.cohort_id AND c.thread = t.thread
        AND c.hidden_at IS NULL AND c.deleted_at IS NULL)
    WHERE t.cohort_id = ${cohortId}
      AND t.thread IN (${sql.join(
        shrunk.map((r) => sql`${r.thread}`),
        sql`, `,
      )})`);
}
