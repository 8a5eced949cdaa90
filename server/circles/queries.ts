// The circles' tables: opt-ins, forming, places, the bench, merges, guests' reads. Changes to
// who is in a circle lock the circle rows first (FOR UPDATE), so two joins, a placement and a
// merge at once never put a circle over its maximum or anyone in two circles.
import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type Circle,
  circleMembers,
  circleReads,
  circleSignups,
  circles,
  cohorts,
  users,
} from '../../db/schema.ts';
import type { CircleSettings } from '../content/types.ts';
import { type Applicant, allocate } from './allocation.ts';

/** No visit for this long and a member no longer counts as active. */
export const inactiveAfterMs = 10 * 24 * 3600 * 1000;

export type Signup = typeof circleSignups.$inferSelect;

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];

export async function findSignup(db: Db, cohortId: number, userId: number) {
  const [row] = await db
    .select()
    .from(circleSignups)
    .where(and(eq(circleSignups.cohortId, cohortId), eq(circleSignups.userId, userId)));
  return row ?? null;
}

export async function saveSignup(
  db: Db,
  input: {
    cohortId: number;
    userId: number;
    language: string;
    timeBand: string;
    commitment: string;
  },
): Promise<void> {
  const { cohortId, userId, ...answers } = input;
  await db
    .insert(circleSignups)
    .values(input)
    .onConflictDoUpdate({ target: [circleSignups.cohortId, circleSignups.userId], set: answers });
}

/** Opt-ins without a place in a circle: everyone before forming, the bench after. */
export async function listWaiting(db: Db, cohortId: number): Promise<Applicant[]> {
  return db
    .select({
      userId: circleSignups.userId,
      language: circleSignups.language,
      timeBand: circleSignups.timeBand,
      commitment: circleSignups.commitment,
    })
    .from(circleSignups)
    .where(
      and(
        eq(circleSignups.cohortId, cohortId),
        sql`not exists (select 1 from circle_members m where m.cohort_id = ${circleSignups.cohortId}
          and m.user_id = ${circleSignups.userId} and m.left_at is null)`,
      ),
    )
    .orderBy(asc(circleSignups.createdAt), asc(circleSignups.userId));
}

export async function countCircles(db: Db, cohortId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(circles).where(eq(circles.cohortId, cohortId));
  return Number(row?.n ?? 0);
}

/** Eight lowercase letters and digits: easy to read out, and typed in any case. */
const newCode = () =>
  randomBytes(8)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')
    .slice(0, 8);

/**
 * Makes the circles of an allocation, once: the cohort row is locked, so a second confirm
 * (another organiser, a double click) finds the circles made and makes none. The allocation
 * is made here from the opt-ins as they are now, with the seed the preview showed.
 */
