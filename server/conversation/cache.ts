// Threads and rooms served from memory for a few seconds. A hot exhibit is read by hundreds of
// members at once and its first page is the same for all of them; reading it from the database
// and rendering it for every view cost ten times more than the page's fixed work (see
// docs/decisions/009-thread-cache.md). Writes in this process drop what they change at once;
// other processes see a change within the time to live.

interface Entry<V> {
  at: number;
  value: V;
}

/**
 * Values grouped by what a write invalidates (one thread, one room), so a new comment drops
 * every sort, language and viewer entry of its thread in one step. Values may be promises:
 * concurrent cold reads then share one database trip, and a failed load is not kept.
 */
export class Shelf<V> {
  private groups = new Map<string, Map<string, Entry<V>>>();

  constructor(
    private ttlMs: number,
    private now: () => number = Date.now,
    private maxGroups = 2000,
  ) {}

  get(group: string, key: string, load: () => V): V {
    const now = this.now();
    let entries = this.groups.get(group);
    const hit = entries?.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    if (this.ttlMs <= 0) return value;
    if (!entries) {
      // The oldest group goes first; Map keeps insertion order.
      if (this.groups.size >= this.maxGroups)
        this.groups.delete(this.groups.keys().next().value ?? '');
      entries = new Map();
      this.groups.set(group, entries);
    }
    entries.set(key, { at: now, value });
    if (value instanceof Promise) {
      const kept = entries;
      value.catch(() => {
        if (kept.get(key)?.value === value) kept.delete(key);
      });
    }
    return value;
  }

  drop(group: string, key?: string): void {
    if (key === undefined) this.groups.delete(group);
    else this.groups.get(group)?.delete(key);
  }

  clear(): void {
    this.groups.clear();
  }
}

/** The shelves of the conversation feature, one set per app. */
export interface ConversationCache {
  /** First pages of threads (rows, no viewer state), by cohort+thread. */
  pages: Shelf<Promise<unknown>>;
  /** The shared rendering of a first page, by cohort+thread. */
  html: Shelf<Promise<string[]>>;
  /** A member's liked comment ids in one thread, by cohort+thread. */
  likes: Shelf<Promise<Set<number>>>;
  /** Comment totals of a room, and each member's view of it, by cohort+room. */
  rooms: Shelf<Promise<unknown>>;
  /** After any change to a thread's comments: its pages and its room's counts. */
  forgetThread(cohortId: number, thread: string, roomId: string): void;
  forgetLikes(cohortId: number, thread: string, userId: number): void;
  /** After a member's visit was written: their view of the room. */
  forgetVisit(cohortId: number, roomId: string, userId: number): void;
  clear(): void;
}

export const threadGroup = (cohortId: number, thread: string) => `${cohortId}|${thread}`;
export const roomGroup = (cohortId: number, roomId: string) => `${cohortId}|${roomId}`;

export function createConversationCache(ttlMs: number): ConversationCache {
  const cache = {
    pages: new Shelf<Promise<unknown>>(ttlMs),
    html: new Shelf<Promise<string[]>>(ttlMs),
    likes: new Shelf<Promise<Set<number>>>(ttlMs),
    rooms: new Shelf<Promise<unknown>>(ttlMs),
    forgetThread(cohortId: number, thread: string, roomId: string) {
      const group = threadGroup(cohortId, thread);
      cache.pages.drop(group);
      cache.html.drop(group);
      cache.rooms.drop(roomGroup(cohortId, roomId));
    },
    forgetLikes(cohortId: number, thread: string, userId: number) {
      cache.likes.drop(threadGroup(cohortId, thread), String(userId));
    },
    forgetVisit(cohortId: number, roomId: string, userId: number) {
      cache.rooms.drop(roomGroup(cohortId, roomId), `viewer:${userId}`);
    },
    clear() {
      for (const shelf of [cache.pages, cache.html, cache.likes, cache.rooms]) shelf.clear();
    },
  };
  return cache;
}
