// What happened around a member in the conversations: replies to them, activity in threads
// they joined, spotlighted comments and new finds on the wall. One section, so one call to
// its queries; each list has its own heading in the mail and its own part of the subject.
import type { CohortContext } from '../core/context.ts';
import {
  type DigestSection,
  perMemberInRun,
  sharedInRun,
  windowOf,
} from '../core/digest-sections.ts';
import { digestName, readHouseSettings } from '../core/house-settings.ts';
import { absolute, paths } from '../core/paths.ts';
import { parseThreadKey, threadHref } from '../core/thread-key.ts';
import {
  countThreadsInWindow,
  listDigestHighlights,
  listDigestItems,
  listMembersTalk,
} from './digest.ts';
import { excerpt } from './excerpt.ts';

interface Quote {
  authorName: string | null;
  /** null when the cohort's house rules ask first before quoting (who wrote stays said). */
  excerpt: string | null;
  href: string;
}

export interface DigestTalk {
  replies: Quote[];
  threads: { href: string; title: string; count: number }[];
  spotlighted: Quote[];
  wall: { title: string; authorName: string | null; href: string }[];
}

/**
 * Where a thread lives and what it is called, for links in the mail (`site`: the app's
 * address). A thread key this app could not have written links to its room.
 */
function threadPlace(site: string, context: CohortContext, thread: string, roomId: string) {
  const room = context.course.rooms.find((r) => r.id === roomId);
  const key = parseThreadKey(thread);
  const href = absolute(
    site,
    key ? threadHref(context.cohort.slug, key, roomId) : paths.room(context.cohort.slug, roomId),
  );
  if (key?.kind !== 'exhibit') return { href, title: room?.title ?? roomId };
  const exhibit = room?.exhibits.find((e) => e.id === key.exhibitId);
  return { href, title: exhibit?.title ?? key.exhibitId };
}

/** A comment as the digest query returns it. */
interface Found {
  id: number;
  thread: string;
  roomId: string;
  authorName: string | null;
  bodyHtml: string;
}

const sum = (counts: number[]) => counts.reduce((n, c) => n + c, 0);

export const conversationDigest: DigestSection<DigestTalk> = {
  name: 'conversation',
  order: 30,
  view: 'conversation/_digest',
  async load(app, request) {
    const [talk, house] = await Promise.all([
      listDigestItems(
        app.db,
        windowOf(request),
        sharedInRun(request, 'conversation:highlights', () =>
          listDigestHighlights(app.db, windowOf(request)),
        ),
        perMemberInRun(request, 'conversation:talk', (userIds) =>
          listMembersTalk(
            app.db,
            windowOf(request),
            userIds,
            sharedInRun(request, 'conversation:threads', () =>
              countThreadsInWindow(app.db, windowOf(request)),
            ),
          ),
        ),
      ),
      readHouseSettings(app.db, request.context.cohort.id),
    ]);
    const name = (n: string | null) => digestName(n, house.names_in_digests);
    const site = app.config.baseUrl;
    const { slug } = request.context.cohort;
    const place = (thread: string, roomId: string) =>
      threadPlace(site, request.context, thread, roomId);
    const quote = (c: Found): Quote => ({
      authorName: name(c.authorName),
      excerpt: house.quotes_outside === 'yes' ? excerpt(c.bodyHtml) : null,
      href: `${place(c.thread, c.roomId).href}#comment-${c.id}`,
    });
    const data: DigestTalk = {
      replies: talk.replies.map(quote),
      threads: talk.threadActivity.map((a) => ({ ...place(a.thread, a.roomId), count: a.count })),
      spotlighted: talk.spotlighted.map(quote),
      wall: talk.wall.map((w) => ({
        title: w.title,
        authorName: name(w.authorName),
        href: absolute(site, paths.find(slug, w.roomId, w.id)),
      })),
    };
    return Object.values(data).some((list) => list.length > 0) ? data : null;
  },
  subject(talk, tr) {
    const comments = sum(talk.threads.map((t) => t.count));
    return [
      { rank: 30, n: talk.replies.length, key: 'digest.subject.replies' },
      { rank: 60, n: comments, key: 'digest.subject.comments' },
      // Quieter news, named only when there is room left in the subject.
      { rank: 80, n: talk.spotlighted.length, key: 'digest.subject.spotlighted' },
      { rank: 90, n: talk.wall.length, key: 'digest.subject.wall' },
    ]
      .filter((p) => p.n > 0)
      .map((p) => ({ rank: p.rank, text: tr.tn(p.key, p.n) }));
  },
};
