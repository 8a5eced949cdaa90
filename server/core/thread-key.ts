// Which conversation a comment belongs to. The database keeps it as one string per comment
// (comments.thread): `exhibit:<room>/<exhibit>` under an exhibit, `wall:<id>` under a find on
// a room's wall, `icebreaker:<room>` for the introductions pinned at the top of a room,
// `circle:<id>` in a circle's own space, `carnival:<id>` under a post in a room's blog
// carnival, `story:<room>` under the published story of a room's live hour. Code builds and
// reads those strings only here, so a thread is never taken apart with string slicing
// somewhere else. (SQL that matches them keeps its own literals.)

import { idPattern } from '../content/schemas.ts';
import { readId } from '../http/params.ts';
import { paths } from './paths.ts';

export type ThreadKey =
  | { kind: 'exhibit'; roomId: string; exhibitId: string }
  | { kind: 'wall'; contributionId: number }
  | { kind: 'circle'; circleId: number }
  | { kind: 'icebreaker'; roomId: string }
  | { kind: 'carnival'; entryId: number }
  | { kind: 'story'; roomId: string };

const exhibitPrefix = 'exhibit:';
const wallPrefix = 'wall:';
const circlePrefix = 'circle:';
const icebreakerPrefix = 'icebreaker:';
const carnivalPrefix = 'carnival:';
const storyPrefix = 'story:';

export const exhibitThread = (roomId: string, exhibitId: string): ThreadKey => ({
  kind: 'exhibit',
  roomId,
  exhibitId,
});

export const wallThread = (contributionId: number): ThreadKey => ({
  kind: 'wall',
  contributionId,
});

export const circleThread = (circleId: number): ThreadKey => ({ kind: 'circle', circleId });

export const carnivalThread = (entryId: number): ThreadKey => ({ kind: 'carnival', entryId });

/** The thread under a live hour's published story (one live hour per room and cohort). */
export const storyThread = (roomId: string): ThreadKey => ({ kind: 'story', roomId });

export const icebreakerThread = (roomId: string): ThreadKey => ({ kind: 'icebreaker', roomId });

/** The string stored in comments.thread. */
export function formatThreadKey(key: ThreadKey): string {
  if (key.kind === 'circle') return `${circlePrefix}${key.circleId}`;
  if (key.kind === 'icebreaker') return `${icebreakerPrefix}${key.roomId}`;
  if (key.kind === 'carnival') return `${carnivalPrefix}${key.entryId}`;
  if (key.kind === 'story') return `${storyPrefix}${key.roomId}`;
  return key.kind === 'exhibit'
    ? `${exhibitPrefix}${key.roomId}/${key.exhibitId}`
    : `${wallPrefix}${key.contributionId}`;
}

/** The key a stored string names, or null for anything this app could not have written. */
export function parseThreadKey(raw: unknown): ThreadKey | null {
  if (typeof raw !== 'string') return null;
  if (raw.startsWith(icebreakerPrefix)) {
    const roomId = raw.slice(icebreakerPrefix.length);
    return idPattern.test(roomId) ? icebreakerThread(roomId) : null;
  }
  if (raw.startsWith(storyPrefix)) {
    const roomId = raw.slice(storyPrefix.length);
    return idPattern.test(roomId) ? storyThread(roomId) : null;
  }
  if (raw.startsWith(wallPrefix)) {
    const id = readId(raw.slice(wallPrefix.length));
    return id === null ? null : wallThread(id);
  }
  if (raw.startsWith(circlePrefix)) {
    const id = readId(raw.slice(circlePrefix.length));
    return id === null ? null : circleThread(id);
  }
  if (raw.startsWith(carnivalPrefix)) {
    const id = readId(raw.slice(carnivalPrefix.length));
    return id === null ? null : carnivalThread(id);
  }
  if (!raw.startsWith(exhibitPrefix)) return null;
  const [roomId = '', exhibitId = '', ...rest] = raw.slice(exhibitPrefix.length).split('/');
  if (rest.length || !idPattern.test(roomId) || !idPattern.test(exhibitId)) return null;
  return exhibitThread(roomId, exhibitId);
}

/**
 * The page that shows the thread: the exhibit's, the find's on its room's wall, the room's
 * own (the icebreaker), the circle's, the carnival post's or the live hour's story. A find's
 * or a post's key does not say its room, so the caller gives the room the comment was posted in.
 */
export function threadHref(cohortSlug: string, key: ThreadKey, roomId: string): string {
  if (key.kind === 'circle') return paths.circle(cohortSlug, key.circleId);
  if (key.kind === 'icebreaker') return paths.room(cohortSlug, key.roomId);
  if (key.kind === 'carnival') return paths.carnivalEntry(cohortSlug, roomId, key.entryId);
  if (key.kind === 'story') return paths.live(cohortSlug, key.roomId, 'story');
  return key.kind === 'exhibit'
    ? paths.exhibit(cohortSlug, key.roomId, key.exhibitId)
    : paths.find(cohortSlug, roomId, key.contributionId);
}
