// A few words about members, for pages of other features that show who wrote something (the
// icebreaker's posts carry their author's profile card). The feature that keeps profiles
// provides them; without it, pages simply show names.
import type { FastifyInstance } from 'fastify';

export interface PersonSummary {
  /** Their short introduction, or '' when they wrote none (or left themselves out). */
  intro: string;
  /** The URL of their photo (small), or null: draw the initials. */
  photo: string | null;
  /** Their page in the cohort, or null when it is not there for everyone. */
  href: string | null;
}

export type SummaryProvider = (
  app: FastifyInstance,
  cohort: { id: number; slug: string },
  userIds: number[],
) => Promise<Map<number, PersonSummary>>;

// A thread page asks for the faces of the same twenty authors on every view: two queries that
// cost more than the rest of a cached page. They are kept five seconds per app and set of
// authors; every write that changes what a summary says (a profile or photo saved or deleted,
// a member leaving, a directory rule adopted) calls peopleChanged() once it has committed,
// and an answer read before that is never used after it, so this process is always exact;
// another process may show a face up to `keepMs` late (as threads, decision 009).
const keepMs = 5_000;
let epoch = 0;

/** What a summary says may have changed: answers read before now are not used again. */
export function peopleChanged(): void {
  epoch++;
}

interface Kept {
  at: number;
  epoch: number;
  value: ReadonlyMap<number, PersonSummary>;
}

export class PersonSummaries {
  private provider: SummaryProvider | null = null;
  private kept = new Map<string, Kept>();

  provide(provider: SummaryProvider): void {
    if (this.provider) throw new Error('person summaries provided twice');
    this.provider = provider;
  }

  /** Summaries of those of `userIds` who have something to show; no ids, no query. */
  async of(
    app: FastifyInstance,
    cohort: { id: number; slug: string },
    userIds: Iterable<number>,
  ): Promise<ReadonlyMap<number, PersonSummary>> {
    const ids = [...new Set(userIds)].sort((a, b) => a - b);
    if (!this.provider || ids.length === 0) return new Map();
    const key = `${cohort.id}|${ids.join(',')}`;
    const now = app.clock().getTime();
    const hit = this.kept.get(key);
    if (hit && hit.epoch === epoch && now - hit.at >= 0 && now - hit.at < keepMs) return hit.value;
    const seen = epoch;
    const value = await this.provider(app, cohort, ids);
    if (this.kept.size >= 5_000) this.kept.clear();
    this.kept.set(key, { at: now, epoch: seen, value });
    return value;
  }
}
