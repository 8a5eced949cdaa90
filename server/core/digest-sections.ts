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
}

/** A few words for the subject; lower ranks come first (the subject keeps three). */
export interface SubjectPart {
  rank: number;
  text: string;
}

export interface DigestSection<D = unknown> {
  name: string;
  /** Place in the mail; lower first. */
  order: number;
  /** null: nothing to say to this member in this period. */
  load(app: FastifyInstance, request: DigestRequest): Promise<D | null>;
  /** Does this section alone make the mail worth sending? (default: yes) */
  worthSending?(data: D): boolean;
  subject(data: D, tr: Translator): SubjectPart[];
  /** Partials under views/, rendered with the mail's data plus `it.section`. */
  html: string;
  text: string;
}

export interface LoadedSection {
  name: string;
  html: string;
  text: string;
  data: unknown;
  worthSending: boolean;
  subject: (tr: Translator) => SubjectPart[];
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

  async load(app: FastifyInstance, request: DigestRequest): Promise<LoadedSection[]> {
    const loaded = await Promise.all(
      this.sections.map(async (s) => ({ s, data: await s.load(app, request) })),
    );
    return loaded
      .filter(({ data }) => data !== null)
      .map(({ s, data }) => ({
        name: s.name,
        html: s.html,
        text: s.text,
        data,
        worthSending: s.worthSending ? s.worthSending(data) : true,
        subject: (tr: Translator) => s.subject(data, tr),
      }));
  }
}
