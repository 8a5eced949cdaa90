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
   * The digest run this is part of (one cohort, one period), which keeps what members share
   * and loads per-member data for a batch of members at once. Absent when one digest is
   * composed alone (a preview, a test).
   */
  run?: DigestRun;
}

/**
 * What a digest run loads once rather than once per member: a large cohort's run is mostly
 * round trips to the database, one per query per member otherwise. Sections ask through
 * sharedInRun (the same for everyone) and perMemberInRun (one query for a batch of members).
 */
export class DigestRun {
  private readonly shared = new Map<string, Promise<unknown>>();
  private batch = new Map<string, Promise<ReadonlyMap<number, unknown>>>();
  private members: readonly number[] = [];
  private inBatch = new Set<number>();

  /** The members composed next: per-member loads fetch all of them at once. */
  startBatch(memberIds: readonly number[]): void {
    this.members = memberIds;
    this.inBatch = new Set(memberIds);
    this.batch = new Map();
  }

  /** Kept keys, for tests. */
  get size(): number {
    return this.shared.size + this.batch.size;
  }

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    return remember(this.shared, key, load);
  }

  async forMember<T>(
    key: string,
    userId: number,
    load: (userIds: readonly number[]) => Promise<ReadonlyMap<number, T>>,
  ): Promise<T | undefined> {
    const loaded = this.inBatch.has(userId)
      ? await remember(this.batch, key, () => load(this.members))
      : await load([userId]);
    return loaded.get(userId) as T | undefined;
  }
}

/** The promise kept under key, or a new load kept there; a failed load is forgotten. */
function remember<T>(memo: Map<string, Promise<unknown>>, key: string, load: () => Promise<T>) {
  const kept = memo.get(key);
  if (kept) return kept as Promise<T>;
  const loading = load();
  memo.set(key, loading);
  loading.catch(() => memo.delete(key));
  return loading;
}

/**
 * The same for every member of the run (the cohort's announcements, the polls that closed,
 * the meet-up…): loaded once per run. `key` names what is loaded, and `load` must not depend
 * on the member.
 */
export function sharedInRun<T>(
  request: DigestRequest,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  return request.run ? request.run.once(key, load) : load();
}

/**
 * The member's own part, loaded for every member of the run's current batch at once: `load`
 * gets member ids and answers by member id (a member it has nothing for gets undefined).
 */
export function perMemberInRun<T>(
  request: DigestRequest,
  key: string,
  load: (userIds: readonly number[]) => Promise<ReadonlyMap<number, T>>,
): Promise<T | undefined> {
  const userId = request.user.id;
  if (request.run) return request.run.forMember(key, userId, load);
  return load([userId]).then((loaded) => loaded.get(userId));
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
