// The meet-up for the digest (placeholder until the meet-up feature lands).
import type { Db } from '../../db/client.ts';

export async function meetupForDigest(
  _db: Db,
  _cohortId: number,
  _userId: number,
  _now: Date,
): Promise<{
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  place: string;
  status: 'going' | 'waitlisted' | 'declined' | null;
} | null> {
  return null;
}
