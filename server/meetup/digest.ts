// The meet-up for the digest: the cohort's meet-up once invited and until it ends, with this
// member's answer (null: not answered yet). One query.
import { and, eq, gt, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { meetups, rsvps } from '../../db/schema.ts';
import type { RsvpStatus } from './types.ts';

export async function meetupForDigest(
  db: Db,
  cohortId: number,
  userId: number,
  now: Date,
): Promise<{
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  place: string;
  status: 'going' | 'waitlisted' | 'declined' | null;
} | null> {
  const rows = await db
    .select({
      title: meetups.title,
      startsAt: meetups.startsAt,
      endsAt: meetups.endsAt,
      timezone: meetups.timezone,
      place: meetups.place,
      status: rsvps.status,
    })
    .from(meetups)
    .leftJoin(rsvps, and(eq(rsvps.meetupId, meetups.id), eq(rsvps.userId, userId)))
    .where(
      and(eq(meetups.cohortId, cohortId), isNotNull(meetups.invitedAt), gt(meetups.endsAt, now)),
    )
    .limit(1);
  const row = rows[0];
  return row ? { ...row, status: (row.status as RsvpStatus | null) ?? null } : null;
}
