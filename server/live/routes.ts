// The live hour for members: the page, posting, the stream, the host's hand on the plan,
// moderation, and questions beforehand. Every action is a plain form post that redirects
// back (POST-redirect-GET); the page's script posts messages itself and needs no reload.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { memberOf, requireMember, userOf } from '../core/access.ts';
import { type FieldErrors, fieldError, length, text } from '../core/forms.ts';
import { absolute } from '../core/paths.ts';
import { bodyMax, renderBody } from '../core/render.ts';
import { NotAllowedError, NotFoundError } from '../http/errors.ts';
import { idParam, params, readId, slugParam, wholeNumber } from '../http/params.ts';
import { translator } from '../i18n/index.ts';
import { setAttending } from './attendance.ts';
import type { LiveHub } from './hub.ts';
import { calendarOf } from './ics.ts';
import {
  baseOf,
  type ComposeForm,
  renderCompose,
  renderLivePage,
  streamRenderer,
} from './pages.ts';
import {
  endSession,
  flag,
  hide,
  highlight,
  insertMessage,
  lastMessageAt,
  messageById,
  submitQuestion,
  toggleVote,
  updateSession,
} from './queries.ts';
import { type Live, liveFor, releaseByHand, startNow } from './session.ts';
import { publish, saveStory, withdraw } from './story.ts';
import { renderStoryPage } from './story-thread.ts';

type SessionParams = { cohort: string; session: string };
type MessageParams = SessionParams & { id: string };
const schema = params({ cohort: slugParam, session: slugParam });
const messageSchema = params({ cohort: slugParam, session: slugParam, id: idParam });

export const questionMax = 500;

const load = (app: FastifyInstance, request: FastifyRequest) =>
  liveFor(app, memberOf(request), (request.params as SessionParams).session, userOf(request).email);

/** Only the hour's facilitators may steer it. */
function facilitatorOnly(live: Live) {
  if (!live.facilitator) throw new NotAllowedError();
}

/** The page's script asks for the bare answer instead of a redirect. */
const fromScript = (request: FastifyRequest) => request.headers['x-live-post'] === '1';

const back = (reply: FastifyReply, live: Live, anchor = 'latest') =>
  reply.redirect(`${baseOf(live)}#${anchor}`, 303);

