// On the cohort home, members find their way back first: the last room or exhibit they saw
// (if it is still open), the room open now, and what others added since they last walked.
import { paths } from '../core/paths.ts';
import type { CohortHomeView } from '../core/plugin.ts';
import { findLastVisit } from './visits.ts';
import { countNewSince } from './whats-new.ts';

export async function resumePanel({ app, context, role, userId }: CohortHomeView) {
  if (!role || userId === null) return null;
  const cohortId = context.cohort.id;
  const openNow = context.schedule.findLast((s) => s.open)?.room ?? null;
  // The last visit is also the last walk: what others added since then is what is new.
  const last = await findLastVisit(app.db, cohortId, userId);
  const since = last?.lastAt ?? null;
  const entry = last && context.schedule.find((s) => s.room.id === last.roomId && s.open);
  let resume: { href: string; title: string } | null = null;
  if (last && entry) {
    const slug = context.cohort.slug;
    const exhibit = entry.room.exhibits.find((e) => e.id === last.exhibitId);
    resume = exhibit
      ? { href: paths.exhibit(slug, entry.room.id, exhibit.id), title: exhibit.title }
      : { href: paths.room(slug, entry.room.id), title: entry.room.title };
  }
  // Only rooms the member can open, in the order of the programme.
  const counts = since ? await countNewSince(app.db, cohortId, userId, since) : [];
  const news = context.schedule
    .filter((s) => s.open)
    .flatMap((s) => {
      const found = counts.find((c) => c.roomId === s.room.id);
      return found ? [{ room: s.room, comments: found.comments, finds: found.finds }] : [];
    });
  return resume || openNow || since ? { resume, openNow, since, news } : null;
}
