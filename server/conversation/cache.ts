// Threads and rooms served from memory for a few seconds. A hot exhibit is read by hundreds of
// members at once and its first page is the same for all of them; reading it from the database
// and rendering it for every view cost ten times more than the page's fixed work (see
// docs/decisions/009-thread-cache.md). Writes in this process drop what they change at once;
// other processes see a change within the time to live.
import type { ThreadPage } from './queries.ts';
import type { Visitors } from './visits.ts';

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
  pages: Shelf<Promise<ThreadPage>>;
  /** The shared rendering of a first page, by cohort+thread. */
  html: Shelf<Promise<string[]>>;
  /** A member's liked comment ids in one thread, by cohort+thread. */
  likes: Shelf<Promise<Set<number>>>;
  /** A member's reported comment ids in one thread, by cohort+thread. */
  flags: Shelf<Promise<Set<number>>>;
  /** By cohort+room: comment totals per thread ('totals'), and each member's new comments
   * per exhibit since their last visit ('viewer:<id>'). */
  counts: Shelf<Promise<Map<string, number>>>;
  /** Who has been in a room, by cohort+room. */
  visitors: Shelf<Promise<Visitors>>;
  /** After any change to a thread's comments: its pages and its room's counts. */
  forgetThread(cohortId: number, thread: string, roomId: string): void;
  forgetLikes(cohortId: number, thread: string, userId: number): void;
  forgetFlags(cohortId: number, thread: string, userId: number): void;
  /** After a member's visit was written: their counts and the room's visitors. */
  forgetVisit(cohortId: number, roomId: string, userId: number): void;
  clear(): void;
}

export const threadGroup = (cohortId: number, thread: string) => `${cohortId}|${thread}`;
export const roomGroup = (cohortId: number, roomId: string) => `${cohortId}|${roomId}`;

export function createConversationCache(ttlMs: number): ConversationCache {
  const shelves = {
    pages: new Shelf<Promise<ThreadPage>>(ttlMs),
    html: new Shelf<Promise<string[]>>(ttlMs),
    likes: new Shelf<Promise<Set<number>>>(ttlMs),
    flags: new Shelf<Promise<Set<number>>>(ttlMs),
    counts: new Shelf<Promise<Map<string, number>>>(ttlMs),
    visitors: new Shelf<Promise<Visitors>>(ttlMs),
  };
  return {
    ...shelves,
    forgetThread(cohortId, thread, roomId) {
      const group = threadGroup(cohortId, thread);
      shelves.pages.drop(group);
      shelves.html.drop(group);
      shelves.counts.drop(roomGroup(cohortId, roomId));
    },
    forgetLikes(cohortId, thread, userId) {
      shelves.likes.drop(threadGroup(cohortId, thread), String(userId));
    },
    forgetFlags(cohortId, thread, userId) {
      shelves.flags.drop(threadGroup(cohortId, thread), String(userId));
    },
    forgetVisit(cohortId, roomId, userId) {
      const group = roomGroup(cohortId, roomId);
      shelves.counts.drop(group, `viewer:${userId}`);
      shelves.visitors.drop(group);
    },
    clear() {
      for (const shelf of Object.values(shelves)) shelf.clear();
    },
  };
}
