// When a room's carnival takes posts, who hosts it, and where its round-up goes: worked out
// from the course's carnival.md and the cohort's schedule, never stored.
import { DateTime } from 'luxon';
import type { Carnival } from '../content/carnival.ts';
import type { Room } from '../content/types.ts';
import type { Membership } from '../core/access.ts';
import type { CohortContext } from '../core/context.ts';
import { roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';

export type CarnivalPhase = 'before' | 'open' | 'closed';

export interface CarnivalPlace {
  room: Room;
  carnival: Carnival;
  opensAt: Date;
  closesAt: Date;
  /** The room after the carnival's, where its round-up is published; null for the last room. */
  nextRoom: Room | null;
}

/** The carnival of a room in this cohort, with its dates, or null. */
export function carnivalIn(context: CohortContext, roomId: string): CarnivalPlace | null {
  const index = context.schedule.findIndex((s) => s.room.id === roomId);
  const entry = context.schedule[index];
  const carnival = entry?.room.carnival;
  if (!entry || !carnival) return null;
  // Calendar days in the cohort's zone, as a poll's closes_after_days: across a change to or
  // from summer time the carnival still opens and closes at the hour its room opened.
  const start = DateTime.fromJSDate(entry.opensAt, { zone: context.cohort.timezone });
  return {
    room: entry.room,
    carnival,
    opensAt: start.plus({ days: carnival.opensAfterDays }).toJSDate(),
    closesAt: start.plus({ days: carnival.closesAfterDays }).toJSDate(),
    nextRoom: context.schedule[index + 1]?.room ?? null,
  };
}

export function phaseOf(place: CarnivalPlace, now: Date): CarnivalPhase {
  if (now.getTime() < place.opensAt.getTime()) return 'before';
  return now.getTime() < place.closesAt.getTime() ? 'open' : 'closed';
}

/** The carnival a member may see (its room is open to them), or a 404. */
export function visibleCarnival(member: Membership, roomId: string): CarnivalPlace {
  const place = carnivalIn(member, roomId);
  if (!place || !roomAccess(member, roomId)?.visible) throw new NotFoundError();
  return place;
}

/** Organisers always host; a learner does when carnival.md names their address. */
export function hosts(place: CarnivalPlace, member: Membership, email: string): boolean {
  if (member.organises) return true;
  return place.carnival.host !== 'organisers' && place.carnival.host === email.toLowerCase();
}

/** The carnival whose round-up a room shows: the previous room's. */
export function carnivalBefore(context: CohortContext, roomId: string): CarnivalPlace | null {
  const index = context.schedule.findIndex((s) => s.room.id === roomId);
  const previous = index > 0 ? context.schedule[index - 1] : undefined;
  return previous ? carnivalIn(context, previous.room.id) : null;
}
