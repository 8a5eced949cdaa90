// The wall: members hang up their own finds for a room; organisers feature or hide them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Membership, memberOf, requireMember } from '../core/access.ts';
import { type FieldErrors, fieldError, httpUrl, length, text } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { bodyMax, renderBody } from '../core/render.ts';
import { roomAccess } from '../core/visibility.ts';
import { NotFoundError, notAllowedPage, notFoundPage } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import { tooFast } from './limits.ts';
import { decodeCursor } from './queries.ts';
import { parseSort, visibleContribution } from './thread.ts';
import { createContribution, editContribution, findContribution, type WallItem } from './wall.ts';
import { renderContribution, renderWall, renderWallEdit, type WallForm } from './wall-pages.ts';
import wallReactionRoutes from './wall-reactions.ts';
import { markFind, removeFind } from './writes.ts';

const titleMax = 200;
const roomSchema = params({ cohort: slugParam, room: slugParam });
const itemSchema = params({ cohort: slugParam, room: slugParam, id: idParam });

type RoomParams = { cohort: string; room: string };
type ItemParams = RoomParams & { id: string };

/** Checks the wall form; returns the cleaned values or the message per field. */
export function checkContribution(body: Partial<WallForm>) {
  const form = {
    title: text(body.title),
    url: text(body.url),
    note: text(body.note, { multiline: true }),
  };
  const errors: FieldErrors<keyof WallForm> = {};
  const title = form.title;
  if (!title) errors.title = fieldError('wall.titleRequired');
  else if (length(title) > titleMax) errors.title = fieldError('wall.titleTooLong');
  const url = form.url ? httpUrl(form.url) : null;
  if (form.url && !url) errors.url = fieldError('wall.urlInvalid');
  if (!form.note.trim()) errors.note = fieldError('wall.noteRequired');
  else if (length(form.note) > bodyMax) errors.note = fieldError('comment.tooLong');
  return { form, errors, title, url };
}

export default async function wallRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  await app.register(wallReactionRoutes);

  /** The find at this address as the member may see it (hidden ones: organisers only), or a 404. */
  function visibleItem(request: FastifyRequest<{ Params: ItemParams }>) {
    const { room, id } = request.params;
    return visibleContribution(app, memberOf(request), room, id);
  }

  /** The member's own find at this address; anyone else's is not theirs to change (404). */
  async function ownItem(request: FastifyRequest<{ Params: ItemParams }>): Promise<WallItem> {
    const item = await visibleItem(request);
    if (item.authorId === null || item.authorId !== memberOf(request).userId) {
      throw new NotFoundError();
    }
    return item;
  }
  const itemHref = (member: Membership, item: WallItem) =>
    paths.find(member.cohort.slug, item.roomId, item.id);

  app.get<{ Params: RoomParams; Querystring: { after?: string } }>(
    '/c/:cohort/:room/wall',
    { schema: roomSchema },
    (request, reply) =>
      renderWall(app, request, reply, memberOf(request), request.params.room, {
        after: decodeCursor(request.query.after),
      }),
  );

  app.post<{ Params: RoomParams; Body: Partial<WallForm> }>(
    '/c/:cohort/:room/wall',
    { schema: roomSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const { room } = request.params;
      const { form, errors, title, url } = checkContribution(request.body ?? {});
      if (Object.keys(errors).length) {
        return renderWall(app, request, reply, member, room, { form, errors, status: 422 });
      }
      const limited = await tooFast(app, request, 'post');
      if (limited) {
        return renderWall(app, request, reply, member, room, {
          form,
          notice: limited,
          status: 429,
        });
      }
      if (!roomAccess(member, room)?.visible) return notFoundPage(reply);
      const item = await createContribution(app.db, {
        cohortId: member.cohort.id,
        roomId: room,
        authorId: member.userId,
        title,
        url,
        noteMd: form.note,
        noteHtml: renderBody(form.note),
        now: app.clock(),
      });
      reply.flash({ key: 'wall.posted' });
      return reply.redirect(`${paths.wall(member.cohort.slug, room)}#item-${item.id}`, 303);
    },
  );

  app.get<{ Params: ItemParams; Querystring: { sort?: string; after?: string } }>(
    '/c/:cohort/:room/wall/:id',
    { schema: itemSchema },
    async (request, reply) => {
      const member = memberOf(request);
      const item = await visibleItem(request);
      return renderContribution(app, request, reply, member, item, {
        sort: parseSort(request.query.sort),
        after: decodeCursor(request.query.after),
      });
    },
  );

  app.get<{ Params: ItemParams }>(
    '/c/:cohort/:room/wall/:id/edit',
    { schema: itemSchema },
    async (request, reply) => {
      const item = await ownItem(request);
      return renderWallEdit(request, reply, memberOf(request), item);
    },
  );

  app.post<{ Params: ItemParams; Body: Partial<WallForm> }>(
    '/c/:cohort/:room/wall/:id/edit',
    { schema: itemSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const item = await ownItem(request);
      const { form, errors, title, url } = checkContribution(request.body ?? {});
      if (Object.keys(errors).length) {
        return renderWallEdit(request, reply, member, item, { form, errors, status: 422 });
      }
      await editContribution(app.db, item.id, {
        title,
        url,
        noteMd: form.note,
        noteHtml: renderBody(form.note),
      });
      reply.flash({ key: 'wall.saved' });
      return reply.redirect(itemHref(member, item), 303);
    },
  );

  app.post<{ Params: ItemParams }>(
    '/c/:cohort/:room/wall/:id/delete',
    { schema: itemSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const item = await ownItem(request);
      await removeFind(app, item);
      reply.flash({ key: 'wall.deleted' });
      return reply.redirect(paths.wall(member.cohort.slug, item.roomId), 303);
    },
  );

  // Organisers feature a contribution (first on the wall) or hide it from learners.
  for (const field of ['feature', 'hide'] as const) {
    app.post<{ Params: ItemParams; Body: { on?: string } }>(
      `/c/:cohort/:room/wall/:id/${field}`,
      { schema: itemSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const item = await findContribution(app.db, Number(request.params.id));
        if (!item || item.cohortId !== member.cohort.id) return notFoundPage(reply);
        if (!member.organises) {
          return notAllowedPage(reply);
        }
        const on = request.body?.on !== 'off';
        await markFind(app, item, field === 'feature' ? 'featured' : 'hidden', on);
        return reply.redirect(
          `${paths.wall(member.cohort.slug, item.roomId)}#item-${item.id}`,
          303,
        );
      },
    );
  }
}
