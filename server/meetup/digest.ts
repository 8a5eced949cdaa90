// The meet-up for the digest: the cohort's meet-up once invited and until it ends, with this
// member's answer (null: not answered yet). The meet-up is the same for the whole cohort, so
// a digest run looks it up once (findDigestMeetup), and the answers a batch of members at once.
import { and, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { meetups, rsvps } from '../../db/schema.ts';
import type { RsvpStatus } from './types.ts';

export interface DigestMeetupRow {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  place: string;
}

export async function findDigestMeetup(
  db: Db,
  cohortId: number,
  now: Date,
): Promise<DigestMeetupRow | null> {
  const [row] = await db
    .select({
      id: meetups.id,
      title: meetups.title,
      startsAt: meetups.startsAt,
      endsAt: meetups.endsAt,
      timezone: meetups.timezone,
      place: meetups.place,
    })
    .from(meetups)
    .where(
      and(eq(meetups.cohortId, cohortId), isNotNull(meetups.invitedAt), gt(meetups.endsAt, now)),
    )
    .limit(1);
  return row ?? null;
}

/** Members' answers to the meet-up, by member id (for a digest batch). */
export async function findAnswers(
  db: Db,
  meetupId: number,
  userIds: readonly number[],
): Promise<Map<number, RsvpStatus>> {
  const rows = await db
    .select({ userId: rsvps.userId, status: rsvps.status })
    .from(rsvps)
    .where(and(eq(rsvps.meetupId, meetupId), inArray(rsvps.userId, [...userIds])));
  return new Map(rows.map((r) => [r.userId, r.status as RsvpStatus]));
}

export async function meetupForDigest(
  db: Db,
  cohortId: number,
  userId: number,
  now: Date,
  meetup: Promise<DigestMeetupRow | null> = findDigestMeetup(db, cohortId, now),
  answer: (meetupId: number) => Promise<RsvpStatus | undefined> = async (meetupId) =>
    (await findAnswers(db, meetupId, [userId])).get(userId),
): Promise<(Omit<DigestMeetupRow, 'id'> & { status: RsvpStatus | null }) | null> {
  const found = await meetup;
  if (!found) return null;
  const status = await answer(found.id);
  const { id: _id, ...shown } = found;
  return { ...shown, status: status ?? null };
}