export async function formCircles(
  db: Db,
  input: { cohortId: number; settings: CircleSettings; seed: number; now: Date },
): Promise<{ circles: number; placed: number; bench: number } | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from cohorts where id = ${input.cohortId} for update`);
    if ((await countCircles(tx as unknown as Db, input.cohortId)) > 0) return null;
    const waiting = await listWaiting(tx as unknown as Db, input.cohortId);
    const allocation = allocate(waiting, input.settings, input.seed);
    let placed = 0;
    for (const [i, people] of allocation.circles.entries()) {
      const [circle] = await tx
        .insert(circles)
        .values({ cohortId: input.cohortId, number: i + 1, code: newCode(), createdAt: input.now })
        .returning({ id: circles.id });
      if (!circle) continue;
      await tx.insert(circleMembers).values(
        people.map((p) => ({
          circleId: circle.id,
          cohortId: input.cohortId,
          userId: p.userId,
          joinedAt: input.now,
          seenAt: input.now,
        })),
      );
      placed += people.length;
    }
    return { circles: allocation.circles.length, placed, bench: allocation.bench.length };
  });
}

export async function findCircle(db: Db, id: number): Promise<Circle | null> {
  const [row] = await db.select().from(circles).where(eq(circles.id, id));
  return row ?? null;
}

/** The circle a member is in now in this cohort, or null. */
export async function findCurrentCircle(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<Circle | null> {
  return (await findCurrentCircles(db, cohortId, [userId])).get(userId) ?? null;
}

/** Each member's current circle, for several members at once (a digest batch), by member id. */
export async function findCurrentCircles(
  db: Db,
  cohortId: number,
  userIds: readonly number[],
): Promise<Map<number, Circle>> {
  const rows = await db
    .select({ userId: circleMembers.userId, circle: circles })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(
      and(
        eq(circleMembers.cohortId, cohortId),
        inArray(circleMembers.userId, [...userIds]),
        isNull(circleMembers.leftAt),
      ),
    );
  return new Map(rows.map((r) => [r.userId, r.circle]));
}

/** 'current', 'former' (they were in it: its thread stays theirs to read) or null. */
export async function placeIn(
  db: Db,
  circleId: number,
  userId: number,
): Promise<'current' | 'former' | null> {
  const rows = await db
    .select({ leftAt: circleMembers.leftAt })
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.userId, userId)));
  if (rows.some((r) => r.leftAt === null)) return 'current';
  return rows.length > 0 ? 'former' : null;
}

export interface CirclePerson {
  userId: number;
  name: string;
  seenAt: Date;
  offerChoice: string | null;
}

export async function listMembers(db: Db, circleId: number): Promise<CirclePerson[]> {
  return db
    .select({
      userId: circleMembers.userId,
      name: users.name,
      seenAt: circleMembers.seenAt,
      offerChoice: circleMembers.offerChoice,
    })
    .from(circleMembers)
    .innerJoin(users, eq(users.id, circleMembers.userId))
    .where(and(eq(circleMembers.circleId, circleId), isNull(circleMembers.leftAt)))
    .orderBy(asc(users.name), asc(users.id));
}

export async function noteSeen(db: Db, circleId: number, userId: number, now: Date) {
  await db
    .update(circleMembers)
    .set({ seenAt: now })
    .where(
      and(
        eq(circleMembers.circleId, circleId),
        eq(circleMembers.userId, userId),
        isNull(circleMembers.leftAt),
      ),
    );
}

type Locked = { id: number; current: number; active: number };

/** The open circles of a cohort, locked, with their current and active members. */
async function lockCircles(tx: Db, cohortId: number, now: Date, ids?: number[]): Promise<Locked[]> {
  const activeSince = new Date(now.getTime() - inactiveAfterMs).toISOString();
  const locked = rowsOf<{ id: number }>(
    await tx.execute(sql`select id from circles where cohort_id = ${cohortId}
      and closed_at is null ${ids ? sql`and id in ${ids}` : sql``} order by id for update`),
  );
  if (locked.length === 0) return [];
  const counts = rowsOf<{ id: number; current: number; active: number }>(
    await tx.execute(sql`select circle_id as id, count(*)::int as current,
      count(*) filter (where seen_at > ${activeSince}::timestamptz)::int as active
      from circle_members where left_at is null and circle_id in ${locked.map((l) => Number(l.id))}
      group by circle_id`),
  );
  const byId = new Map(counts.map((c) => [Number(c.id), c]));
  return locked.map((l) => ({
    id: Number(l.id),
    current: Number(byId.get(Number(l.id))?.current ?? 0),
    active: Number(byId.get(Number(l.id))?.active ?? 0),
  }));
}

async function insertPlace(tx: Db, circleId: number, cohortId: number, userId: number, now: Date) {
  await tx
    .insert(circleMembers)
    .values({ circleId, cohortId, userId, joinedAt: now, seenAt: now })
    .onConflictDoNothing();
}

export type CodeJoin = 'joined' | 'full' | 'unknown' | 'already';

/** Joins a friend's circle by its code, while it has fewer than `max` members. */
export async function joinByCode(
  db: Db,
  input: { cohortId: number; userId: number; code: string; max: number; now: Date },
): Promise<CodeJoin> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [circle] = await tx
      .select({ id: circles.id })
      .from(circles)
      .where(
        and(
          eq(circles.cohortId, input.cohortId),
          eq(circles.code, input.code),
          isNull(circles.closedAt),
        ),
      );
    if (!circle) return 'unknown';
    const [locked] = await lockCircles(tx, input.cohortId, input.now, [circle.id]);
    if (await findCurrentCircle(tx, input.cohortId, input.userId)) return 'already';
    if (!locked || locked.current >= input.max) return 'full';
    await insertPlace(tx, circle.id, input.cohortId, input.userId, input.now);
    return 'joined';
  });
}

/**
 * The minute tick's placement: each learner on the bench goes into the circle with the fewest
 * active members that is below `max` (ties: the smaller, then the older circle). Returns who
 * went where.
 */
export async function placeBench(
  db: Db,
  cohortId: number,
  max: number,
  now: Date,
): Promise<{ userId: number; circleId: number }[]> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const open = await lockCircles(tx, cohortId, now);
    if (open.length === 0) return [];
    const placed: { userId: number; circleId: number }[] = [];
    for (const person of await listWaiting(tx, cohortId)) {
      const target = open
        .filter((c) => c.current < max)
        .sort((a, b) => a.active - b.active || a.current - b.current || a.id - b.id)[0];
      if (!target) break;
      await insertPlace(tx, target.id, cohortId, person.userId, now);
      target.current++;
      target.active++;
      placed.push({ userId: person.userId, circleId: target.id });
    }
    return placed;
  });
}

/** Cohorts with circles and someone on the bench. */
export async function cohortsWithBench(db: Db): Promise<{ id: number; courseId: string }[]> {
  return db
    .select({ id: cohorts.id, courseId: cohorts.courseId })
    .from(cohorts)
    .where(
      sql`exists (select 1 from circles c where c.cohort_id = ${cohorts.id} and c.closed_at is null)
        and exists (select 1 from circle_signups s where s.cohort_id = ${cohorts.id}
          and not exists (select 1 from circle_members m where m.cohort_id = s.cohort_id
            and m.user_id = s.user_id and m.left_at is null))`,
    );
}

/** Leaving the cohort: the place is free at once, and the opt-in goes too. */
export async function leaveCircles(tx: Db, cohortId: number, userId: number, now: Date) {
  await tx
    .update(circleMembers)
    .set({ leftAt: now })
    .where(
      and(
        eq(circleMembers.cohortId, cohortId),
        eq(circleMembers.userId, userId),
        isNull(circleMembers.leftAt),
      ),
    );
  await tx
    .delete(circleSignups)
    .where(and(eq(circleSignups.cohortId, cohortId), eq(circleSignups.userId, userId)));
}

export async function setInvite(db: Db, circleId: number, on: boolean) {
  await db.update(circles).set({ inviteOrganisers: on }).where(eq(circles.id, circleId));
}

export async function setMeeting(db: Db, circleId: number, at: Date | null, note: string) {
  await db
    .update(circles)
    .set({ meetingAt: at, meetingNote: note })
    .where(eq(circles.id, circleId));
}

export async function logRead(db: Db, circleId: number, userId: number, now: Date) {
  await db.insert(circleReads).values({ circleId, userId, at: now });
}

export async function listReads(db: Db, circleId: number, limit = 10) {
  return db
    .select({ name: users.name, at: circleReads.at })
    .from(circleReads)
    .leftJoin(users, eq(users.id, circleReads.userId))
    .where(eq(circleReads.circleId, circleId))
    .orderBy(desc(circleReads.at))
    .limit(limit);
}

export type Health = 'healthy' | 'quiet' | 'stalled';

export interface CircleSummary {
  id: number;
  number: number;
  members: number;
  active: number;
  invited: boolean;
  health: Health;
}

/**
 * What organisers see of each circle: that it exists, its size and a signal, worked out from
 * when its members last came and last posted; never what they said.
 */
export async function listCircleSummaries(
  db: Db,
  cohortId: number,
  now: Date,
): Promise<CircleSummary[]> {
  const activeSince = new Date(now.getTime() - inactiveAfterMs).toISOString();
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select c.id, c.number, c.invite_organisers as invited, c.created_at,
      (select count(*)::int from circle_members m where m.circle_id = c.id and m.left_at is null) as members,
      (select count(*)::int from circle_members m where m.circle_id = c.id and m.left_at is null
        and m.seen_at > ${activeSince}::timestamptz) as active,
      (select max(x.created_at) from comments x where x.cohort_id = c.cohort_id
        and x.thread = 'circle:' || c.id and x.deleted_at is null) as last_post
      from circles c where c.cohort_id = ${cohortId} and c.closed_at is null order by c.number`),
  );
  const day = 24 * 3600 * 1000;
  return rows.map((r) => {
    // A circle nobody posted in yet counts from when it was formed: new is not stalled.
    const last = new Date(String(r.last_post ?? r.created_at)).getTime();
    const active = Number(r.active);
    const health: Health =
      active < 3 || now.getTime() - last > 14 * day
        ? 'stalled'
        : now.getTime() - last > 7 * day
          ? 'quiet'
          : 'healthy';
    return {
      id: Number(r.id),
      number: Number(r.number),
      members: Number(r.members),
      active,
      invited: Boolean(r.invited),
      health,
    };
  });
}

