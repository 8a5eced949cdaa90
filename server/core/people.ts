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

export class PersonSummaries {
  private provider: SummaryProvider | null = null;

  provide(provider: SummaryProvider): void {
    if (this.provider) throw new Error('person summaries provided twice');
    this.provider = provider;
  }

  /** Summaries of those of `userIds` who have something to show; no ids, no query. */
  async of(
    app: FastifyInstance,
    cohort: { id: number; slug: string },
    userIds: Iterable<number>,
  ): Promise<Map<number, PersonSummary>> {
    const ids = [...new Set(userIds)];
    if (!this.provider || ids.length === 0) return new Map();
    return this.provider(app, cohort, ids);
  }
}
