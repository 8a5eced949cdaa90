// What one learner's digest says, for one cohort and period: every section registered on
// app.digestSections (announcements, rooms that opened, conversations, peer feedback, the
// meet-up…) says what it has for them. Each asks its own feature with small indexed queries;
// what is the same for every member of a run is loaded once for the run.
import type { FastifyInstance } from 'fastify';
import type { User } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import type { CohortContext } from '../core/context.ts';
import type { DigestRun, LoadedSection } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { type Locale, translator } from '../i18n/index.ts';
import type { Period } from './periods.ts';

export interface Digest {
  /** The cohort home, for the mail's closing button. */
  cohortUrl: string;
  /** The sections with something to say, in their order. */
  sections: LoadedSection[];
}

export async function composeDigest(
  app: FastifyInstance,
  context: CohortContext,
  user: Pick<User, 'id' | 'name'>,
  period: Period,
  /** The run this digest is part of (see DigestRun). */
  run?: DigestRun,
): Promise<Digest> {
  const cohortUrl = absolute(app.config.baseUrl, paths.cohort(context.cohort.slug));
  const sections = await app.digestSections.load(app, {
    context,
    user: { id: user.id, name: user.name },
    since: period.since,
    until: period.until,
    cohortUrl,
    ...(run ? { run } : {}),
  });
  return { cohortUrl, sections };
}

/** Nothing worth a mail: no section says so (the meet-up alone only while it waits for an answer). */
export const isEmpty = (digest: Digest): boolean => !digest.sections.some((s) => s.worthSending);

/**
 * A subject that says what is inside, e.g. "Week 2 is open · 3 replies to you": the three
 * lowest-ranked parts the sections offer, in rank order.
 */
export function subjectOf(
  sections: LoadedSection[],
  course: Pick<Course, 'title'>,
  locale: Locale,
): string {
  const tr = translator(locale);
  const parts = sections.flatMap((s) => s.subject(tr)).sort((a, b) => a.rank - b.rank);
  if (parts.length === 0) return tr.t('digest.subject.news', { course: course.title });
  return parts
    .slice(0, 3)
    .map((p) => p.text)
    .join(' · ');
}
