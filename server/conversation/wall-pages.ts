// The wall of a room and one contribution with its thread, as pages; the wall routes and the
// comment routes both render them (again, with a form's state, after a refused post).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import type { FieldErrors } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { wallThread } from '../core/thread-key.ts';
import { openRoom, roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { showFind } from './find-card.ts';
import { type Cursor, encodeCursor } from './queries.ts';
import {
  loadThread,
  type ThreadOptions,
  type ThreadTarget,
  visibleContribution,
} from './thread.ts';
import { listWall, type WallItem } from './wall.ts';

export interface WallForm {
  title: string;
  url: string;
  note: string;
}

export async function renderWall(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
  options: {
    form?: WallForm;
    errors?: FieldErrors<keyof WallForm>;
    notice?: MessageKey | null;
    after?: Cursor | null;
    status?: number;
  } = {},
) {
  const found = openRoom(member, roomId);
  const { cohort, course } = member;
  const wall = await listWall(app.db, {
    cohortId: cohort.id,
    roomId,
    after: options.after ?? null,
    limit: 20,
    includeHidden: member.organises,
    viewerId: member.userId,
  });
  return reply.page(
    'conversation/wall',
    {
      title: 'wall.title',
      cohort,
      course,
      room: found.entry.room,
      items: wall.items.map(showFind),
      next: wall.next ? encodeCursor(wall.next) : null,
      organises: member.organises,
      viewerId: member.userId,
      now: app.clock(),
      form: options.form ?? { title: '', url: '', note: '' },
      errors: options.errors ?? {},
      notice: options.notice ?? null,
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}

/** The author's edit form for a find: the wall's own fields, filled in. */
export async function renderWallEdit(
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  item: WallItem,
  options: {
    form?: WallForm;
    errors?: FieldErrors<keyof WallForm>;
    status?: number;
  } = {},
) {
  const found = openRoom(member, item.roomId);
  const { cohort, course } = member;
  return reply.page(
    'conversation/wall-edit',
    {
      title: 'wall.editTitle',
      cohort,
      course,
      room: found.entry.room,
      item,
      form: options.form ?? { title: item.title, url: item.url ?? '', note: item.noteMd },
      errors: options.errors ?? {},
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}

export async function renderContribution(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  contribution: WallItem,
  options: ThreadOptions & { status?: number } = {},
) {
  const found = openRoom(member, contribution.roomId);
  const { cohort, course } = member;
  const href = paths.find(cohort.slug, contribution.roomId, contribution.id);
  const thread = await loadThread(
    app,
    request,
    member,
    { key: wallThread(contribution.id), href, roomId: contribution.roomId },
    options,
  );
  return reply.page(
    'conversation/contribution',
    {
      title: contribution.title,
      rawTitle: true,
      cohort,
      course,
      room: found.entry.room,
      item: showFind(contribution),
      organises: member.organises,
      viewerId: member.userId,
      now: app.clock(),
      thread,
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}

/**
 * The thread under a find (…/:room/wall/:id/comments): one the member may see, in a room open
 * to them (organisers: any room), or a 404.
 */
export async function findTarget(
  app: FastifyInstance,
  member: Membership,
  roomId: string,
  rawId: unknown,
): Promise<ThreadTarget> {
  if (!roomAccess(member, roomId)?.visible) throw new NotFoundError();
  const contribution = await visibleContribution(app, member, roomId, rawId);
  return {
    key: wallThread(contribution.id),
    href: paths.find(member.cohort.slug, roomId, contribution.id),
    roomId,
    render: (request, reply, options) =>
      renderContribution(app, request, reply, member, contribution, options),
  };
}
