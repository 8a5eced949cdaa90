// Building a thread for a page or an htmx swap, and the checks on what members type.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { length, text } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import type { PersonSummary } from '../core/people.ts';
import { bodyMax, renderBody } from '../core/render.ts';
import { formatThreadKey, parseThreadKey, type ThreadKey, threadHref } from '../core/thread-key.ts';
import type { ThreadAccess } from '../core/thread-places.ts';
import { roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import { readId } from '../http/params.ts';
import type { Locale, MessageKey } from '../i18n/index.ts';
import { firstPostsAmong, idsOf, welcomesOf } from './new-voices.ts';
import {
  type Cursor,
  encodeCursor,
  hasNewSince,
  readThreadPage,
  type Sort,
  sorts,
  type ThreadComment,
  touches,
  withLikes,
} from './queries.ts';
import { findContribution, type WallItem } from './wall.ts';

export const pageSize = 20;

/**
 * The page a stored comment's thread is on, for links and redirects back to it; a key this
 * app could not have written leads to the comment's room.
 */
export function threadPageOf(slug: string, comment: { thread: string; roomId: string }): string {
  const key = parseThreadKey(comment.thread);
  return key ? threadHref(slug, key, comment.roomId) : paths.room(slug, comment.roomId);
}

export function checkBody(raw: unknown): { text: string; html?: string; error?: MessageKey } {
  const typed = text(raw, { multiline: true });
  if (!typed.trim()) return { text: typed, error: 'comment.empty' };
  if (length(typed) > bodyMax) return { text: typed, error: 'comment.tooLong' };
  return { text: typed, html: renderBody(typed) };
}

/** The form's random key (see reply.page's formKey); anything else is no key at all. */
export function postKeyOf(raw: unknown): string | null {
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(raw) ? raw : null;
}

export interface ThreadView {
  /** Where the thread's own actions post (…/comments) and where it is shown. */
  action: string;
  href: string;
  sort: Sort;
  comments: ThreadComment[];
  next: string | null;
  /** The new-comment form: what was typed and what is wrong with it. */
  draft: string;
  error: MessageKey | null;
  organises: boolean;
  /** Read, not post: no new-comment form (a circle's guest, or someone who was in it). */
  readOnly?: boolean;
  viewerId: number;
  now: Date;
  /** The reader's visit before this one: others' comments since are marked new. */
  since: Date | null;
  /**
   * The comments already rendered as every reader without own comments or likes on the page
   * sees them, split where the CSRF token goes; null when this viewer needs their own.
   */
  shared: { locale: Locale; parts: string[] } | null;
  /** Each author's photo (by user id); in the icebreaker their whole profile card. */
  cards: ReadonlyMap<number, PersonSummary> | null;
  /** For organisers: learners' first posts in the cohort, and the welcomes to answer them. */
  newVoices: Set<number> | null;
  welcomes: string[] | null;
  /** The icebreaker's own prompt (null: the app's default); undefined for other threads. */
  prompt?: string | null;
  /** The new-comment form may carry a photo (the icebreaker): its description as typed. */
  photo: { alt: string; error: MessageKey | null } | null;
}

/** The authors of these comments and their replies, for their profile cards. */
export const authorsOf = (comments: ThreadComment[]) =>
  comments.flatMap((c) => [c, ...c.replies]).flatMap((c) => (c.authorId ? [c.authorId] : []));

/** Only organisers see who is new (and so never in the shared rendering). */
export async function newVoicesFor(
  app: FastifyInstance,
  member: Membership,
  comments: ThreadComment[],
): Promise<{ newVoices: Set<number> | null; welcomes: string[] | null }> {
  if (!member.organises) return { newVoices: null, welcomes: null };
  const newVoices = await firstPostsAmong(app.db, member.cohort.id, idsOf(comments));
  const welcomes = newVoices.size
    ? await welcomesOf(app.db, member.cohort.id, member.course.language)
    : null;
  return { newVoices, welcomes };
}

/**
 * Each author's face: their photo in every thread, and their whole card (intro, a link to their
 * page) only where the thread is people introducing themselves.
 */
export async function cardsFor(
  app: FastifyInstance,
  member: Membership,
  key: ThreadKey,
  comments: ThreadComment[],
): Promise<ReadonlyMap<number, PersonSummary> | null> {
  const cards = await app.people.of(app, member.cohort, authorsOf(comments));
  if (key.kind === 'icebreaker') return cards;
  const faces = new Map<number, PersonSummary>();
  for (const [id, card] of cards)
    if (card.photo) faces.set(id, { intro: '', photo: card.photo, href: null });
  return faces;
}

export function parseSort(raw: unknown): Sort {
  return sorts.includes(raw as Sort) ? (raw as Sort) : 'newest';
}

/** A thread as a page shows it: its key, where it is shown, and the room it is in. */
export interface ThreadPlace {
  key: ThreadKey;
  href: string;
  roomId: string;
}

export async function loadThread(
  app: FastifyInstance,
  request: FastifyRequest,
  member: Membership,
  place: ThreadPlace,
  options: ThreadOptions = {},
): Promise<ThreadView> {
  const sort = options.sort ?? 'newest';
  const viewerId = member.userId;
  const cohortId = member.cohort.id;
  const thread = formatThreadKey(place.key);
  const cache = app.conversationCache;
  const query = { cohortId, thread, sort, limit: pageSize, includeHidden: member.organises };
  // First pages are shared (organisers' apart: they include hidden comments).
  const after = options.after ?? null;
  const page = after
    ? await readThreadPage(app.db, { ...query, after })
    : await cache.firstPage({ ...query, after: null });
  const liked = await cache.likedBy(cohortId, thread, viewerId);
  const flagged = await cache.reportedBy(cohortId, thread, viewerId);
  const since = await lastVisitBefore(app, member, place.key);
  const comments = withLikes(page, liked, flagged).comments;
  const view: ThreadView = {
    action: `${place.href}/comments`,
    href: place.href,
    sort,
    comments,
    next: page.next ? encodeCursor(page.next) : null,
    draft: options.draft ?? '',
    error: options.error ?? null,
    organises: member.organises,
    viewerId,
    now: app.clock(),
    since,
    shared: null,
    photo:
      place.key.kind === 'icebreaker'
        ? { alt: options.alt ?? '', error: options.photoError ?? null }
        : null,
    cards: await cardsFor(app, member, place.key, comments),
    ...(await newVoicesFor(app, member, comments)),
  };
  if (place.key.kind === 'icebreaker')
    view.prompt = roomAccess(member, place.roomId)?.entry.room.icebreaker?.prompt ?? null;
  if (
    !after &&
    !member.organises &&
    !touches(page, viewerId, liked, flagged) &&
    !hasNewSince(page, since, viewerId)
  ) {
    const locale = request.localeFor(member.course.language);
    const parts = await cache.sharedRendering(cohortId, thread, { sort, locale }, () =>
      app.renderShared(
        'conversation/_page',
        { thread: { ...view, viewerId: 0, since: null } },
        locale,
      ),
    );
    view.shared = { locale, parts };
  }
  return view;
}

/**
 * Since when this member's view of a thread counts as new: their visit to its exhibit before
 * the one going on now. A visit is written again only after `visitRewriteMs`, so one still
 * that recent is this one and "new" reaches back to the visit before it; then a reload, or a
 * like swapped in place, keeps the marks the page first showed. A find's thread records no
 * visits of its own, so nothing in it is marked.
 */
export async function lastVisitBefore(
  app: FastifyInstance,
  member: Membership,
  key: ThreadKey,
): Promise<Date | null> {
  if (key.kind !== 'exhibit') return null;
  const { cohort, userId } = member;
  const visits = await app.conversationCache.visitTimes(cohort.id, key.roomId, userId);
  const visit = visits.get(key.exhibitId);
  if (!visit) return null;
  const current = app.clock().getTime() - visit.lastAt.getTime() < app.visitRewriteMs;
  return current ? visit.previousAt : visit.lastAt;
}

/**
 * A thread a /comments URL is about, and how to show its page again with a form's state
 * (after a refused post). The page's own module builds it, so this one needs no page.
 */
export interface ThreadTarget extends ThreadPlace {
  render(
    request: FastifyRequest,
    reply: FastifyReply,
    options: ThreadOptions & { status?: number },
  ): Promise<FastifyReply>;
}

export interface ThreadOptions {
  sort?: Sort;
  after?: Cursor | null;
  draft?: string;
  error?: MessageKey | null;
  /** A photo's description as typed, and what is wrong with the photo. */
  alt?: string;
  photoError?: MessageKey | null;
}

/**
 * A wall contribution this member may see, in room `roomId` of their cohort (learners: not
 * hidden), or null. Whether the room itself may be seen is roomAccess's to say.
 */
export async function findVisibleContribution(
  app: FastifyInstance,
  member: Membership,
  roomId: string,
  rawId: unknown,
  viewerId = 0,
): Promise<WallItem | null> {
  const id = readId(rawId);
  const contribution = id === null ? null : await findContribution(app.db, id, viewerId);
  if (
    !contribution ||
    contribution.cohortId !== member.cohort.id ||
    contribution.roomId !== roomId ||
    (contribution.hiddenAt && !member.organises)
  ) {
    return null;
  }
  return contribution;
}

/** The same find as the member sees it (their like, their report), or a 404. */
export async function visibleContribution(
  app: FastifyInstance,
  member: Membership,
  roomId: string,
  rawId: unknown,
): Promise<WallItem> {
  const item = await findVisibleContribution(app, member, roomId, rawId, member.userId);
  if (!item) throw new NotFoundError();
  return item;
}

/**
 * Whether this member may see the thread a comment belongs to, now: the page it lives on
 * (an exhibit of an open room, or a visible wall contribution) is there for them, or the
 * feature that owns the thread's page (a circle's) lets them read it.
 */
export async function canSeeThread(
  app: FastifyInstance,
  member: Membership,
  comment: { thread: string; roomId: string },
): Promise<boolean> {
  const access = await threadAccessOf(app, member, comment);
  return access === 'read' || access === 'write';
}

/**
 * What this member may do with a comment's thread. Threads on pages other features own (a
 * circle's) are theirs to say (app.threadPlaces); an exhibit's or a find's may be read and
 * written by whoever may see it.
 */
export async function threadAccessOf(
  app: FastifyInstance,
  member: Membership,
  comment: { thread: string; roomId: string },
): Promise<ThreadAccess> {
  const key = parseThreadKey(comment.thread);
  if (!key) return 'missing';
  const owner = app.threadPlaces.get(key.kind);
  if (owner) return owner.access(app, member, key);
  return (await canSeeOwnThread(app, member, comment, key)) ? 'write' : 'missing';
}

async function canSeeOwnThread(
  app: FastifyInstance,
  member: Membership,
  comment: { thread: string; roomId: string },
  key: ThreadKey,
): Promise<boolean> {
  const access = roomAccess(member, comment.roomId);
  if (!access?.visible || key.kind === 'circle' || key.kind === 'carnival' || key.kind === 'story')
    return false;
  if (key.kind === 'icebreaker') {
    return key.roomId === comment.roomId && access.entry.room.icebreaker !== null;
  }
  if (key.kind === 'wall') {
    const item = await findVisibleContribution(
      app,
      member,
      comment.roomId,
      String(key.contributionId),
    );
    return item !== null;
  }
  return (
    key.roomId === comment.roomId && access.entry.room.exhibits.some((e) => e.id === key.exhibitId)
  );
}
