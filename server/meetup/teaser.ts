// The meet-up block on the cohort home, for members: title, date and a link. One small query.
import type { FastifyInstance } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import type { CohortRole } from '../core/access.ts';
import type { Locale } from '../i18n/index.ts';
import { isOver, meetupPath, whenText } from './present.ts';
import { findMeetupTeaser } from './queries.ts';

export async function meetupTeaser(
  app: FastifyInstance,
  cohort: Cohort,
  role: CohortRole,
  locale: Locale,
): Promise<{ title: string; when: string; href: string; draft: boolean } | null> {
  const m = await findMeetupTeaser(app.db, cohort.id);
  // Learners see it once invited; organisers see the draft too. Past meet-ups drop off.
  if (!m || isOver(m, app.clock()) || (!m.invitedAt && role === 'learner')) return null;
  return {
    title: m.title,
    when: whenText(locale, m),
    href: meetupPath(cohort.slug),
    draft: !m.invitedAt,
  };
}
