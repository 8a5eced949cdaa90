// The pages inside a cohort: a room (with counts, visitors and your progress) and an exhibit
// (with its conversation). Shared by the museum routes and by the conversation routes, which
// re-render them with a form's error and typed text.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { paths } from '../core/paths.ts';
import { exhibitThread, formatThreadKey, icebreakerThread } from '../core/thread-key.ts';
import { openRoom, roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import { loadThread, type ThreadOptions, type ThreadTarget, type ThreadView } from './thread.ts';
import { noteVisit } from './writes.ts';

export async function renderRoom(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
  options: ThreadOptions & { status?: number } = {},
) {
  const found = openRoom(member, roomId);
  const { entry, index } = found;
  const { cohort, course, schedule, organises, userId } = member;
  // Totals and visitors are the same for everyone; "new since your last visit" is each
  // member's own. All come from memory until a comment or a visit changes them.
  const cache = app.conversationCache;
  const [threads, fresh] = await Promise.all([
    cache.roomTotals(cohort.id, roomId),
    cache.newSinceVisits(cohort.id, roomId, userId),
  ]);
  const totals = new Map(
    entry.room.exhibits.map((e) => [
      e.id,
      threads.get(formatThreadKey(exhibitThread(roomId, e.id))) ?? 0,
    ]),
  );
  // After this visit is recorded, so the reader is among the visitors: the room says
  // "you and N others", never "0 people" to someone standing in it.
  await noteVisit(app, { cohortId: cohort.id, userId, roomId, exhibitId: '' });
  const seen = await cache.roomVisitors(cohort.id, roomId);
  const visitors = {
    others: Math.max(0, seen.count - 1),
    recent: seen.recent
      .filter((v) => v.id !== userId)
      .slice(0, 5)
      .map((v) => v.name),
  };
  const next = schedule[index + 1];
  // The icebreaker: the room's own thread, pinned above the exhibits.
  const icebreaker = entry.room.icebreaker
    ? await loadThread(
        app,
        request,
        member,
        {
          key: icebreakerThread(roomId),
          href: paths.room(cohort.slug, roomId),
          roomId,
        },
        options,
      )
    : null;
  const place = { app, request, member, room: entry.room, exhibit: null };
  const [panels, intro] = await Promise.all([
    app.panels.room.load(place),
    app.blocks.fill(entry.room.introHtml, place),
  ]);
  return reply.page(
    'conversation/room',
    {
      title: entry.room.title,
      rawTitle: true,
      cohort,
      course,
      room: entry.room,
      opensAt: entry.opensAt,
      preview: !entry.open,
      previous: schedule[index - 1]?.room ?? null,
      next: next?.open || organises ? (next?.room ?? null) : null,
      /** Comments per exhibit, and new ones per exhibit since the member's last visit. */
      totals,
      fresh,
      visitors,
      panels,
      thread: icebreaker,
      /** The introduction in pieces: the text and the blocks (polls) written into it. */
      intro,
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}

/**
 * The icebreaker of a room (…/:room/comments): in a room open to the member (organisers: any
 * room) that has one, or a 404.
 */
export function icebreakerTarget(
  app: FastifyInstance,
  member: Membership,
  roomId: string,
): ThreadTarget {
  const access = roomAccess(member, roomId);
  if (!access?.visible || !access.entry.room.icebreaker) throw new NotFoundError();
  return {
    key: icebreakerThread(roomId),
    href: paths.room(member.cohort.slug, roomId),
    roomId,
    render: (request, reply, options) => renderRoom(app, request, reply, member, roomId, options),
  };
}

export async function renderExhibit(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
  exhibitId: string,
  options: ThreadOptions & { status?: number } = {},
) {
  const found = openRoom(member, roomId);
  const { entry } = found;
  const exhibits = entry.room.exhibits;
  const index = exhibits.findIndex((e) => e.id === exhibitId);
  const exhibit = exhibits[index];
  if (!exhibit) throw new NotFoundError();
  const { cohort, course, userId } = member;
  const href = paths.exhibit(cohort.slug, roomId, exhibitId);
  const thread: ThreadView = await loadThread(
    app,
    request,
    member,
    { key: exhibitThread(roomId, exhibitId), href, roomId },
    options,
  );
  if (!options.after) {
    await noteVisit(app, { cohortId: cohort.id, userId, roomId, exhibitId });
  }
  const place = { app, request, member, room: entry.room, exhibit };
  const [panels, note] = await Promise.all([
    app.panels.exhibit.load(place),
    app.blocks.fill(exhibit.noteHtml, place),
  ]);
  return reply.page(
    'conversation/exhibit',
    {
      title: exhibit.title,
      rawTitle: true,
      cohort,
      course,
      room: entry.room,
      exhibit,
      preview: !entry.open,
      opensAt: entry.opensAt,
      previous: exhibits[index - 1] ?? null,
      next: exhibits[index + 1] ?? null,
      thread,
      panels,
      /** The note in pieces: the text and the blocks (polls) written into it. */
      note,
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}

/**
 * The thread under an exhibit (…/:room/:exhibit/comments): in a room open to the member
 * (organisers: any room), or a 404 — not "opens on …", which is the exhibit page's to say.
 */
export function exhibitTarget(
  app: FastifyInstance,
  member: Membership,
  roomId: string,
  exhibitId: string,
): ThreadTarget {
  const access = roomAccess(member, roomId);
  if (!access?.visible || !access.entry.room.exhibits.some((e) => e.id === exhibitId)) {
    throw new NotFoundError();
  }
  return {
    key: exhibitThread(roomId, exhibitId),
    href: paths.exhibit(member.cohort.slug, roomId, exhibitId),
    roomId,
    render: (request, reply, options) =>
      renderExhibit(app, request, reply, member, roomId, exhibitId, options),
  };
}
