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
import { findUserById } from '../core/accounts.ts';
import { findCohortById } from '../core/cohorts.ts';
import { loadCohortContext } from '../core/context.ts';
import { text } from '../core/forms.ts';
import { currentHouseRules } from '../core/house-rules.ts';
import { paths } from '../core/paths.ts';
import {
  carnivalThread,
  circleThread,
  formatThreadKey,
  parseThreadKey,
  storyThread,
  type ThreadKey,
  threadHref,
} from '../core/thread-key.ts';
import { registerUploads } from '../core/uploads.ts';
import { isFragmentRequest } from '../core/views.ts';
import { NotAllowedError, NotFoundError, notAllowedPage, notFoundPage } from '../http/errors.ts';
import { idParam, params, readId, slugParam, wholeNumber } from '../http/params.ts';
import type { MessageKey } from '../i18n/index.ts';
import { checkLikeRate, tooFast } from './limits.ts';
import { type ModerationQuery, queueBack, renderModerationPage } from './moderation-page.ts';
import {
  checkWelcomes,
  defaultWelcomes,
  firstPostsAmong,
  personalise,
  saveWelcomes,
  welcomeMax,
  welcomesMax,
  welcomesOf,
} from './new-voices.ts';
import { findPhotoImage, readPhoto, readPhotoFile } from './photos.ts';
import { decodeCursor, findComment, findPostedComment, findThreadComment } from './queries.ts';
import { exhibitTarget, icebreakerTarget } from './room-pages.ts';
import {
  cardsFor,
  checkBody,
  lastVisitBefore,
  loadThread,
  newVoicesFor,
  parseSort,
  postKeyOf,
  type ThreadTarget,
  threadAccessOf,
  threadPageOf,
} from './thread.ts';
import { findContribution } from './wall.ts';
import { findTarget } from './wall-pages.ts';
import {
  decideOnComment,
  decideOnFind,
  editOwnComment,
  likeComment,
  postComment,
  removeOwnComment,
  reportComment,
  spotlightComment,
} from './writes.ts';

