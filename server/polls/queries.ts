// Votes and tallies. A ballot (one member, one question of one poll) is replaced whole when
// the answer changes; the trigger on poll_votes keeps poll_tallies exact, and a per-poll
// advisory lock keeps concurrent voters from locking tally rows in opposite orders.
import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cohorts, pollTallies, pollVotes } from '../../db/schema.ts';

/** One ballot as it is cast: the options in the order given, and the reason. */
export interface BallotInput {
  question: string;
  options: string[];
}

export interface Ballot {
  question: string;
  /** In position order. */
  options: string[];
  reason: string | null;
  at: Date;
}

const lockPoll = (tx: Db, cohortId: number, pollId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`poll:${cohortId}:${pollId}`}))`);

/** Replaces the member's answer to a poll (every question of a scan at once). */
export async function castVote(
  db: Db,
  input: {
    cohortId: number;
    pollId: string;
    userId: number;
    ballots: BallotInput[];
    reason: string | null;
    now: Date;
  },
): Promise<void> {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await lockPoll(tx, input.cohortId, input.pollId);
    await tx
      .delete(pollVotes)
      .where(
        and(
          eq(pollVotes.cohortId, input.cohortId),
          eq(pollVotes.pollId, input.pollId),
          eq(pollVotes.userId, input.userId),
        ),
      );
    const rows = input.ballots.flatMap((b) =>
      b.options.map((option, i) => ({
        cohortId: input.cohortId,
        pollId: input.pollId,
        question: b.question,
        userId: input.userId,
        option,
        position: i + 1,
        reason: i === 0 ? input.reason : null,
        createdAt: input.now,
      })),
    );
    if (rows.length) await tx.insert(pollVotes).values(rows);
  });
}

/** Removes a member's votes in a cohort (leaving it), or everywhere (cohortId null). */
export async function deleteVotes(db: Db, userId: number, cohortId: number | null): Promise<void> {
  const polls = await db
    .selectDistinct({ cohortId: pollVotes.cohortId, pollId: pollVotes.pollId })
    .from(pollVotes)
    .where(
      cohortId === null
        ? eq(pollVotes.userId, userId)
        : and(eq(pollVotes.userId, userId), eq(pollVotes.cohortId, cohortId)),
    )
    .orderBy(pollVotes.cohortId, pollVotes.pollId);
  for (const p of polls) {
    const run = async (tx: Db) => {
      await lockPoll(tx, p.cohortId, p.pollId);
      await tx
        .delete(pollVotes)
        .where(
          and(
            eq(pollVotes.cohortId, p.cohortId),
            eq(pollVotes.pollId, p.pollId),
            eq(pollVotes.userId, userId),
          ),
        );
    };
    // Inside a departure the caller's transaction is already open.
    if (cohortId === null) await db.transaction((t) => run(t as unknown as Db));
    else await run(db);
  }
}

/** The member's ballots on these polls, by poll id. */
export async function findBallots(
  db: Db,
  cohortId: number,
  userId: number,
  pollIds: string[],
): Promise<Map<string, Ballot[]>> {
  return (await findMembersBallots(db, cohortId, [userId], pollIds)).get(userId) ?? new Map();
}

/** Several members' ballots on these polls, by member and poll id (for a digest batch). */
export async function findMembersBallots(
  db: Db,
  cohortId: number,
  userIds: readonly number[],
  pollIds: string[],
): Promise<Map<number, Map<string, Ballot[]>>> {
  const out = new Map<number, Map<string, Ballot[]>>();
  if (!pollIds.length || !userIds.length) return out;
  const rows = await db
    .select({
      userId: pollVotes.userId,
      pollId: pollVotes.pollId,
      question: pollVotes.question,
      option: pollVotes.option,
      position: pollVotes.position,
      reason: pollVotes.reason,
      at: pollVotes.createdAt,
    })
    .from(pollVotes)
    .where(
      and(
        eq(pollVotes.cohortId, cohortId),
        inArray(pollVotes.userId, [...userIds]),
        inArray(pollVotes.pollId, pollIds),
      ),
    )
    .orderBy(
      asc(pollVotes.userId),
      asc(pollVotes.pollId),
      asc(pollVotes.question),
      asc(pollVotes.position),
    );
  for (const r of rows) {
    if (r.userId === null) continue;
    const mine = out.get(r.userId) ?? new Map<string, Ballot[]>();
    out.set(r.userId, mine);
    const list = mine.get(r.pollId) ?? [];
    let ballot = list.find((b) => b.question === r.question);
    if (!ballot) {
      ballot = { question: r.question, options: [], reason: null, at: r.at };
      list.push(ballot);
    }
    ballot.options.push(r.option);
    if (r.position === 1) ballot.reason = r.reason;
    mine.set(r.pollId, list);
  }
  return out;
}

export interface TallyRow {
  pollId: string;
  question: string;
  option: string;
  position: number;
  votes: number;
}

/** The tallies of these polls (rows with votes only). */
export async function findTallies(
  db: Db,
  cohortId: number,
  pollIds: string[],
): Promise<TallyRow[]> {
  if (!pollIds.length) return [];
  return db
    .select({
      pollId: pollTallies.pollId,
      question: pollTallies.question,
      option: pollTallies.option,
      position: pollTallies.position,
      votes: pollTallies.votes,
    })
    .from(pollTallies)
    .where(
      and(
        eq(pollTallies.cohortId, cohortId),
        inArray(pollTallies.pollId, pollIds),
        gt(pollTallies.votes, 0),
      ),
    );
}

/** The newest reasons given in a poll, with the option they came with; no names. */
export async function findReasons(
  db: Db,
  cohortId: number,
  pollId: string,
  limit = 60,
): Promise<{ question: string; option: string; reason: string }[]> {
  const rows = await db
    .select({ question: pollVotes.question, option: pollVotes.option, reason: pollVotes.reason })
    .from(pollVotes)
    .where(
      and(
        eq(pollVotes.cohortId, cohortId),
        eq(pollVotes.pollId, pollId),
        eq(pollVotes.position, 1),
        isNotNull(pollVotes.reason),
      ),
    )
    .orderBy(desc(pollVotes.createdAt), desc(pollVotes.id))
    .limit(limit);
  return rows.flatMap((r) => (r.reason ? [{ ...r, reason: r.reason }] : []));
}

/**
 * How members who answered both polls moved: their first choice in `earlier` and in `later`,
 * per question, counted.
 */
export async function findShift(
  db: Db,
  cohortId: number,
  earlier: string,
  later: string,
): Promise<{ question: string; from: string; to: string; members: number }[]> {
  const a = db
    .select({ userId: pollVotes.userId, question: pollVotes.question, option: pollVotes.option })
    .from(pollVotes)
    .where(
      and(
        eq(pollVotes.cohortId, cohortId),
        eq(pollVotes.pollId, earlier),
        eq(pollVotes.position, 1),
      ),
    )
    .as('a');
  const rows = await db
    .select({
      question: pollVotes.question,
      from: a.option,
      to: pollVotes.option,
      members: sql<number>`count(*)::int`,
    })
    .from(pollVotes)
    .innerJoin(a, and(eq(a.userId, pollVotes.userId), eq(a.question, pollVotes.question)))
    .where(
      and(eq(pollVotes.cohortId, cohortId), eq(pollVotes.pollId, later), eq(pollVotes.position, 1)),
    )
    .groupBy(pollVotes.question, a.option, pollVotes.option);
  return rows;
}

/** Everything a person voted, for "export my data". */
export function exportVotes(db: Db, userId: number) {
  return db
    .select({
      cohort: cohorts.slug,
      poll: pollVotes.pollId,
      question: pollVotes.question,
      option: pollVotes.option,
      position: pollVotes.position,
      reason: pollVotes.reason,
      createdAt: pollVotes.createdAt,
    })
    .from(pollVotes)
    .innerJoin(cohorts, eq(cohorts.id, pollVotes.cohortId))
    .where(eq(pollVotes.userId, userId))
    .orderBy(cohorts.slug, pollVotes.pollId, pollVotes.question, pollVotes.position);
}
