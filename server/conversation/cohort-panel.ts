// On the cohort home, members find their way back first: the last room or exhibit they saw
// (if it is still open) and the room open now.
import { paths } from '../core/paths.ts';
import type { CohortHomeView } from '../core/plugin.ts';
import { findLastVisit } from './visits.ts';

export async function resumePanel({ app, context, role, userId }: CohortHomeView) {
  if (!role || userId === null) return null;
  const openNow = context.schedule.findLast((s) => s.open)?.room ?? null;
  const last = await findLastVisit(app.db, context.cohort.id, userId);
  const entry = last && context.schedule.find((s) => s.room.id === last.roomId && s.open);
  let resume: { href: string; title: string } | null = null;
  if (last && entry) {
    const slug = context.cohort.slug;
    const exhibit = entry.room.exhibits.find((e) => e.id === last.exhibitId);
    resume = exhibit
      ? { href: paths.exhibit(slug, entry.room.id, exhibit.id), title: exhibit.title }
      : { href: paths.room(slug, entry.room.id), title: entry.room.title };
  }
  return resume || openNow ? { resume, openNow } : null;
}
