// The pages inside a cohort: a room (with counts, visitors and your progress) and an exhibit
// (with its conversation). Shared by the museum routes and by the conversation routes, which
// re-render them with a form's error and typed text.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { paths } from '../core/paths.ts';
import { openRoom } from '../core/visibility.ts';
import { notFoundPage } from '../http/errors.ts';
import { roomGroup } from './cache.ts';
import { countNewSinceVisits, countRoomComments } from './queries.ts';
import { loadThread, type ThreadOptions, type ThreadView } from './thread.ts';
import { recordVisit, roomVisitors } from './visits.ts';

/** Records a visit; when it was written, what the room shows about visits is out of date. */
async function visited(app: FastifyInstance, visit: Parameters<typeof recordVisit>[1]) {
  if (await recordVisit(app.db, visit, app.clock(), app.visitRewriteMs)) {
    app.conversationCache.forgetVisit(visit.cohortId, visit.roomId, visit.userId);
  }
}

export async function renderRoom(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
) {
  const found = openRoom(member, roomId);
  const { entry, index } = found;
  const { cohort, course, schedule, organises } = member;
  const userId = request.user?.id ?? 0;
  // Totals and visitors are the same for everyone; "new since your last visit" is each
  // member's own. All come from memory until a comment or a visit changes them.
  const { counts, visitors: seenBy } = app.conversationCache;
  const group = roomGroup(cohort.id, roomId);
  const [totals, fresh] = await Promise.all([
    counts.get(group, 'totals', () => countRoomComments(app.db, cohort.id, roomId)),
    counts.get(group, `viewer:${userId}`, () =>
      countNewSinceVisits(app.db, cohort.id, roomId, userId),
    ),
  ]);
  // After this visit is recorded, so the reader is among the visitors: the room says
  // "you and N others", never "0 people" to someone standing in it.
  await visited(app, { cohortId: cohort.id, userId, roomId, exhibitId: '' });
  const seen = await seenBy.get(group, '', () => roomVisitors(app.db, cohort.id, roomId));
  const visitors = {
    others: Math.max(0, seen.count - 1),
    recent: seen.recent
      .filter((v) => v.id !== userId)
      .slice(0, 5)
      .map((v) => v.name),
  };
  const next = schedule[index + 1];
  const panels = await app.panels.room.load({
    app,
    request,
    member,
    room: entry.room,
    exhibit: null,
  });
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
      totals,
      fresh,
      visitors,
      panels,
    },
    { locale: request.localeFor(course.language) },
  );
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
  if (!exhibit) return notFoundPage(reply);
  const { cohort, course } = member;
  const href = paths.exhibit(cohort.slug, roomId, exhibitId);
  const thread: ThreadView = await loadThread(
    app,
    request,
    member,
    { key: `exhibit:${roomId}/${exhibitId}`, href, roomId },
    options,
  );
  if (!options.after) {
    await visited(app, { cohortId: cohort.id, userId: request.user?.id ?? 0, roomId, exhibitId });
  }
  const panels = await app.panels.exhibit.load({ app, request, member, room: entry.room, exhibit });
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
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}
