// Talking about exhibits: post, reply, like, edit, remove, flag, spotlight, and "show more".
// Every action works as a plain form post (POST → 303 → GET) and, with htmx, in place: the
// response is then the same partial the page includes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Comment } from '../../db/schema.ts';
import {
  memberOf,
  membershipIn,
  redirectToSignIn,
  requireMember,
  requireOrganiser,
} from '../core/access.ts';
import { findCohortById } from '../core/cohorts.ts';
import { loadCohortContext } from '../core/context.ts';
import { text } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { isFragmentRequest } from '../core/views.ts';
import { notAllowedPage, notFoundPage } from '../http/errors.ts';
import { idParam, params, readId, slugParam } from '../http/params.ts';
import type { MessageKey } from '../i18n/index.ts';
import { tooFast } from './limits.ts';
import {
  createComment,
  decodeCursor,
  editComment,
  findComment,
  findPostedComment,
  findThreadComment,
  flagComment,
  listFlaggedComments,
  moderate,
  removeComment,
  setLike,
  setSpotlight,
} from './queries.ts';
import {
  canSeeThread,
  checkBody,
  loadThread,
  parseSort,
  postKeyOf,
  targetOf,
  threadHref,
} from './thread.ts';
import { findContribution, listFlaggedContributions, moderateContribution } from './wall.ts';

type Body = {
  body?: string;
  sort?: string;
  reason?: string;
  like?: string;
  on?: string;
  key?: string;
};

declare module 'fastify' {
  interface FastifyRequest {
    comment: Comment | null;
  }
}

const exhibitSchema = params({ cohort: slugParam, room: slugParam, exhibit: slugParam });
const wallSchema = params({ cohort: slugParam, room: slugParam, id: idParam });
const idSchema = params({ id: idParam });

