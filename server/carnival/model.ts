// When a room's carnival takes posts, who hosts it, and where its round-up goes: worked out
// from the course's carnival.md and the cohort's schedule, never stored.
import type { Carnival } from '../content/carnival.ts';
import type { Room } from '../content/types.ts';
import type { Membership } from '../core/access.ts';
import type { CohortContext } from '../core/context.ts';
import { roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';

const day = 24 * 3600 * 1000;

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
  const start = entry.opensAt.getTime();
  return {
    room: entry.room,
    carnival,
    opensAt: new Date(start + carnival.opensAfterDays * day),
    closesAt: new Date(start + carnival.closesAfterDays * day),
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
