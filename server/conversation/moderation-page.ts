// The moderation queue: reported comments and reported finds, each list 50 at a time, oldest
// first report first. Each list has its own cursor (`after`, `finds_after`), so paging one
// keeps the other where it was.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { paths } from '../core/paths.ts';
import { parseThreadKey } from '../core/thread-key.ts';
import { listFlaggedComments, type QueueKey, type QueueWindow } from './queries.ts';
import { threadPageOf } from './thread.ts';
import { listFlaggedContributions } from './wall.ts';

export const queueSize = 50;
const queueKey = ['instant', 'id'] as const;

export type ModerationQuery = { after?: string; finds_after?: string };

/**
 * One list's page: after the cursor, or the first page when the cursor does not read back or
 * nothing is left after it (everything past it was decided meanwhile).
 */
async function pageOf<T>(
  raw: string | undefined,
  list: (window: QueueWindow) => Promise<{ items: T[]; more: boolean }>,
) {
  const after = decodeCursor(raw, queueKey);
  const page = after ? await list({ size: queueSize, after }) : null;
  if (page && page.items.length > 0) return { ...page, cursor: raw ?? null };
  return { ...(await list({ size: queueSize, after: null })), cursor: null };
}

/** Back to the pages a decision was made on (cursors that do not read back are dropped). */
export const queueBack = (slug: string, from: ModerationQuery) =>
  paths.deskModeration(slug, {
    after: decodeCursor(from.after, queueKey) ? from.after : null,
    finds_after: decodeCursor(from.finds_after, queueKey) ? from.finds_after : null,
  });

const cursorOf = (item: { firstFlagKey: string } | undefined, id: number | undefined) =>
  item && id ? encodeCursor([item.firstFlagKey, id] satisfies QueueKey) : null;

export async function renderModerationPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  query: ModerationQuery,
) {
  const cohortId = member.cohort.id;
  const slug = member.cohort.slug;
  const flagged = await pageOf(query.after, (w) => listFlaggedComments(app.db, cohortId, w));
  const finds = await pageOf(query.finds_after, (w) =>
    listFlaggedContributions(app.db, cohortId, w),
  );
  const lastComment = flagged.items.at(-1);
  const lastFind = finds.items.at(-1);
  const here = { after: flagged.cursor, finds_after: finds.cursor };
  return reply.page(
    'conversation/moderation',
    {
      title: 'moderation.title',
      cohort: member.cohort,
      course: member.course,
      // A report from a private thread (a circle's) shows that one comment only: no link
      // into a thread the organiser may not read.
      flagged: flagged.items.map((f) => ({
        ...f,
        href: app.threadPlaces.get(parseThreadKey(f.thread)?.kind ?? 'exhibit')
          ? null
          : threadPageOf(slug, f),
      })),
      finds: finds.items.map((f) => ({
        ...f,
        href: `${paths.wall(slug, f.roomId)}#item-${f.contributionId}`,
      })),
      here,
      comments: {
        next: flagged.more
          ? paths.deskModeration(slug, {
              ...here,
              after: cursorOf(lastComment, lastComment?.commentId),
            })
          : null,
        first: flagged.cursor ? paths.deskModeration(slug, { ...here, after: null }) : null,
      },
      findPages: {
        next: finds.more
          ? paths.deskModeration(slug, {
              ...here,
              finds_after: cursorOf(lastFind, lastFind?.contributionId),
            })
          : null,
        first: finds.cursor ? paths.deskModeration(slug, { ...here, finds_after: null }) : null,
      },
    },
    { locale: request.localeFor(member.course.language) },
  );
}
