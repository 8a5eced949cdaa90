// Building a thread for a page or an htmx swap, and the checks on what members type.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Membership } from '../auth/access.ts';
import type { MessageKey } from '../i18n/index.ts';
import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  listThreadPage,
  type Sort,
  sorts,
  type ThreadComment,
} from './queries.ts';
import { bodyMax, renderBody } from './render.ts';

export const pageSize = 20;

/** `exhibit:<room>/<exhibit>` or `wall:<id>` → the page that shows it. */
export function threadHref(slug: string, roomId: string, thread: string): string {
  if (thread.startsWith('wall:')) return `/c/${slug}/${roomId}/wall/${thread.slice(5)}`;
  return `/c/${slug}/${thread.slice('exhibit:'.length)}`;
}

export function checkBody(raw: unknown): { text: string; html?: string; error?: MessageKey } {
  const text = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n') : '';
  if (!text.trim()) return { text, error: 'comment.empty' };
  if ([...text].length > bodyMax) return { text, error: 'comment.tooLong' };
  return { text, html: renderBody(text) };
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
}

export function parseSort(raw: unknown): Sort {
  return sorts.includes(raw as Sort) ? (raw as Sort) : 'newest';
}

export async function loadThread(
  app: FastifyInstance,
  request: FastifyRequest,
  member: Membership,
  thread: { key: string; href: string; roomId: string },
  options: { sort?: Sort; after?: Cursor | null; draft?: string; error?: MessageKey | null } = {},
): Promise<ThreadView> {
  const sort = options.sort ?? 'newest';
  const viewerId = request.user?.id ?? 0;
  const page = await listThreadPage(app.db, {
    cohortId: member.cohort.id,
    thread: thread.key,
    sort,
    after: options.after ?? null,
    limit: pageSize,
    viewerId,
    includeHidden: member.organises,
  });
  return {
    action: `${thread.href}/comments`,
    href: thread.href,
    sort,
    comments: page.comments,
    next: page.next ? encodeCursor(page.next) : null,
    draft: options.draft ?? '',
    error: options.error ?? null,
    organises: member.organises,
    viewerId,
    now: app.clock(),
  };
}

export { decodeCursor };
