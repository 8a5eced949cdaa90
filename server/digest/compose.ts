// What one learner's digest says, for one cohort and period: the organisers' announcements,
// rooms that opened (with their exhibits), replies to them, activity in threads they joined,
// spotlighted comments, new finds on the wall, reviews they owe and feedback they got, and the
// meet-up. Each part asks its own feature (small indexed queries); nothing is loaded for the
// whole cohort at once.
import type { FastifyInstance } from 'fastify';
import type { User } from '../../db/schema.ts';
import { listDigestAnnouncements } from '../announce/queries.ts';
import type { Course } from '../content/types.ts';
import { listDigestItems } from '../conversation/digest.ts';
import type { CohortContext } from '../core/context.ts';
import { parseThreadKey, threadHref } from '../core/thread-key.ts';
import { feedbackForDigest } from '../feedback/digest.ts';
import { type Locale, translator } from '../i18n/index.ts';
import { meetupForDigest } from '../meetup/digest.ts';
import type { Period } from './periods.ts';

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
const excerpt = (html: string, max = 200) => {
  const text = plain(html);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/**
 * Where a thread lives and what it is called, for links in the mail (`site`: the app's
 * address). A thread key this app could not have written links to its room.
 */
function threadPlace(site: string, context: CohortContext, thread: string, roomId: string) {
  const room = context.course.rooms.find((r) => r.id === roomId);
  const key = parseThreadKey(thread);
  const href = key
    ? `${site}${threadHref(context.cohort.slug, key, roomId)}`
    : `${site}/c/${context.cohort.slug}/${roomId}`;
  if (key?.kind !== 'exhibit') return { href, title: room?.title ?? roomId };
  const exhibit = room?.exhibits.find((e) => e.id === key.exhibitId);
  return { href, title: exhibit?.title ?? key.exhibitId };
}

export async function composeDigest(
  app: FastifyInstance,
  context: CohortContext,
  user: Pick<User, 'id' | 'name'>,
  period: Period,
) {
  const { cohort, schedule } = context;
  const base = `${app.config.baseUrl}/c/${cohort.slug}`;
  const window = { cohortId: cohort.id, userId: user.id, since: period.since, until: period.until };
  const [announced, talk, feedback, meetup] = await Promise.all([
    listDigestAnnouncements(app.db, window),
    listDigestItems(app.db, window),
    feedbackForDigest(app.db, { ...window, schedule, timezone: cohort.timezone }),
    meetupForDigest(app.db, cohort.id, user.id, period.until),
  ]);
  const opened = schedule.filter((s) => s.opensAt > period.since && s.opensAt <= period.until);
  const place = (thread: string, roomId: string) =>
    threadPlace(app.config.baseUrl, context, thread, roomId);
  return {
    cohortUrl: base,
    // Urgent ones were mailed on their own already and are left out (see the query).
    announcements: announced.map((a) => ({
      title: a.title,
      html: a.bodyHtml,
      // The plain-text part shows what the organiser typed (Markdown reads as text).
      text: a.bodyMd,
      href: `${base}#announcement-${a.id}`,
    })),
    rooms: opened.map(({ room }) => ({
      week: room.week,
      title: room.title,
      href: `${base}/${room.id}`,
      exhibits: room.exhibits.map((e) => ({ title: e.title, href: `${base}/${room.id}/${e.id}` })),
    })),
    replies: talk.replies.map((r) => ({
      authorName: r.authorName,
      excerpt: excerpt(r.bodyHtml),
      href: `${place(r.thread, r.roomId).href}#comment-${r.id}`,
    })),
    threads: talk.threadActivity.map((a) => ({ ...place(a.thread, a.roomId), count: a.count })),
    spotlighted: talk.spotlighted.map((s) => ({
      authorName: s.authorName,
      excerpt: excerpt(s.bodyHtml),
      href: `${place(s.thread, s.roomId).href}#comment-${s.id}`,
    })),
    wall: talk.wall.map((w) => ({
      title: w.title,
      authorName: w.authorName,
      href: `${base}/${w.roomId}/wall/${w.id}`,
    })),
    owed: feedback.owed.map((o) => ({ ...o, href: `${base}/${o.roomId}/feedback` })),
    received: feedback.received.map((r) => ({ ...r, href: `${base}/${r.roomId}/feedback` })),
    meetup: meetup ? { ...meetup, href: `${base}/meetup` } : null,
  };
}

export type DigestContent = Awaited<ReturnType<typeof composeDigest>>;

/** Nothing worth a mail: the meet-up alone counts only while it waits for an answer. */
export function isEmpty(c: DigestContent): boolean {
  const lists = [
    c.announcements,
    c.rooms,
    c.replies,
    c.threads,
    c.spotlighted,
    c.wall,
    c.owed,
    c.received,
  ];
  return lists.every((l) => l.length === 0) && !(c.meetup && c.meetup.status === null);
}

/**
 * A subject that says what is inside, e.g. "Week 2 is open · 3 replies to you"; an
 * announcement comes first ("Announcement: <title>").
 */
export function subjectOf(c: DigestContent, course: Course, locale: Locale): string {
  const tr = translator(locale);
  const parts: string[] = [];
  const news = c.announcements[0];
  if (c.announcements.length === 1 && news)
    parts.push(tr.t('announce.digest.subjectOne', { title: news.title }));
  else if (c.announcements.length > 1)
    parts.push(tr.tn('announce.digest.subjectMany', c.announcements.length));
  const first = c.rooms[0];
  if (c.rooms.length === 1 && first) parts.push(tr.t('digest.subject.week', { week: first.week }));
  else if (c.rooms.length > 1) parts.push(tr.tn('digest.subject.rooms', c.rooms.length));
  if (c.replies.length) parts.push(tr.tn('digest.subject.replies', c.replies.length));
  const received = c.received.reduce((n, r) => n + r.count, 0);
  if (received) parts.push(tr.tn('digest.subject.received', received));
  const owed = c.owed.reduce((n, o) => n + o.owed, 0);
  if (owed && parts.length < 3) parts.push(tr.tn('digest.subject.owed', owed));
  const comments = c.threads.reduce((n, t) => n + t.count, 0);
  if (comments && parts.length < 3) parts.push(tr.tn('digest.subject.comments', comments));
  // Quieter news, named only when there is room left in the subject.
  if (c.meetup && c.meetup.status === null && parts.length < 3)
    parts.push(tr.t('digest.subject.meetup'));
  if (c.spotlighted.length && parts.length < 3)
    parts.push(tr.tn('digest.subject.spotlighted', c.spotlighted.length));
  if (c.wall.length && parts.length < 3) parts.push(tr.tn('digest.subject.wall', c.wall.length));
  if (parts.length === 0) parts.push(tr.t('digest.subject.news', { course: course.title }));
  return parts.slice(0, 3).join(' · ');
}