export default async function conversationRoutes(app: FastifyInstance) {
  app.decorateRequest('comment', null);

  // Threads on exhibits: members of the cohort only.
  await app.register(async (members) => {
    members.addHook('preHandler', requireMember(app));

    // "Show more": the next page of comments as a fragment (or the page, without htmx).
    async function showMore(request: FastifyRequest, reply: FastifyReply) {
      const query = request.query as { sort?: string; after?: string };
      const target = await targetOf(app, request);
      if (!target) return notFoundPage(reply);
      if (!isFragmentRequest(request)) {
        const search = new URLSearchParams(query as Record<string, string>).toString();
        return reply.redirect(`${target.href}${search ? `?${search}` : ''}#conversation`, 303);
      }
      const thread = await loadThread(app, request, memberOf(request), target, {
        sort: parseSort(query.sort),
        after: decodeCursor(query.after),
      });
      return reply.page('conversation/_page', { title: '', thread }, { fragment: true });
    }

    async function post(request: FastifyRequest, reply: FastifyReply) {
      const target = await targetOf(app, request);
      if (!target) return notFoundPage(reply);
      const member = memberOf(request);
      const form = (request.body ?? {}) as Body;
      const sort = parseSort(form.sort);
      const authorId = request.user?.id ?? 0;
      const key = postKeyOf(form.key);
      // The same form again (a retry after a timeout): what it posted the first time counts,
      // before the posting limit could call the retry "too fast".
      let comment = key ? await findPostedComment(app.db, member.cohort.id, authorId, key) : null;
      if (!comment) {
        const body = checkBody(form.body);
        const error = body.error ?? (await tooFast(app, request, 'post'));
        if (error || !body.html) {
          const status = body.error ? 422 : 429;
          const options = { sort, draft: body.text, error, status };
          if (!isFragmentRequest(request)) return target.render(request, reply, options);
          const thread = await loadThread(app, request, member, target, options);
          return reply.page(
            'conversation/_thread',
            { title: '', thread },
            { status, fragment: true },
          );
        }
        comment = await createComment(app.db, {
          cohortId: member.cohort.id,
          thread: target.key,
          roomId: target.roomId,
          parentId: null,
          authorId,
          bodyMd: body.text,
          bodyHtml: body.html,
          postKey: key,
          now: app.clock(),
        });
      }
      app.conversationCache.forgetThread(member.cohort.id, target.key, target.roomId);
      if (isFragmentRequest(request)) {
        const thread = await loadThread(app, request, member, target, { sort });
        return reply.page('conversation/_thread', { title: '', thread }, { fragment: true });
      }
      reply.flash({ key: 'comment.posted' });
      return reply.redirect(`${target.href}?sort=${sort}#comment-${comment.id}`, 303);
    }

    const withCsrf = { preHandler: app.csrfProtection };
    members.get('/c/:cohort/:room/:exhibit/comments', { schema: exhibitSchema }, showMore);
    members.post(
      '/c/:cohort/:room/:exhibit/comments',
      { schema: exhibitSchema, ...withCsrf },
      post,
    );
    members.get('/c/:cohort/:room/wall/:id/comments', { schema: wallSchema }, showMore);
    members.post('/c/:cohort/:room/wall/:id/comments', { schema: wallSchema, ...withCsrf }, post);
  });

  // The moderation queue: organisers of the cohort only.
  await app.register(async (organisers) => {
    organisers.addHook('preHandler', requireMember(app));
    organisers.addHook('preHandler', requireOrganiser);
    const cohortSchema = params({ cohort: slugParam });

    organisers.get<{ Params: { cohort: string } }>(
      '/c/:cohort/organise/moderation',
      { schema: cohortSchema },
      async (request, reply) => {
        const member = memberOf(request);
        const flagged = await listFlaggedComments(app.db, member.cohort.id);
        const finds = await listFlaggedContributions(app.db, member.cohort.id);
        const wallOf = (roomId: string) => paths.wall(member.cohort.slug, roomId);
        return reply.page(
          'conversation/moderation',
          {
            title: 'moderation.title',
            cohort: member.cohort,
            course: member.course,
            flagged: flagged.map((f) => ({
              ...f,
              href: threadHref(member.cohort.slug, f.roomId, f.thread),
            })),
            finds: finds.map((f) => ({
              ...f,
              href: `${wallOf(f.roomId)}#item-${f.contributionId}`,
            })),
          },
          { locale: request.localeFor(member.course.language) },
        );
      },
    );

    type Decision = { comment?: string; find?: string; action?: string };
    organisers.post<{ Params: { cohort: string }; Body: Decision }>(
      '/c/:cohort/organise/moderation',
      { schema: cohortSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const action = request.body?.action;
        if (action !== 'hide' && action !== 'restore' && action !== 'dismiss') {
          return notFoundPage(reply);
        }
        // A decision is on a comment or on a find on the wall, named by its own field.
        if (request.body?.find !== undefined) {
          const id = readId(request.body.find);
          const item = id === null ? null : await findContribution(app.db, id);
          if (!item || item.cohortId !== member.cohort.id) return notFoundPage(reply);
          await moderateContribution(app.db, item.id, action, app.clock());
          app.conversationCache.forgetThread(item.cohortId, `wall:${item.id}`, item.roomId);
          reply.flash({ key: `moderation.findDone.${action}` as MessageKey });
          return reply.redirect(paths.desk(member.cohort.slug, 'moderation'), 303);
        }
        const id = readId(request.body?.comment);
        const comment = id === null ? null : await findComment(app.db, id);
        if (!comment || comment.cohortId !== member.cohort.id) return notFoundPage(reply);
        await moderate(app.db, comment.id, action, app.clock());
        app.conversationCache.forgetThread(comment.cohortId, comment.thread, comment.roomId);
        reply.flash({ key: `moderation.done.${action}` as MessageKey });
        return reply.redirect(paths.desk(member.cohort.slug, 'moderation'), 303);
      },
    );
  });

  // Actions on one comment: the guard finds the comment, its cohort and the member's role.
  await app.register(async (scope) => {
    scope.addHook('preHandler', async (request, reply) => {
      const { id } = request.params as { id: string };
      const comment = await findComment(app.db, Number(id));
      const cohort = comment ? await findCohortById(app.db, comment.cohortId) : null;
      const context = cohort ? await loadCohortContext(app, cohort.slug) : null;
      if (!comment || !context) return notFoundPage(reply);
      if (!request.user) return redirectToSignIn(request, reply);
      const member = membershipIn(app, request, context);
      // Hidden comments do not exist for learners, not even to act on.
      if (!member || (comment.hiddenAt && !member.organises)) return notFoundPage(reply);
      // A comment is seen and used only where its page can be: not in a room yet to open.
      if (!(await canSeeThread(app, member, comment))) return notFoundPage(reply);
      request.member = member;
      request.comment = comment;
    });

    /** After an action: the comment's top-level partial (htmx) or back to its thread. */
    async function done(request: FastifyRequest, reply: FastifyReply, flash: MessageKey | null) {
      const comment = request.comment as Comment;
      const member = memberOf(request);
      // Every action lands here: what the thread shows (and its room counts) changed.
      app.conversationCache.forgetThread(comment.cohortId, comment.thread, comment.roomId);
      const topId = comment.parentId ?? comment.id;
      const href = threadHref(member.cohort.slug, comment.roomId, comment.thread);
      if (isFragmentRequest(request)) {
        const top = await findThreadComment(app.db, topId, request.user?.id ?? 0, member.organises);
        if (!top) return reply.code(200).type('text/html').send('');
        const thread = {
          viewerId: request.user?.id ?? 0,
          organises: member.organises,
          now: app.clock(),
        };
        return reply.page(
          'conversation/_comment',
          // Said in place (role=status), since no page load brings a flash message.
          { title: '', c: top, top, thread, done: flash },
          { fragment: true, locale: request.localeFor(member.course.language) },
        );
      }
      if (flash) reply.flash({ key: flash });
      return reply.redirect(`${href}#comment-${topId}`, 303);
    }

    const own = (request: FastifyRequest) =>
      request.comment?.authorId !== null && request.comment?.authorId === request.user?.id;

    /**
     * The reply and report forms, fetched when asked for rather than sent with every comment
     * (a thread page is then a third of the size): in place with htmx, or as a page.
     */
    type FormState = { draft?: string; error?: MessageKey | null; status?: number };

    /** What the edit, reply and report forms show: the typed text, its error, the way back. */
    function formData(
      request: FastifyRequest,
      title: MessageKey,
      shown: unknown,
      state: FormState,
    ) {
      const comment = request.comment as Comment;
      const member = memberOf(request);
      return {
        title,
        comment: shown,
        topId: comment.parentId ?? comment.id,
        draft: state.draft ?? '',
        error: state.error ?? null,
        back: `${threadHref(member.cohort.slug, comment.roomId, comment.thread)}#comment-${comment.id}`,
      };
    }

    async function commentForm(
      request: FastifyRequest,
      reply: FastifyReply,
      kind: 'reply' | 'flag',
      state: FormState = {},
    ) {
      const comment = request.comment as Comment;
      const member = memberOf(request);
      const shown = await findThreadComment(app.db, comment.id, 0, member.organises);
      if (!shown || comment.deletedAt) return notFoundPage(reply);
      const partial = kind === 'reply' ? '_reply-form' : '_flag-form';
      const title = kind === 'reply' ? 'comment.replyTitle' : 'comment.flagTitle';
      const data = { ...formData(request, title, shown, state), form: `./${partial}` };
      const locale = request.localeFor(member.course.language);
      const status = state.status ?? 200;
      if (!isFragmentRequest(request)) {
        return reply.page('conversation/comment-form', data, { status, locale });
      }
      if (status !== 200) {
        // A failed post was aimed at the whole comment; put the form back in its own place.
        reply.header('hx-retarget', `#${kind}-form-${comment.id}`);
        reply.header('hx-reswap', 'outerHTML');
      }
      return reply.page(`conversation/${partial}`, data, { status, locale, fragment: true });
    }

    scope.get<{ Params: { id: string } }>(
      '/comments/:id/reply',
      { schema: idSchema },
      (request, reply) => commentForm(request, reply, 'reply'),
    );
    scope.get<{ Params: { id: string } }>(
      '/comments/:id/flag',
      { schema: idSchema },
      (request, reply) =>
        own(request) ? notFoundPage(reply) : commentForm(request, reply, 'flag'),
    );

    scope.post<{ Params: { id: string }; Body: Body }>(
      '/comments/:id/reply',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const parent = request.comment as Comment;
        if (parent.deletedAt) return notFoundPage(reply);
        const authorId = request.user?.id ?? 0;
        const key = postKeyOf(request.body?.key);
        const posted = key ? await findPostedComment(app.db, parent.cohortId, authorId, key) : null;
        // One level of replies: answering a reply joins its parent's replies.
        const topId = parent.parentId ?? parent.id;
        if (!posted) {
          const body = checkBody(request.body?.body);
          const error = body.error ?? (await tooFast(app, request, 'post'));
          if (error || !body.html) {
            const status = body.error ? 422 : 429;
            return commentForm(request, reply, 'reply', { draft: body.text, error, status });
          }
          await createComment(app.db, {
            cohortId: parent.cohortId,
            thread: parent.thread,
            roomId: parent.roomId,
            parentId: topId,
            authorId,
            bodyMd: body.text,
            bodyHtml: body.html,
            postKey: key,
            now: app.clock(),
          });
        }
        request.comment = { ...parent, id: topId, parentId: null };
        return done(request, reply, 'comment.replied');
      },
    );

    scope.post<{ Params: { id: string }; Body: Body }>(
      '/comments/:id/like',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const like = request.body?.like !== 'off';
        if (like) {
          const limited = await tooFast(app, request, 'like');
          if (limited) {
            return reply.page(
              'errors/error',
              { title: 'limits.title', message: limited },
              { status: 429, fragment: false },
            );
          }
        }
        const comment = request.comment as Comment;
        await setLike(app.db, comment.id, request.user?.id ?? 0, like);
        app.conversationCache.forgetLikes(comment.cohortId, comment.thread, request.user?.id ?? 0);
        return done(request, reply, null);
      },
    );

    scope.get<{ Params: { id: string } }>(
      '/comments/:id/edit',
      { schema: idSchema },
      async (request, reply) => {
        const comment = request.comment as Comment;
        if (!own(request) || comment.deletedAt) return notFoundPage(reply);
        const data = formData(request, 'comment.editTitle', comment, { draft: comment.bodyMd });
        if (isFragmentRequest(request))
          return reply.page('conversation/edit', data, { fragment: true });
        return reply.page('conversation/edit-page', data);
      },
    );

    scope.post<{ Params: { id: string }; Body: Body }>(
      '/comments/:id/edit',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const comment = request.comment as Comment;
        if (!own(request) || comment.deletedAt) return notFoundPage(reply);
        const body = checkBody(request.body?.body);
        if (body.error || !body.html) {
          const state = { draft: body.text, error: body.error };
          const data = formData(request, 'comment.editTitle', comment, state);
          return isFragmentRequest(request)
            ? reply.page('conversation/edit', data, { status: 422, fragment: true })
            : reply.page('conversation/edit-page', data, { status: 422 });
        }
        await editComment(
          app.db,
          comment.id,
          { bodyMd: body.text, bodyHtml: body.html },
          app.clock(),
        );
        return done(request, reply, 'comment.saved');
      },
    );

    scope.post<{ Params: { id: string } }>(
      '/comments/:id/delete',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        if (!own(request)) return notFoundPage(reply);
        await removeComment(app.db, request.comment as Comment, app.clock());
        return done(request, reply, 'comment.removedFlash');
      },
    );

    scope.post<{ Params: { id: string }; Body: Body }>(
      '/comments/:id/flag',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const reason = text(request.body?.reason, { max: 500 });
        const comment = request.comment as Comment;
        if (!own(request)) {
          await flagComment(app.db, {
            cohortId: comment.cohortId,
            commentId: comment.id,
            userId: request.user?.id ?? 0,
            reason: reason || '—',
          });
          app.conversationCache.forgetFlags(
            comment.cohortId,
            comment.thread,
            request.user?.id ?? 0,
          );
        }
        return done(request, reply, 'comment.flagged');
      },
    );

    scope.post<{ Params: { id: string }; Body: Body }>(
      '/comments/:id/spotlight',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const comment = request.comment as Comment;
        if (!memberOf(request).organises) {
          return notAllowedPage(reply);
        }
        await setSpotlight(app.db, comment.id, request.body?.on !== 'off', app.clock());
        return done(request, reply, null);
      },
    );
  });
}