/** Open circles that fell below three active members and were not yet asked. */
export async function circlesToOffer(db: Db, now: Date): Promise<Circle[]> {
  const activeSince = new Date(now.getTime() - inactiveAfterMs).toISOString();
  return db
    .select()
    .from(circles)
    .where(
      and(
        isNull(circles.closedAt),
        isNull(circles.offerAt),
        sql`(select count(*) from circle_members m where m.circle_id = ${circles.id}
          and m.left_at is null and m.seen_at > ${activeSince}::timestamptz) < 3`,
        sql`exists (select 1 from circle_members m where m.circle_id = ${circles.id} and m.left_at is null)`,
      ),
    );
}

/** Marks the offer made; false when another process made it first. */
export async function markOffered(db: Db, circleId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(circles)
    .set({ offerAt: now })
    .where(and(eq(circles.id, circleId), isNull(circles.offerAt)))
    .returning({ id: circles.id });
  return rows.length > 0;
}

export type OfferOutcome =
  | { kind: 'counted' }
  | { kind: 'stayed' }
  | { kind: 'merged'; into: number; moved: number[] }
  | { kind: 'closed' };

/**
 * A member's answer to the merge offer. When most of the circle's members chose merge, they
 * all move to the smallest other open circle that has room for them (or the smallest); when
 * most chose stay, the circle stays. Both circles are locked, in id order, first.
 */
