// The meet-up block on the cohort home, for members: title, date and a link. One small query.

import { paths } from '../core/paths.ts';
import type { CohortHomeView } from '../core/plugin.ts';
import { isOver, whenText } from './present.ts';
import { findMeetupTeaser } from './queries.ts';

export async function meetupTeaser({
  app,
  context: { cohort },
  role,
  locale,
}: CohortHomeView): Promise<{ title: string; when: string; href: string; draft: boolean } | null> {
  if (!role) return null;
  const m = await findMeetupTeaser(app.db, cohort.id);
  // Learners see it once invited; organisers see the draft too. Past meet-ups drop off.
  if (!m || isOver(m, app.clock()) || (!m.invitedAt && role === 'learner')) return null;
  return {
    title: m.title,
    when: whenText(locale, m),
    href: paths.meetup(cohort.slug),
    draft: !m.invitedAt,
  };
}