export default async function liveRoutes(app: FastifyInstance, opts: { hub: LiveHub }) {
  const { hub } = opts;
  app.addHook('preHandler', requireMember(app));

  app.get<{ Params: SessionParams }>(
    '/c/:cohort/live/:session',
    { schema },
    async (request, reply) => {
      const live = await load(app, request);
      // Never from a cache: the page is a snapshot the stream carries on from.
      reply.header('cache-control', 'no-store');
      return renderLivePage(app, request, reply, live);
    },
  );

  app.post<{ Params: SessionParams; Body: Record<string, unknown> }>(
    '/c/:cohort/live/:session/messages',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      const form: ComposeForm = {
        body: text(request.body?.body, { multiline: true }),
        reply_to: readId(request.body?.reply_to) ? String(request.body?.reply_to) : '',
      };
      const errors: FieldErrors<'body'> = {};
      const trimmed = form.body.trim();
      const now = app.clock();
      if (live.phase === 'before') errors.body = fieldError('live.error.notStarted');
      else if (live.phase === 'over') errors.body = fieldError('live.error.over');
      else if (!trimmed) errors.body = fieldError('live.error.empty');
      else if (length(trimmed) > bodyMax)
        errors.body = fieldError('live.error.tooLong', { max: bodyMax });
      else if (live.session.slowSeconds && !live.facilitator) {
        const last = await lastMessageAt(app.db, live.session.id, live.member.userId);
        const wait = last
          ? Math.ceil((last.getTime() + live.session.slowSeconds * 1000 - now.getTime()) / 1000)
          : 0;
        if (wait > 0) errors.body = fieldError('live.error.slow', { seconds: wait });
      }
      if (errors.body) {
        if (fromScript(request)) return renderCompose(app, request, reply, live, form, errors);
        return renderLivePage(app, request, reply, live, { form, errors, status: 422 });
      }
      // A reply belongs to the question of the message it answers, however old.
      const replied = form.reply_to ? await messageById(app.db, Number(form.reply_to)) : null;
      const to = replied && replied.sessionId === live.session.id ? replied : null;
      await insertMessage(app.db, {
        sessionId: live.session.id,
        authorId: live.member.userId,
        kind: 'message',
        step: to ? to.step : Math.max(live.session.step, 0),
        replyTo: to?.id ?? null,
        bodyMd: trimmed,
        bodyHtml: renderBody(trimmed),
        now,
      });
      if (fromScript(request)) return reply.code(204).send();
      return back(reply, live);
    },
  );

  app.get<{ Params: SessionParams; Querystring: { after?: string } }>(
    '/c/:cohort/live/:session/stream',
    { schema },
    async (request, reply) => {
      const live = await load(app, request);
      const after = wholeNumber(request.query.after ?? '0') ?? 0;
      const member = live.member;
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      // Reconnect soon after a drop; the client names the last id it saw in the URL.
      raw.write('retry: 2000\n\n');
      if (live.phase === 'over') {
        raw.end('event: end\ndata: \n\n');
        return reply;
      }
      const client = {
        sessionId: live.session.id,
        cohortId: member.cohort.id,
        userId: member.userId,
        facilitator: live.facilitator,
        locale: request.localeFor(member.course.language),
        place: { cohort: member.cohort.slug, room: live.entry.room.id },
        raw,
        lastId: after,
        pending: null,
      };
      request.raw.on('close', () => hub.remove(client));
      raw.on('error', () => hub.remove(client));
      try {
        await hub.open(client, streamRenderer(app, live));
      } catch (err) {
        request.log.error({ err }, 'live stream failed to open');
        hub.remove(client);
        raw.end();
      }
      return reply;
    },
  );

  app.get<{ Params: SessionParams }>(
    '/c/:cohort/live/:session/calendar.ics',
    { schema },
    async (request, reply) => {
      const live = await load(app, request);
      const url = absolute(app.config.baseUrl, baseOf(live));
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${live.member.cohort.slug}-${live.entry.room.id}-live.ics"`,
        )
        .header('cache-control', 'no-store')
        .send(
          calendarOf({
            uid: `live-${live.session.id}@${new URL(app.config.baseUrl).hostname}`,
            title: live.plan.title,
            start: live.startsAt,
            end: new Date(live.startsAt.getTime() + live.plan.minutes * 60_000),
            url,
            now: app.clock(),
          }),
        );
    },
  );

  // "I'll be there" (attending=yes) and "not after all" (no): the first gets the reminder.
  app.post<{ Params: SessionParams; Body: { attending?: unknown } }>(
    '/c/:cohort/live/:session/attend',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      const answer = request.body?.attending;
      if (answer !== 'yes' && answer !== 'no') throw new NotFoundError();
      if (live.phase === 'over') {
        reply.flash({ key: 'live.attend.over' });
        return back(reply, live, 'attend');
      }
      await setAttending(app.db, live.session.id, live.member.userId, answer === 'yes');
      reply.flash({ key: answer === 'yes' ? 'live.attend.saidYes' : 'live.attend.saidNo' });
      return back(reply, live, 'attend');
    },
  );

  // The host's hand on the plan: next step now, skip one, five more minutes, end.
  app.post<{ Params: SessionParams; Body: { action?: unknown } }>(
    '/c/:cohort/live/:session/plan',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      facilitatorOnly(live);
      const action = request.body?.action;
      let changed = false;
      if (action === 'next' || action === 'skip') changed = await releaseByHand(app, live, action);
      else if (action === 'extend' && live.phase === 'running') {
        await updateSession(app.db, live.session.id, {
          stepExtraMinutes: live.session.stepExtraMinutes + 5,
        });
        changed = true;
      } else if (action === 'end') changed = await endSession(app.db, live.session.id, app.clock());
      else throw new NotFoundError();
      reply.flash({ key: changed ? 'live.flash.done' : 'live.flash.nothing' });
      return back(reply, live, 'live-now');
    },
  );

  app.post<{ Params: SessionParams }>(
    '/c/:cohort/live/:session/start',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      facilitatorOnly(live);
      const started = await startNow(app, live);
      reply.flash({ key: started ? 'live.desk.started' : 'live.flash.nothing' });
      return back(reply, live, 'live-now');
    },
  );

  app.post<{ Params: SessionParams; Body: { seconds?: unknown } }>(
    '/c/:cohort/live/:session/slow',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      facilitatorOnly(live);
      const seconds = wholeNumber(text(request.body?.seconds), 0, 600);
      if (seconds === null) throw new NotFoundError();
      await updateSession(app.db, live.session.id, { slowSeconds: seconds });
      reply.flash({ key: 'live.flash.done' });
      return back(reply, live, 'live-now');
    },
  );

  const messageAction =
    (act: (live: Live, messageId: number) => Promise<void>, who: 'facilitator' | 'member') =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const live = await load(app, request);
      if (who === 'facilitator') facilitatorOnly(live);
      const id = readId((request.params as MessageParams).id);
      const m = id ? await messageById(app.db, id) : null;
      if (!m || m.sessionId !== live.session.id) throw new NotFoundError();
      await act(live, m.id);
      if (fromScript(request)) return reply.code(204).send();
      reply.flash({ key: who === 'member' ? 'live.flash.reported' : 'live.flash.done' });
      return back(reply, live, `m-${m.id}`);
    };
  const messageRoute = { schema: messageSchema, preHandler: app.csrfProtection };

  app.post(
    '/c/:cohort/live/:session/messages/:id/highlight',
    messageRoute,
    messageAction(
      (live, messageId) =>
        highlight(app.db, { sessionId: live.session.id, messageId, byId: live.member.userId }),
      'facilitator',
    ),
  );

  // "You are seen": the facilitator's welcome as a reply, in the course's language.
  app.post(
    '/c/:cohort/live/:session/messages/:id/welcome',
    messageRoute,
    messageAction(async (live, messageId) => {
      const m = await messageById(app.db, messageId);
      if (!m?.firstVoice) return;
      const body = translator(live.member.course.language).t('live.welcomeText', {
        name: m.authorName ?? '',
      });
      await insertMessage(app.db, {
        sessionId: live.session.id,
        authorId: live.member.userId,
        kind: 'welcome',
        step: m.step,
        replyTo: m.id,
        bodyMd: body,
        bodyHtml: renderBody(body),
        now: app.clock(),
      });
    }, 'facilitator'),
  );

  app.post(
    '/c/:cohort/live/:session/messages/:id/hide',
    messageRoute,
    messageAction(
      (live, messageId) =>
        hide(app.db, { sessionId: live.session.id, messageId, now: app.clock() }),
      'facilitator',
    ),
  );

  app.post(
    '/c/:cohort/live/:session/messages/:id/flag',
    messageRoute,
    messageAction((live, messageId) => flag(app.db, messageId, live.member.userId), 'member'),
  );

  app.post<{ Params: SessionParams; Body: Record<string, unknown> }>(
    '/c/:cohort/live/:session/questions',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      const body = text(request.body?.body, { multiline: true }).trim();
      const errors: FieldErrors<'body'> = {};
      if (live.phase !== 'before') errors.body = fieldError('live.error.questionOver');
      else if (!body) errors.body = fieldError('live.error.questionEmpty');
      else if (length(body) > questionMax)
        errors.body = fieldError('live.error.questionTooLong', { max: questionMax });
      if (errors.body)
        return renderLivePage(app, request, reply, live, {
          questionForm: { body },
          questionErrors: errors,
          status: 422,
        });
      await submitQuestion(app.db, {
        sessionId: live.session.id,
        authorId: live.member.userId,
        body,
        now: app.clock(),
      });
      reply.flash({ key: 'live.flash.question' });
      return back(reply, live, 'questions');
    },
  );

  // The story page: published, for every member; before that only facilitators see it.
  app.get<{ Params: SessionParams }>(
    '/c/:cohort/live/:session/story',
    { schema },
    async (request, reply) => {
      return renderStoryPage(app, request, reply, await load(app, request));
    },
  );

  app.post<{ Params: SessionParams; Body: Record<string, unknown> }>(
    '/c/:cohort/live/:session/story',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      facilitatorOnly(live);
      if (live.phase !== 'over' || live.session.storyPublishedAt) throw new NotFoundError();
      const story = text(request.body?.story, { multiline: true }).trim();
      const errors: FieldErrors<'story'> = {};
      if (!story) errors.story = fieldError('live.error.empty');
      else if (length(story) > bodyMax)
        errors.story = fieldError('live.error.tooLong', { max: bodyMax });
      if (errors.story)
        return renderLivePage(app, request, reply, live, {
          story,
          storyErrors: errors,
          status: 422,
        });
      await saveStory(app.db, live.session.id, story);
      reply.flash({ key: 'live.flash.done' });
      return back(reply, live, 'story');
    },
  );

  app.post<{ Params: SessionParams }>(
    '/c/:cohort/live/:session/story/publish',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      facilitatorOnly(live);
      const result = await publish(app.db, live, app.clock());
      reply.flash({
        key:
          result === 'published'
            ? 'live.flash.published'
            : result === 'asked'
              ? 'live.flash.asked'
              : result === 'waiting'
                ? 'live.flash.waiting'
                : 'live.flash.nothing',
      });
      return back(reply, live, 'story');
    },
  );

  app.post<{ Params: SessionParams; Body: { message?: unknown } }>(
    '/c/:cohort/live/:session/story/withdraw',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      const id = readId(request.body?.message);
      if (!id || !(await withdraw(app.db, live.session.id, id, live.member.userId, app.clock())))
        throw new NotFoundError();
      reply.flash({ key: 'live.story.withdrawn' });
      return back(reply, live, 'story');
    },
  );

  app.post<{ Params: MessageParams }>(
    '/c/:cohort/live/:session/questions/:id/vote',
    { schema: messageSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const live = await load(app, request);
      const id = readId(request.params.id);
      if (!id || !(await toggleVote(app.db, live.session.id, id, live.member.userId)))
        throw new NotFoundError();
      return back(reply, live, 'questions');
    },
  );
}
