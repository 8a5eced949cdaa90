// The one rule for "can this member see this room now", used by every page and action that
// shows or touches something in a room: room pages, exhibits, walls, threads and comments.
import { NotFoundError, PageError } from '../http/errors.ts';
import type { Membership } from './access.ts';

/**
 * The room in the member's cohort, with whether they may see it now: once it has opened, or
 * at any time for organisers (who prepare it). null when the cohort has no such room.
 */
export function roomAccess(member: Membership, roomId: string) {
  const index = member.schedule.findIndex((s) => s.room.id === roomId);
  const entry = member.schedule[index];
  if (!entry) return null;
  return { entry, index, visible: entry.open || member.organises };
}

/** A learner at a room that has not opened yet: a 403 that says when it will. */
export class RoomClosedError extends PageError {
  constructor(member: Membership, entry: NonNullable<ReturnType<typeof roomAccess>>['entry']) {
    const { cohort, course } = member;
    super(
      403,
      'errors/closed',
      { title: 'room.notOpenTitle', cohort, course, room: entry.room, opensAt: entry.opensAt },
      course.language,
    );
  }
}

/** The room's schedule entry and place in it; throws 404 or "not open yet" otherwise. */
export function openRoom(member: Membership, roomId: string) {
  const access = roomAccess(member, roomId);
  if (!access) throw new NotFoundError();
  if (!access.visible) throw new RoomClosedError(member, access.entry);
  return { entry: access.entry, index: access.index };
}