type Body = {
  body?: string;
  welcome?: string;
  sort?: string;
  reason?: string;
  /** A report's cited house rule, by id. */
  rule?: string;
  /** What is in the photo posted with an introduction. */
  photo_alt?: string;
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
const roomSchema = params({ cohort: slugParam, room: slugParam });
const wallSchema = params({ cohort: slugParam, room: slugParam, id: idParam });
const idSchema = params({ id: idParam });
const photoSchema = {
  params: {
    type: 'object',
    properties: { id: idParam, file: { type: 'string', pattern: '^[0-9a-f]{32}\\.webp$' } },
    required: ['id', 'file'],
  },
} as const;
const circleSchema = params({ cohort: slugParam, circle: idParam });
const carnivalSchema = params({ cohort: slugParam, room: slugParam, entry: idParam });
const storySchema = params({ cohort: slugParam, session: slugParam });

type ThreadParams = { room: string; exhibit?: string; id?: string };
/** The thread a /comments URL is about, or a 404 (see exhibitTarget and findTarget). */
type TargetOf = (app: FastifyInstance, request: FastifyRequest) => Promise<ThreadTarget>;

const exhibitTargetOf: TargetOf = async (app, request) => {
  const { room, exhibit } = request.params as ThreadParams;
  return exhibitTarget(app, memberOf(request), room, exhibit ?? '');
};
const icebreakerTargetOf: TargetOf = async (app, request) => {
  const { room } = request.params as ThreadParams;
  return icebreakerTarget(app, memberOf(request), room);
};
const findTargetOf: TargetOf = (app, request) => {
  const { room, id } = request.params as ThreadParams;
  return findTarget(app, memberOf(request), room, id);
};

/**
 * A thread on another feature's page (a circle's, a carnival post's): that feature says who may
 * read and post (app.threadPlaces) and shows its page again; a GET needs reading, a POST
 * writing. Comments are filed under the room the owner names.
 */
const placeTargetOf =
  (keyOf: (params: Record<string, string>) => ThreadKey): TargetOf =>
  async (app, request) => {
    const member = memberOf(request);
    const key = keyOf(request.params as Record<string, string>);
    const owner = app.threadPlaces.get(key.kind);
    if (!owner) throw new NotFoundError();
    const access = await owner.access(app, member, key);
    if (access === 'missing') throw new NotFoundError();
    const needs = request.method === 'GET' ? ['read', 'write'] : ['write'];
    if (!needs.includes(access)) throw new NotAllowedError();
    const roomId = await owner.roomOf(member, key);
    return {
      key,
      href: threadHref(member.cohort.slug, key, roomId),
      roomId,
      render: (req, reply, options) => owner.render(app, req, reply, member, key, options),
    };
  };
const circleTargetOf = placeTargetOf((p) => circleThread(Number(p.circle)));
const carnivalTargetOf = placeTargetOf((p) => carnivalThread(Number(p.entry)));
const storyTargetOf = placeTargetOf((p) => storyThread(p.session ?? ''));

export default async function conversationRoutes(app: FastifyInstance) {
  app.decorateRequest('comment', null);

  // Threads on exhibits: members of the cohort only.
  await app.register(async (members) => {
    // The icebreaker's form may carry a photo, so it is posted as multipart.
    await registerUploads(members);
    members.addHook('preHandler', requireMember(app));

    // "Show more": the next page of comments as a fragment (or the page, without htmx).
    const showMore =
      (targetOf: TargetOf) => async (request: FastifyRequest, reply: FastifyReply) => {
        const query = request.query as { sort?: string; after?: string };
        const target = await targetOf(app, request);
        if (!isFragmentRequest(request)) {
          const search = new URLSearchParams(query as Record<string, string>).toString();
          return reply.redirect(`${target.href}${search ? `?${search}` : ''}#conversation`, 303);
        }
        const thread = await loadThread(app, request, memberOf(request), target, {
          sort: parseSort(query.sort),
          after: decodeCursor(query.after),
        });
        return reply.page('conversation/_page', { title: '', thread }, { fragment: true });
      };

    const post = (targetOf: TargetOf) => async (request: FastifyRequest, reply: FastifyReply) => {
      const target = await targetOf(app, request);
      const member = memberOf(request);
      const form = (request.body ?? {}) as Body;
      const sort = parseSort(form.sort);
      const authorId = member.userId;
      const key = postKeyOf(form.key);
      // The same form again (a retry after a timeout): what it posted the first time counts,
      // before the posting limit could call the retry "too fast".
      let comment = key ? await findPostedComment(app.db, member.cohort.id, authorId, key) : null;
      if (!comment) {
        const body = checkBody(form.body);
        // An introduction may carry a photo (it arrives as multipart); other threads take none.
        const photo =
          target.key.kind === 'icebreaker'
            ? await readPhoto(request, form.photo_alt)
            : { alt: '', photo: null, error: null };
        const error = body.error ?? (photo.error ? null : await tooFast(app, request, 'post'));
        if (error || photo.error || !body.html) {
          const status = body.error || photo.error ? 422 : 429;
          // A file input cannot be filled in again: a good photo refused with the text says so.
          const photoError = photo.error ?? (photo.photo ? 'comment.photo.chooseAgain' : null);
          const options = { sort, draft: body.text, error, status, alt: photo.alt, photoError };
          if (!isFragmentRequest(request)) return target.render(request, reply, options);
          const thread = await loadThread(app, request, member, target, options);
          return reply.page(
            'conversation/_thread',
            { title: '', thread },
            { status, fragment: true },
          );
        }
        comment = await postComment(
          app,
          {
            cohortId: member.cohort.id,
            thread: formatThreadKey(target.key),
            roomId: target.roomId,
            parentId: null,
            authorId,
            bodyMd: body.text,
            bodyHtml: body.html,
            postKey: key,
            now: app.clock(),
          },
          photo.photo,
        );
      }
      if (isFragmentRequest(request)) {
        const thread = await loadThread(app, request, member, target, { sort });
        return reply.page('conversation/_thread', { title: '', thread }, { fragment: true });
      }
      reply.flash({ key: 'comment.posted' });
      return reply.redirect(`${target.href}?sort=${sort}#comment-${comment.id}`, 303);
    };

    const withCsrf = { preHandler: app.csrfProtection };
    const exhibitComments = '/c/:cohort/:room/:exhibit/comments';
    const findComments = '/c/:cohort/:room/wall/:id/comments';
    members.get(exhibitComments, { schema: exhibitSchema }, showMore(exhibitTargetOf));
    members.post(exhibitComments, { schema: exhibitSchema, ...withCsrf }, post(exhibitTargetOf));
    // A room's icebreaker: its thread is the room page's own ('comments' is no room or
    // exhibit id, the content check sees to that).
    const roomComments = '/c/:cohort/:room/comments';
    members.get(roomComments, { schema: roomSchema }, showMore(icebreakerTargetOf));
    members.post(roomComments, { schema: roomSchema, ...withCsrf }, post(icebreakerTargetOf));
    members.get(findComments, { schema: wallSchema }, showMore(findTargetOf));
    members.post(findComments, { schema: wallSchema, ...withCsrf }, post(findTargetOf));
    const circleComments = '/c/:cohort/circles/:circle/comments';
    members.get(circleComments, { schema: circleSchema }, showMore(circleTargetOf));
    members.post(circleComments, { schema: circleSchema, ...withCsrf }, post(circleTargetOf));
    const carnivalComments = '/c/:cohort/:room/carnival/:entry/comments';
    members.get(carnivalComments, { schema: carnivalSchema }, showMore(carnivalTargetOf));
    members.post(carnivalComments, { schema: carnivalSchema, ...withCsrf }, post(carnivalTargetOf));
    // A live hour's published story (the session is named by its room).
    const storyComments = '/c/:cohort/live/:session/story/comments';
    members.get(storyComments, { schema: storySchema }, showMore(storyTargetOf));
    members.post(storyComments, { schema: storySchema, ...withCsrf }, post(storyTargetOf));
  });

  // The moderation queue: organisers of the cohort only.
  await app.register(async (organisers) => {
    organisers.addHook('preHandler', requireMember(app));
    organisers.addHook('preHandler', requireOrganiser);
    const cohortSchema = params({ cohort: slugParam });

    organisers.get<{ Params: { cohort: string }; Querystring: ModerationQuery }>(
      '/c/:cohort/organise/moderation',
      { schema: cohortSchema },
      (request, reply) =>
        renderModerationPage(app, request, reply, memberOf(request), request.query ?? {}),
    );

    // The welcomes for new voices: one a line, the app's own when left empty.
    const renderWelcomes = async (
      request: FastifyRequest,
      reply: FastifyReply,
      state: { typed?: string; error?: MessageKey; status?: number } = {},
    ) => {
      const member = memberOf(request);
      const language = member.course.language;
      const current = await welcomesOf(app.db, member.cohort.id, language);
      return reply.page(
        'conversation/welcomes',
        {
          title: 'welcome.title',
          cohort: member.cohort,
          course: member.course,
          typed: state.typed ?? current.join('\n'),
          error: state.error ?? null,
          defaults: defaultWelcomes(language),
          welcomesMax,
          welcomeMax,
        },
        { status: state.status ?? 200, locale: request.localeFor(language) },
      );
    };
    organisers.get('/c/:cohort/organise/moderation/welcomes', { schema: cohortSchema }, (r, p) =>
      renderWelcomes(r, p),
    );
    organisers.post<{ Params: { cohort: string }; Body: { welcomes?: string } }>(
      '/c/:cohort/organise/moderation/welcomes',
      { schema: cohortSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const typed = text(request.body?.welcomes, { multiline: true, max: 5000 });
        const { welcomes, error } = checkWelcomes(typed);
        if (error) return renderWelcomes(request, reply, { typed, error, status: 422 });
        await saveWelcomes(app.db, member.cohort.id, welcomes, app.clock());
        reply.flash({ key: 'welcome.saved' });
        return reply.redirect(paths.deskWelcomes(member.cohort.slug), 303);
      },
    );

    type Decision = ModerationQuery & { comment?: string; find?: string; action?: string };
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
          await decideOnFind(app, item, action);
          reply.flash({ key: `moderation.findDone.${action}` as MessageKey });
          return reply.redirect(queueBack(member.cohort.slug, request.body), 303);
        }
        const id = readId(request.body?.comment);
        const comment = id === null ? null : await findComment(app.db, id);
        if (!comment || comment.cohortId !== member.cohort.id) return notFoundPage(reply);
        await decideOnComment(app, comment, action);
        reply.flash({ key: `moderation.done.${action}` as MessageKey });
        return reply.redirect(queueBack(member.cohort.slug, request.body), 303);
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
      if (!comment || !context) throw new NotFoundError();
      if (!request.user) return redirectToSignIn(request, reply);
      const member = membershipIn(app, request, context);
      // Hidden comments do not exist for learners, not even to act on.
      if (!member || (comment.hiddenAt && !member.organises)) throw new NotFoundError();
      // A comment is seen and used only where its page can be: not in a room yet to open.
      // Acting on one (every route here writes: a reply, a like, a report) needs the right
      // to write there; a circle's guest who may only read is refused.
      const access = await threadAccessOf(app, member, comment);
      if (access === 'missing') throw new NotFoundError();
      if (access !== 'write') throw new NotAllowedError();
      request.member = member;
      request.comment = comment;
    });

    /** After an action: the comment's top-level partial (htmx) or back to its thread. */
    async function done(request: FastifyRequest, reply: FastifyReply, flash: MessageKey | null) {
      const comment = request.comment as Comment;
      const member = memberOf(request);
      const topId = comment.parentId ?? comment.id;
      const href = threadPageOf(member.cohort.slug, comment);
      if (isFragmentRequest(request)) {
        const top = await findThreadComment(app.db, topId, member.userId, member.organises);
        if (!top) return reply.code(200).type('text/html').send('');
        const key = parseThreadKey(comment.thread);
        const thread = {
          viewerId: member.userId,
          organises: member.organises,
          now: app.clock(),
          // The page's marks stay on the comment it swaps (see lastVisitBefore).
          since: key ? await lastVisitBefore(app, member, key) : null,
          cards: key ? await cardsFor(app, member, key, [top]) : null,
          ...(await newVoicesFor(app, member, [top])),
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
      request.comment?.authorId !== null && request.comment?.authorId === memberOf(request).userId;

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
        back: `${threadPageOf(member.cohort.slug, comment)}#comment-${comment.id}`,
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
      if (!shown || comment.deletedAt) throw new NotFoundError();
      const partial = kind === 'reply' ? '_reply-form' : '_flag-form';
      const title = kind === 'reply' ? 'comment.replyTitle' : 'comment.flagTitle';
      // A report may cite one of the cohort's house rules.
      const houseRules =
        kind === 'flag'
          ? (await currentHouseRules(app.db, member.cohort.id, member.course)).rules
          : [];
      const data = {
        ...formData(request, title, shown, state),
        form: `./${partial}`,
        houseRules,
      };
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

    // The URL names the photo's content, so it may be cached for good, though only by the
    // reader's own browser: the guard above has checked that they may see the comment.
    scope.get<{ Params: { id: string; file: string } }>(
      '/comments/:id/photos/:file',
      { schema: photoSchema },
      async (request, reply) => {
        const hash = readPhotoFile(request.params.file);
        const comment = request.comment as Comment;
        const image = hash ? await findPhotoImage(app.db, comment.id, hash) : null;
        if (!image) throw new NotFoundError();
        return reply
          .header('content-type', 'image/webp')
          .header('cache-control', 'private, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(Buffer.from(image));
      },
    );

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
        const authorId = memberOf(request).userId;
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
          await postComment(app, {
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
        if (like) await checkLikeRate(app, request);
        await likeComment(app, request.comment as Comment, memberOf(request).userId, like);
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
        await editOwnComment(app, comment, { bodyMd: body.text, bodyHtml: body.html });
        return done(request, reply, 'comment.saved');
      },
    );

    scope.post<{ Params: { id: string } }>(
      '/comments/:id/delete',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        if (!own(request)) return notFoundPage(reply);
        await removeOwnComment(app, request.comment as Comment);
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
          const member = memberOf(request);
          // Only a rule the cohort has now; anything else cites none.
          const cited = text(request.body?.rule);
          const rules = cited
            ? (await currentHouseRules(app.db, member.cohort.id, member.course)).rules
            : [];
          const ruleId = rules.some((r) => r.id === cited) ? cited : null;
          await reportComment(app, comment, member.userId, reason || '—', ruleId);
        }
        return done(request, reply, 'comment.flagged');
      },
    );

    // "You are seen": an organiser's welcome under a learner's first post, in one click.
    scope.post<{ Params: { id: string }; Body: Body }>(
      '/comments/:id/welcome',
      { schema: idSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const comment = request.comment as Comment;
        const member = memberOf(request);
        if (!member.organises) return notAllowedPage(reply);
        const first = await firstPostsAmong(app.db, comment.cohortId, [comment.id]);
        if (!first.has(comment.id)) return notFoundPage(reply);
        const welcomes = await welcomesOf(app.db, comment.cohortId, member.course.language);
        const chosen =
          welcomes[wholeNumber(request.body?.welcome, 0, welcomesMax) ?? 0] ?? welcomes[0] ?? '';
        const author = comment.authorId ? await findUserById(app.db, comment.authorId) : null;
        const body = checkBody(personalise(chosen, author?.name ?? null));
        const topId = comment.parentId ?? comment.id;
        if (body.html) {
          await postComment(app, {
            cohortId: comment.cohortId,
            thread: comment.thread,
            roomId: comment.roomId,
            parentId: topId,
            authorId: member.userId,
            bodyMd: body.text,
            bodyHtml: body.html,
            postKey: null,
            now: app.clock(),
          });
        }
        request.comment = { ...comment, id: topId, parentId: null };
        return done(request, reply, 'welcome.posted');
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
        await spotlightComment(app, comment, request.body?.on !== 'off');
        return done(request, reply, null);
      },
    );
  });
}
