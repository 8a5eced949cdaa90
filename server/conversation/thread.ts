// Building a thread for a page or an htmx swap, and the checks on what members type.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { length, text } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { bodyMax, renderBody } from '../core/render.ts';
import { roomAccess } from '../core/visibility.ts';
import { readId } from '../http/params.ts';
import type { Locale, MessageKey } from '../i18n/index.ts';
import { threadGroup } from './cache.ts';
import {
  type Cursor,
  encodeCursor,
  listFlaggedInThread,
  listLikedInThread,
  readThreadPage,
  type Sort,
  sorts,
  type ThreadComment,
  touches,
  withLikes,
} from './queries.ts';
import { renderExhibit } from './room-pages.ts';
import { findContribution, type WallItem } from './wall.ts';
import { renderContribution } from './wall-pages.ts';

export const pageSize = 20;

/** `exhibit:<room>/<exhibit>` or `wall:<id>` → the page that shows it. */
export function threadHref(slug: string, roomId: string, thread: string): string {
  if (thread.startsWith('wall:')) return paths.find(slug, roomId, thread.slice(5));
  const [room = '', exhibit = ''] = thread.slice('exhibit:'.length).split('/');
  return paths.exhibit(slug, room, exhibit);
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
  viewerId: number;
  now: Date;
  /**
   * The comments already rendered as every reader without own comments or likes on the page
   * sees them, split where the CSRF token goes; null when this viewer needs their own.
   */
  shared: { locale: Locale; parts: string[] } | null;
}

export function parseSort(raw: unknown): Sort {
  return sorts.includes(raw as Sort) ? (raw as Sort) : 'newest';
}

export async function loadThread(
  app: FastifyInstance,
  request: FastifyRequest,
  member: Membership,
  thread: { key: string; href: string; roomId: string },
  options: ThreadOptions = {},
): Promise<ThreadView> {
  const sort = options.sort ?? 'newest';
  const viewerId = request.user?.id ?? 0;
  const cohortId = member.cohort.id;
  const cache = app.conversationCache;
  const group = threadGroup(cohortId, thread.key);
  const query = {
    cohortId,
    thread: thread.key,
    sort,
    after: options.after ?? null,
    limit: pageSize,
    includeHidden: member.organises,
  };
  // First pages are shared (organisers' apart: they include hidden comments).
  const page = query.after
    ? await readThreadPage(app.db, query)
    : await cache.pages.get(group, `${sort}|${member.organises}`, () =>
        readThreadPage(app.db, query),
      );
  const liked = viewerId
    ? await cache.likes.get(group, String(viewerId), () =>
        listLikedInThread(app.db, viewerId, cohortId, thread.key),
      )
    : new Set<number>();
  const flagged = viewerId
    ? await cache.flags.get(group, String(viewerId), () =>
        listFlaggedInThread(app.db, viewerId, cohortId, thread.key),
      )
    : new Set<number>();
  const view: ThreadView = {
    action: `${thread.href}/comments`,
    href: thread.href,
    sort,
    comments: withLikes(page, liked, flagged).comments,
    next: page.next ? encodeCursor(page.next) : null,
    draft: options.draft ?? '',
    error: options.error ?? null,
    organises: member.organises,
    viewerId,
    now: app.clock(),
    shared: null,
  };
  if (!query.after && !member.organises && !touches(page, viewerId, liked, flagged)) {
    const locale = request.localeFor(member.course.language);
    const parts = await cache.html.get(group, `${sort}|${locale}`, () =>
      app.renderShared('conversation/_page', { thread: { ...view, viewerId: 0 } }, locale),
    );
    view.shared = { locale, parts };
  }
  return view;
}

/** A thread's key, its page, and how to render that page again with a form's state. */
export interface ThreadTarget {
  key: string;
  href: string;
  roomId: string;
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
}

/**
 * The thread a /comments URL is about: an exhibit (…/:room/:exhibit) or a wall contribution
 * (…/:room/wall/:id), in an open room (organisers: any room), or null for a 404.
 */
export async function targetOf(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<ThreadTarget | null> {
  const member = request.member;
  const params = request.params as { room: string; exhibit?: string; id?: string };
  const access = member ? roomAccess(member, params.room) : null;
  if (!member || !access?.visible) return null;
  const entry = access.entry;
  const slug = member.cohort.slug;
  if (params.exhibit) {
    const exhibit = params.exhibit;
    if (!entry.room.exhibits.some((e) => e.id === exhibit)) return null;
    return {
      key: `exhibit:${params.room}/${exhibit}`,
      href: paths.exhibit(slug, params.room, exhibit),
      roomId: params.room,
      render: (req, reply, options) =>
        renderExhibit(app, req, reply, member, params.room, exhibit, options),
    };
  }
  const contribution = await findVisibleContribution(
    app,
    member,
    params.room,
    params.id,
    request.user?.id ?? 0,
  );
  if (!contribution) return null;
  return {
    key: `wall:${contribution.id}`,
    href: paths.find(slug, params.room, contribution.id),
    roomId: params.room,
    render: (req, reply, options) =>
      renderContribution(app, req, reply, member, contribution, options),
  };
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

/**
 * Whether this member may see the thread a comment belongs to, now: the page it lives on
 * (an exhibit of an open room, or a visible wall contribution) is there for them.
 */
export async function canSeeThread(
  app: FastifyInstance,
  member: Membership,
  comment: { thread: string; roomId: string },
): Promise<boolean> {
  const access = roomAccess(member, comment.roomId);
  if (!access?.visible) return false;
  if (comment.thread.startsWith('wall:')) {
    const item = await findVisibleContribution(
      app,
      member,
      comment.roomId,
      comment.thread.slice(5),
    );
    return item !== null;
  }
  const prefix = `exhibit:${comment.roomId}/`;
  return access.entry.room.exhibits.some((e) => comment.thread === `${prefix}${e.id}`);
}
