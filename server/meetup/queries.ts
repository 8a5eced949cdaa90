// The meet-up's queries: the one meet-up of a cohort, saving it, who was invited, the answers
// and their counts. Answering itself (with the waitlist) lives in rsvp.ts.
import { and, asc, count, eq, exists, gt, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, type Meetup, meetups, type Rsvp, rsvps, users } from '../../db/schema.ts';
import type { MeetupValues } from './forms.ts';
import { fillPlaces } from './rsvp.ts';
import type { Promoted, RsvpStatus } from './types.ts';

export async function findMeetupOfCohort(db: Db, cohortId: number): Promise<Meetup | null> {
  const rows = await db.select().from(meetups).where(eq(meetups.cohortId, cohortId)).limit(1);
  return rows[0] ?? null;
}

export async function findMeetup(db: Db, id: number): Promise<Meetup | null> {
  const rows = await db.select().from(meetups).where(eq(meetups.id, id)).limit(1);
  return rows[0] ?? null;
}

/** What the cohort home shows: one small row, or null. */
export async function findMeetupTeaser(
  db: Db,
  cohortId: number,
): Promise<Pick<Meetup, 'title' | 'startsAt' | 'endsAt' | 'timezone' | 'invitedAt'> | null> {
  const rows = await db
    .select({
      title: meetups.title,
      startsAt: meetups.startsAt,
      endsAt: meetups.endsAt,
      timezone: meetups.timezone,
      invitedAt: meetups.invitedAt,
    })
    .from(meetups)
    .where(eq(meetups.cohortId, cohortId))
    .limit(1);
  return rows[0] ?? null;
}

const same = (a: MeetupValues, m: Meetup) =>
  a.title === m.title &&
  a.startsAt.getTime() === m.startsAt.getTime() &&
  a.endsAt.getTime() === m.endsAt.getTime() &&
  a.timezone === m.timezone &&
  a.place === m.place &&
  a.address === m.address &&
  a.descriptionMd === m.descriptionMd &&
  a.capacity === m.capacity;

/**
 * Creates or updates the cohort's meet-up. After an invitation, a real change bumps the
 * sequence (calendar apps replace an event only for a higher one); a new start time makes the
 * reminder due again. More places promote from the waitlist at once; fewer never remove
 * anyone already going.
 */
export async function saveMeetup(
  db: Db,
  cohortId: number,
  values: MeetupValues & { descriptionHtml: string },
  now: Date,
): Promise<{ meetup: Meetup; changed: boolean; promoted: Promoted[] }> {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const [old] = await tx
      .select()
      .from(meetups)
      .where(eq(meetups.cohortId, cohortId))
      .for('update');
    if (!old) {
      const [created] = await tx
        .insert(meetups)
        .values({ cohortId, ...values, createdAt: now, updatedAt: now })
        .returning();
      if (!created) throw new Error('meet-up not created');
      return { meetup: created, changed: true, promoted: [] };
    }
    if (same(values, old)) return { meetup: old, changed: false, promoted: [] };
    const moved = values.startsAt.getTime() !== old.startsAt.getTime();
    const [updated] = await tx
      .update(meetups)
      .set({
        ...values,
        sequence: old.invitedAt ? old.sequence + 1 : old.sequence,
        remindedAt: moved ? null : old.remindedAt,
        updatedAt: now,
      })
      .where(eq(meetups.id, old.id))
      .returning();
    if (!updated) throw new Error('meet-up vanished');
    const promoted = await fillPlaces(txDb, updated, now);
    return { meetup: updated, changed: true, promoted };
  });
}

export async function markInvited(db: Db, meetupId: number, now: Date): Promise<void> {
  await db.update(meetups).set({ invitedAt: now }).where(eq(meetups.id, meetupId));
}

export interface Invitee {
  id: number;
  name: string;
  email: string;
  locale: string;
  digest: string;
}

const inviteeColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  locale: users.locale,
  digest: users.digest,
};

/** One enrolled member, or null (left the cohort, or never in it). */
export async function findInvitee(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<Invitee | null> {
  const rows = await db
    .select(inviteeColumns)
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Learners of the cohort who have not answered the meet-up (yes or no) yet. */
export async function countUnanswered(
  db: Db,
  meetup: Pick<Meetup, 'id' | 'cohortId'>,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(enrolments)
    .leftJoin(rsvps, and(eq(rsvps.meetupId, meetup.id), eq(rsvps.userId, enrolments.userId)))
    .where(
      and(
        eq(enrolments.cohortId, meetup.cohortId),
        eq(enrolments.role, 'learner'),
        isNull(rsvps.userId),
      ),
    );
  return Number(row?.n ?? 0);
}

export type Counts = Record<RsvpStatus, number>;

export async function countAnswers(db: Db, meetupId: number): Promise<Counts> {
  const rows = await db
    .select({ status: rsvps.status, n: count() })
    .from(rsvps)
    .where(eq(rsvps.meetupId, meetupId))
    .groupBy(rsvps.status);
  const counts: Counts = { going: 0, waitlisted: 0, declined: 0 };
  for (const r of rows) counts[r.status as RsvpStatus] = Number(r.n);
  return counts;
}

export async function findAnswer(db: Db, meetupId: number, userId: number): Promise<Rsvp | null> {
  const rows = await db
    .select()
    .from(rsvps)
    .where(and(eq(rsvps.meetupId, meetupId), eq(rsvps.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}

/** 1 for the first on the waitlist: the same order promotion follows. */
export async function waitlistPosition(db: Db, answer: Rsvp): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(rsvps)
    .where(
      and(
        eq(rsvps.meetupId, answer.meetupId),
        eq(rsvps.status, 'waitlisted'),
        or(
          lt(rsvps.answeredAt, answer.answeredAt),
          and(eq(rsvps.answeredAt, answer.answeredAt), lt(rsvps.userId, answer.userId)),
        ),
      ),
    );
  return Number(row?.n ?? 0) + 1;
}

export interface AnswerRow {
  name: string;
  email: string;
  status: RsvpStatus;
  answeredAt: Date;
  promotedAt: Date | null;
}

/** Going first, then the waitlist in its order, then those not coming. */
export async function listAnswers(db: Db, meetupId: number): Promise<AnswerRow[]> {
  const rows = await db
    .select({
      name: users.name,
      email: users.email,
      status: rsvps.status,
      answeredAt: rsvps.answeredAt,
      promotedAt: rsvps.promotedAt,
    })
    .from(rsvps)
    .innerJoin(users, eq(users.id, rsvps.userId))
    .where(eq(rsvps.meetupId, meetupId))
    .orderBy(
      sql`CASE ${rsvps.status} WHEN 'going' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END`,
      asc(rsvps.answeredAt),
      asc(rsvps.userId),
    );
  return rows.map((r) => ({ ...r, status: r.status as RsvpStatus }));
}

/**
 * Members whose answer is "going", as a condition on enrolments; with `since`, only those who
 * said yes (or got a place) after it.
 */
export function going(db: Db, meetup: Pick<Meetup, 'id'>, since: Date | null = null): SQL {
  return exists(
    db
      .select({ one: sql`1` })
      .from(rsvps)
      .where(
        and(
          eq(rsvps.meetupId, meetup.id),
          eq(rsvps.userId, enrolments.userId),
          eq(rsvps.status, 'going'),
          since ? or(gt(rsvps.answeredAt, since), gt(rsvps.promotedAt, since)) : undefined,
        ),
      ),
  );
}
