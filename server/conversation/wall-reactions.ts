// What others do with a find on the wall, as with a comment: like it, or report it to the
// organisers. Plain form posts (POST → 303 back to the find or the wall) that htmx swaps in
// place: the response is then the find's actions partial, which the wall and the page share.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { memberOf } from '../core/access.ts';
import { text } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { isFragmentRequest } from '../core/views.ts';
import { roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import type { MessageKey } from '../i18n/index.ts';
import { checkLikeRate } from './limits.ts';
import { findVisibleContribution, visibleContribution } from './thread.ts';
import { flagContribution, setContributionLike, type WallItem } from './wall.ts';

const itemSchema = params({ cohort: slugParam, room: slugParam, id: idParam });

type ItemParams = { cohort: string; room: string; id: string };
type Body = { like?: string; reason?: string; from?: string };

export default async function wallReactionRoutes(app: FastifyInstance) {
  /**
   * Someone else's find that this member may act on now: one they can see, in a room open
   * to them. Their own find, or one in a room yet to open, is not there to like or report.
   */
  async function othersItem(request: FastifyRequest): Promise<WallItem> {
    const member = memberOf(request);
    const { room, id } = request.params as ItemParams;
    const item = await visibleContribution(app, member, room, id);
    const own = item.authorId !== null && item.authorId === member.userId;
    if (own || !roomAccess(member, item.roomId)?.visible) throw new NotFoundError();
    return item;
  }

  /** Where the find was acted on: the wall (a fixed word, never an address) or its page. */
  function hrefs(request: FastifyRequest, item: WallItem, from: unknown) {
    const cohortSlug = memberOf(request).cohort.slug;
    const onWall = from === 'wall';
    return {
      cohortSlug,
      from: onWall ? 'wall' : '',
      back: onWall
        ? `${paths.wall(cohortSlug, item.roomId)}#item-${item.id}`
        : paths.find(cohortSlug, item.roomId, item.id),
    };
  }

  /** After an action: the find's actions, changed (htmx), or back where the member was. */
  async function done(
    request: FastifyRequest<{ Body: Body }>,
    reply: FastifyReply,
    item: WallItem,
    flash: MessageKey | null,
  ) {
    const links = hrefs(request, item, request.body?.from);
    if (!isFragmentRequest(request)) {
      if (flash) reply.flash({ key: flash });
      return reply.redirect(links.back, 303);
    }
    const member = memberOf(request);
    const viewerId = member.userId;
    const shown = await findVisibleContribution(
      app,
      member,
      item.roomId,
      String(item.id),
      viewerId,
    );
    if (!shown) return reply.code(200).type('text/html').send('');
    return reply.page(
      'conversation/_wall-actions',
      // Said in place (role=status), since no page load brings a flash message.
      { title: '', item: shown, viewerId, ...links, done: flash },
      { fragment: true, locale: request.localeFor(member.course.language) },
    );
  }

  app.post<{ Params: ItemParams; Body: Body }>(
    '/c/:cohort/:room/wall/:id/like',
    { schema: itemSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const item = await othersItem(request);
      const like = request.body?.like !== 'off';
      if (like) await checkLikeRate(app, request);
      await setContributionLike(app.db, item.id, memberOf(request).userId, like);
      return done(request, reply, item, null);
    },
  );

  app.get<{ Params: ItemParams; Querystring: { from?: string } }>(
    '/c/:cohort/:room/wall/:id/flag',
    { schema: itemSchema },
    async (request, reply) => {
      const item = await othersItem(request);
      const member = memberOf(request);
      const data = { title: 'wall.flagTitle', item, ...hrefs(request, item, request.query.from) };
      const locale = request.localeFor(member.course.language);
      if (isFragmentRequest(request)) {
        return reply.page('conversation/_wall-flag-form', data, { fragment: true, locale });
      }
      return reply.page('conversation/wall-flag', data, { locale });
    },
  );

  app.post<{ Params: ItemParams; Body: Body }>(
    '/c/:cohort/:room/wall/:id/flag',
    { schema: itemSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const item = await othersItem(request);
      await flagContribution(app.db, {
        cohortId: item.cohortId,
        contributionId: item.id,
        userId: memberOf(request).userId,
        // As with comments: a report without words still reaches the organisers.
        reason: text(request.body?.reason, { max: 500 }) || '—',
      });
      return done(request, reply, item, 'comment.flagged');
    },
  );
}
