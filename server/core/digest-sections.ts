// The parts of a member's digest. Each feature adds a section: what it has to say to one
// member for one period, the partials that show it (HTML and plain text), and what it adds
// to the subject line. The digest feature asks every section and sends nothing when no
// section is worth a mail.
import type { FastifyInstance } from 'fastify';
import type { Translator } from '../i18n/index.ts';
import type { CohortContext } from './context.ts';

export interface DigestRequest {
  context: CohortContext;
  user: { id: number; name: string };
  since: Date;
  until: Date;
  /** Absolute URL of the cohort home, for links in the mail. */
  cohortUrl: string;
  /**
   * Kept for one digest run (one cohort, one period): what every member's digest would load
   * alike. Absent when one digest is composed alone (a preview, a test).
   */
  run?: RunMemo;
}

/** What a digest run loaded once for all its members, by a key each section chooses. */
export type RunMemo = Map<string, Promise<unknown>>;

/**
 * The same for every member of the run (the cohort's announcements, the polls that closed,
 * the meet-up…): loaded once per run instead of once per member, which is most of a large
 * cohort's digest run. `key` names what is loaded, and `load` must not depend on the member.
 * A failed load is forgotten, so the next member tries again.
 */
export function sharedInRun<T>(
  request: DigestRequest,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const memo = request.run;
  if (!memo) return load();
  const kept = memo.get(key);
  if (kept) return kept as Promise<T>;
  const loading = load();
  memo.set(key, loading);
  loading.catch(() => memo.delete(key));
  return loading;
}

/** One member in one cohort over (since, until]: what the digest queries take. */
export interface DigestWindow {
  cohortId: number;
  userId: number;
  since: Date;
  until: Date;
}

export const windowOf = (r: DigestRequest): DigestWindow => ({
  cohortId: r.context.cohort.id,
  userId: r.user.id,
  since: r.since,
  until: r.until,
});

/**
 * A few words for the subject; lower ranks come first and the subject keeps three. The ranks
 * in use, by tens so a new part fits between: announcements 10, rooms 20, replies 30,
 * feedback received 40, reviews owed 50, new comments 60, the meet-up 70, the spotlight 80,
 * the wall 90, polls that closed 95.
 */
export interface SubjectPart {
  rank: number;
  text: string;
}

export interface DigestSection<D = unknown> {
  name: string;
  /** Place in the mail; lower first. */
  order: number;
  /** null: nothing to say to this member in this period. */
  load(app: FastifyInstance, request: DigestRequest): Promise<D | null> | D | null;
  /** Does this section alone make the mail worth sending? (default: yes) */
  worthSending?(data: D): boolean;
  subject(data: D, tr: Translator): SubjectPart[];
  /**
   * The partials under views/ without their ending: the mail includes `<view>.html.eta` and
   * `<view>.txt.eta` with its own data plus `it.section` (this section's data).
   */
  view: string;
}

export interface LoadedSection {
  name: string;
  view: string;
  data: unknown;
  worthSending: boolean;
  subject: (tr: Translator) => SubjectPart[];
}

/** A section with one member's data, as the mail uses it. */
export function withData<D>(section: DigestSection<D>, data: D): LoadedSection {
  return {
    name: section.name,
    view: section.view,
    data,
    worthSending: section.worthSending ? section.worthSending(data) : true,
    subject: (tr) => section.subject(data, tr),
  };
}

export class DigestSections {
  private sections: DigestSection[] = [];

  add<D>(section: DigestSection<D>): void {
    if (this.sections.some((s) => s.name === section.name)) {
      throw new Error(`digest section "${section.name}" registered twice`);
    }
    this.sections.push(section as DigestSection);
    this.sections.sort((a, b) => a.order - b.order);
  }

  /** The section of that name, to feed it data by hand (a preview, a test). */
  get(name: string): DigestSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** Every section with something to say, in order (their loads run at the same time). */
  async load(app: FastifyInstance, request: DigestRequest): Promise<LoadedSection[]> {
    const loaded = await Promise.all(
      this.sections.map(async (s) => ({ s, data: await s.load(app, request) })),
    );
    return loaded.filter(({ data }) => data !== null).map(({ s, data }) => withData(s, data));
  }
}