export async function answerOffer(
  db: Db,
  input: { circle: Circle; userId: number; choice: 'merge' | 'stay'; max: number; now: Date },
): Promise<OfferOutcome> {
  const { circle, now } = input;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const open = await lockCircles(tx, circle.cohortId, now);
    const self = open.find((c) => c.id === circle.id);
    const [fresh] = await tx.select().from(circles).where(eq(circles.id, circle.id));
    if (!self || !fresh || fresh.closedAt || !fresh.offerAt || fresh.offerDecision) {
      return { kind: 'closed' };
    }
    await tx
      .update(circleMembers)
      .set({ offerChoice: input.choice })
      .where(
        and(
          eq(circleMembers.circleId, circle.id),
          eq(circleMembers.userId, input.userId),
          isNull(circleMembers.leftAt),
        ),
      );
    const members = await tx
      .select({ userId: circleMembers.userId, choice: circleMembers.offerChoice })
      .from(circleMembers)
      .where(and(eq(circleMembers.circleId, circle.id), isNull(circleMembers.leftAt)));
    const merge = members.filter((m) => m.choice === 'merge').length;
    const stay = members.filter((m) => m.choice === 'stay').length;
    const majority = Math.floor(members.length / 2) + 1;
    if (stay >= majority || (merge < majority && stay + merge === members.length)) {
      await tx.update(circles).set({ offerDecision: 'stay' }).where(eq(circles.id, circle.id));
      return { kind: 'stayed' };
    }
    if (merge < majority) return { kind: 'counted' };
    const others = open.filter((c) => c.id !== circle.id);
    const target =
      others
        .filter((c) => c.current + members.length <= input.max)
        .sort((a, b) => a.current - b.current || a.id - b.id)[0] ??
      others.sort((a, b) => a.current - b.current || a.id - b.id)[0];
    if (!target) {
      await tx.update(circles).set({ offerDecision: 'stay' }).where(eq(circles.id, circle.id));
      return { kind: 'stayed' };
    }
    const moved = members.map((m) => m.userId);
    await tx
      .update(circleMembers)
      .set({ leftAt: now })
      .where(and(eq(circleMembers.circleId, circle.id), isNull(circleMembers.leftAt)));
    for (const userId of moved) await insertPlace(tx, target.id, circle.cohortId, userId, now);
    await tx
      .update(circles)
      .set({ offerDecision: 'merge', closedAt: now })
      .where(eq(circles.id, circle.id));
    return { kind: 'merged', into: target.id, moved };
  });
}

/** What happened in a circle's thread in a window, for one member's digest. */
export async function circleActivity(
  db: Db,
  input: { cohortId: number; circleId: number; userId: number; since: Date; until: Date },
) {
  const thread = `circle:${input.circleId}`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select count(*)::int as posts,
      coalesce(array_agg(distinct u.name) filter (where p.author_id = ${input.userId}), '{}') as repliers
      from comments c
      left join comments p on p.id = c.parent_id
      left join users u on u.id = c.author_id
      where c.cohort_id = ${input.cohortId} and c.thread = ${thread}
        and c.created_at > ${input.since.toISOString()}::timestamptz
        and c.created_at <= ${input.until.toISOString()}::timestamptz
        and c.hidden_at is null and c.deleted_at is null
        and c.author_id is distinct from ${input.userId}`),
  );
  const row = rows[0] ?? {};
  const repliers = Array.isArray(row.repliers) ? (row.repliers as string[]) : [];
  return { posts: Number(row.posts ?? 0), repliers: repliers.filter(Boolean) };
}

/** Current members' names and addresses, for the mails a circle's members get. */
export async function listMemberAddresses(db: Db, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(inArray(users.id, userIds));
}
