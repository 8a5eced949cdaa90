// Threads and rooms served from memory for a few seconds. A hot exhibit is read by hundreds of
// members at once and its first page is the same for all of them; reading it from the database
// and rendering it for every view cost ten times more than the page's fixed work (see
// docs/decisions/009-thread-cache.md). Writes in this process drop what they change at once
// (writes.ts); other processes see a change within the time to live.
import type { Db } from '../../db/client.ts';
import type { Locale } from '../i18n/index.ts';
import {
  countNewSinceVisits,
  countRoomComments,
  listMarkedInThread,
  readThreadPage,
  type ThreadPage,
  type ThreadQuery,
} from './queries.ts';
import { listVisitTimes, roomVisitors, type Visitors, type VisitTimes } from './visits.ts';

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
    // A clock set back (tests walk through a cohort's weeks) makes an entry stale, not eternal.
    if (hit && now >= hit.at && now - hit.at < this.ttlMs) return hit.value;
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

const threadGroup = (cohortId: number, thread: string) => `${cohortId}|${thread}`;
const roomGroup = (cohortId: number, roomId: string) => `${cohortId}|${roomId}`;

/**
 * The conversation's hot reads, one per app. Each read names what it needs (a thread by its
 * stored key, a room, a member) and loads it on a miss; how entries are keyed is this file's
 * business. The writes in writes.ts tell it what changed. Time is the app's clock, so a test
 * that moves the clock moves the time to live with it.
 */
export class ConversationCache {
  /** First pages of threads (rows, no viewer state). */
  readonly #pages: Shelf<Promise<ThreadPage>>;
  /** The shared rendering of a first page. */
  readonly #html: Shelf<Promise<string[]>>;
  /** A member's liked and reported comment ids in one thread. */
  readonly #likes: Shelf<Promise<Set<number>>>;
  readonly #flags: Shelf<Promise<Set<number>>>;
  /** Per room: comment totals per thread, and each member's new comments since their visit. */
  readonly #counts: Shelf<Promise<Map<string, number>>>;
  /** Who has been in a room. */
  readonly #visitors: Shelf<Promise<Visitors>>;
  /** Per room: when each member was last at each of its exhibits. */
  readonly #visits: Shelf<Promise<Map<string, VisitTimes>>>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
    now: () => number,
  ) {
    this.#pages = new Shelf(ttlMs, now);
    this.#html = new Shelf(ttlMs, now);
    this.#likes = new Shelf(ttlMs, now);
    this.#flags = new Shelf(ttlMs, now);
    this.#counts = new Shelf(ttlMs, now);
    this.#visitors = new Shelf(ttlMs, now);
    this.#visits = new Shelf(ttlMs, now);
  }

  /** A thread's first page, shared by readers who see the same comments (organisers apart). */
  firstPage(q: ThreadQuery & { after: null }): Promise<ThreadPage> {
    const group = threadGroup(q.cohortId, q.thread);
    return this.#pages.get(group, `${q.sort}|${q.includeHidden}`, () => readThreadPage(this.db, q));
  }

  /** The shared rendering of a thread's first page in one language, made by `render`. */
  sharedRendering(
    cohortId: number,
    thread: string,
    variant: { sort: string; locale: Locale },
    render: () => Promise<string[]>,
  ): Promise<string[]> {
    const key = `${variant.sort}|${variant.locale}`;
    return this.#html.get(threadGroup(cohortId, thread), key, render);
  }

  /** The comments of a thread one member likes. */
  likedBy(cohortId: number, thread: string, userId: number): Promise<Set<number>> {
    return this.#likes.get(threadGroup(cohortId, thread), String(userId), () =>
      listMarkedInThread(this.db, 'liked', userId, cohortId, thread),
    );
  }

  /** The comments of a thread one member has reported. */
  reportedBy(cohortId: number, thread: string, userId: number): Promise<Set<number>> {
    return this.#flags.get(threadGroup(cohortId, thread), String(userId), () =>
      listMarkedInThread(this.db, 'reported', userId, cohortId, thread),
    );
  }

  /** Comments per thread of a room, the same for everyone. */
  roomTotals(cohortId: number, roomId: string): Promise<Map<string, number>> {
    return this.#counts.get(roomGroup(cohortId, roomId), 'totals', () =>
      countRoomComments(this.db, cohortId, roomId),
    );
  }

  /** Per exhibit of a room: new comments since this member's last visit there. */
  newSinceVisits(cohortId: number, roomId: string, userId: number): Promise<Map<string, number>> {
    return this.#counts.get(roomGroup(cohortId, roomId), `viewer:${userId}`, () =>
      countNewSinceVisits(this.db, cohortId, roomId, userId),
    );
  }

  /** Who has been in a room. */
  roomVisitors(cohortId: number, roomId: string): Promise<Visitors> {
    return this.#visitors.get(roomGroup(cohortId, roomId), '', () =>
      roomVisitors(this.db, cohortId, roomId),
    );
  }

  /** When this member was at each exhibit of a room (for "new since your last visit"). */
  visitTimes(cohortId: number, roomId: string, userId: number): Promise<Map<string, VisitTimes>> {
    return this.#visits.get(roomGroup(cohortId, roomId), String(userId), () =>
      listVisitTimes(this.db, cohortId, roomId, userId),
    );
  }

  /** A thread's comments changed (or its find did): its pages and its room's counts go. */
  threadChanged(cohortId: number, thread: string, roomId: string): void {
    const group = threadGroup(cohortId, thread);
    this.#pages.drop(group);
    this.#html.drop(group);
    this.#counts.drop(roomGroup(cohortId, roomId));
  }

  likesChanged(cohortId: number, thread: string, userId: number): void {
    this.#likes.drop(threadGroup(cohortId, thread), String(userId));
  }

  reportsChanged(cohortId: number, thread: string, userId: number): void {
    this.#flags.drop(threadGroup(cohortId, thread), String(userId));
  }

  /** A member's visit was written: their counts and the room's visitors go. */
  visitRecorded(cohortId: number, roomId: string, userId: number): void {
    const group = roomGroup(cohortId, roomId);
    this.#counts.drop(group, `viewer:${userId}`);
    this.#visitors.drop(group);
    this.#visits.drop(group, String(userId));
  }

  /**
   * Forgets everything. For a change that any thread may show (a member's new name, a deleted
   * account), and after the database changed behind the app's back: tests that write rows
   * directly or empty the database (whose ids then start again).
   */
  clear(): void {
    for (const shelf of [
      this.#pages,
      this.#html,
      this.#likes,
      this.#flags,
      this.#counts,
      this.#visitors,
      this.#visits,
    ]) {
      shelf.clear();
    }
  }
}
