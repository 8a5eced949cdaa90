// The meet-up for the digest: the cohort's meet-up once invited and until it ends, with this
// member's answer (null: not answered yet). The meet-up is the same for the whole cohort, so
// a digest run looks it up once (findDigestMeetup) and asks each member only for their answer.
import { and, eq, gt, isNotNull } from 'drizzle-orm';
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

export async function meetupForDigest(
  db: Db,
  cohortId: number,
  userId: number,
  now: Date,
  meetup: Promise<DigestMeetupRow | null> = findDigestMeetup(db, cohortId, now),
): Promise<
  (Omit<DigestMeetupRow, 'id'> & { status: 'going' | 'waitlisted' | 'declined' | null }) | null
> {
  const found = await meetup;
  if (!found) return null;
  const [answer] = await db
    .select({ status: rsvps.status })
    .from(rsvps)
    .where(and(eq(rsvps.meetupId, found.id), eq(rsvps.userId, userId)));
  const { id: _id, ...shown } = found;
  return { ...shown, status: (answer?.status as RsvpStatus | undefined) ?? null };
}
