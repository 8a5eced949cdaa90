// The one rule for "can this member see this room now", used by every page and action that
// shows or touches something in a room: room pages, exhibits, walls, threads and comments.
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
