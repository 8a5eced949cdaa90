// The announcements made in the period, first in the digest and first in its subject. Urgent
// ones were mailed on their own already and are left out (see the query).
import { type DigestSection, sharedInRun } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { listDigestAnnouncements } from './queries.ts';

export interface DigestAnnouncement {
  title: string;
  html: string;
  /** The plain-text part shows what the organiser typed (Markdown reads as text). */
  text: string;
  href: string;
}

export const announcementsDigest: DigestSection<DigestAnnouncement[]> = {
  name: 'announcements',
  order: 10,
  view: 'announce/_digest',
  // The same announcements for everyone in the cohort.
  load: (app, request) =>
    sharedInRun(request, 'announcements', async () => {
      const { context, since, until } = request;
      const rows = await listDigestAnnouncements(app.db, {
        cohortId: context.cohort.id,
        since,
        until,
      });
      if (rows.length === 0) return null;
      return rows.map((a) => ({
        title: a.title,
        html: a.bodyHtml,
        text: a.bodyMd,
        href: absolute(app.config.baseUrl, paths.announcement(context.cohort.slug, a.id)),
      }));
    }),
  subject(announcements, tr) {
    const [only] = announcements;
    const text =
      announcements.length === 1 && only
        ? tr.t('announce.digest.subjectOne', { title: only.title })
        : tr.tn('announce.digest.subjectMany', announcements.length);
    return [{ rank: 10, text }];
  },
};
