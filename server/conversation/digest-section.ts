// What happened around a member in the conversations: replies to them, activity in threads
// they joined, spotlighted comments and new finds on the wall. One section, so one call to
// the four queries; each list has its own heading in the mail and its own part of the subject.
import type { Course } from '../content/types.ts';
import { type DigestSection, windowOf } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { listDigestItems } from './digest.ts';
import { excerpt } from './excerpt.ts';

interface Quote {
  authorName: string | null;
  excerpt: string;
  href: string;
}

export interface DigestTalk {
  replies: Quote[];
  threads: { href: string; title: string; count: number }[];
  spotlighted: Quote[];
  wall: { title: string; authorName: string | null; href: string }[];
}

/** Where a thread lives and what it is called, for links in the mail. */
function threadPlace(
  baseUrl: string,
  slug: string,
  course: Course,
  thread: string,
  roomId: string,
) {
  const room = course.rooms.find((r) => r.id === roomId);
  if (thread.startsWith('exhibit:')) {
    const exhibitId = thread.slice(thread.indexOf('/') + 1);
    const exhibit = room?.exhibits.find((e) => e.id === exhibitId);
    return {
      href: absolute(baseUrl, paths.exhibit(slug, roomId, exhibitId)),
      title: exhibit?.title ?? exhibitId,
    };
  }
  return {
    href: absolute(baseUrl, paths.find(slug, roomId, thread.slice(5))),
    title: room?.title ?? roomId,
  };
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
    const talk = await listDigestItems(app.db, windowOf(request));
    const slug = request.context.cohort.slug;
    const place = (thread: string, roomId: string) =>
      threadPlace(app.config.baseUrl, slug, request.context.course, thread, roomId);
    const quote = (c: Found): Quote => ({
      authorName: c.authorName,
      excerpt: excerpt(c.bodyHtml),
      href: `${place(c.thread, c.roomId).href}#comment-${c.id}`,
    });
    const data: DigestTalk = {
      replies: talk.replies.map(quote),
      threads: talk.threadActivity.map((a) => ({ ...place(a.thread, a.roomId), count: a.count })),
      spotlighted: talk.spotlighted.map(quote),
      wall: talk.wall.map((w) => ({
        title: w.title,
        authorName: w.authorName,
        href: absolute(app.config.baseUrl, paths.find(slug, w.roomId, w.id)),
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
