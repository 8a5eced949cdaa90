// The blog carnival for members (its page, submitting a post, a post's page, the feed) and for
// its host (tags and the round-up). A post's thread is the conversation's
// (…/carnival/:entry/comments), asked through app.threadPlaces who may use it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { memberOf, requireMember } from '../core/access.ts';
import { findEnrolment, findUserById } from '../core/accounts.ts';
import { loadCohortContext } from '../core/context.ts';
import { paths } from '../core/paths.ts';
import { renderBody } from '../core/render.ts';
import { isAdminEmail, organisesCourse } from '../core/staff.ts';
import { NotAllowedError, NotFoundError } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import { atomFeed, readFeedToken } from './feed.ts';
import { checkEntry, checkRoundup, checkTag } from './forms.ts';
import { carnivalIn, phaseOf, visibleCarnival } from './model.ts';
import {
  type CarnivalRefusal,
  hostedCarnival,
  renderCarnivalPage,
  renderDeskPage,
  renderEntryPage,
  renderRoundupPage,
} from './pages.ts';
import { createEntry, listEntries, saveRoundup, setTag } from './queries.ts';

type RoomParams = { cohort: string; room: string };
type EntryParams = RoomParams & { entry: string };
type Form = Record<string, unknown>;
const roomSchema = params({ cohort: slugParam, room: slugParam });
const entrySchema = params({ cohort: slugParam, room: slugParam, entry: idParam });

export default async function carnivalRoutes(app: FastifyInstance) {
  await app.register(async (members) => {
    // The feed answers its signed token without a session; everything else needs one.
    members.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.url?.endsWith('carnival.atom')) {
        const token = (request.query as { token?: unknown }).token;
        if (token !== undefined) return;
      }
      return requireMember(app)(request, reply);
    });

    members.get<{ Params: RoomParams }>(
      '/c/:cohort/:room/carnival',
      { schema: roomSchema },
      (request, reply) =>
        renderCarnivalPage(app, request, reply, memberOf(request), request.params.room),
    );

    members.post<{ Params: RoomParams; Body: Form }>(
      '/c/:cohort/:room/carnival',
      { schema: roomSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const roomId = request.params.room;
        const place = visibleCarnival(member, roomId);
        const checked = checkEntry(request.body ?? {});
        const phase = phaseOf(place, app.clock());
        const refuse = (refusal: CarnivalRefusal) =>
          renderCarnivalPage(app, request, reply, member, roomId, {
            form: checked.form,
            refusal,
            status: 422,
          });
        if (member.role !== 'learner') throw new NotAllowedError();
        if (phase === 'before') return refuse('notYet');
        if (phase === 'closed') return refuse('closed');
        if (!checked.ok) {
          return renderCarnivalPage(app, request, reply, member, roomId, {
            form: checked.form,
            errors: checked.errors,
            status: 422,
          });
        }
        const made = await createEntry(app.db, {
          cohortId: member.cohort.id,
          roomId,
          authorId: member.userId,
          url: checked.url,
          title: checked.form.title,
          note: checked.note,
          max: place.carnival.maxPerPerson,
          now: app.clock(),
        });
        if (made === 'full') return refuse('full');
        reply.flash({ key: 'carnival.flash.submitted' });
        return reply.redirect(paths.carnivalEntry(member.cohort.slug, roomId, made), 303);
      },
    );

    members.get<{ Params: RoomParams; Querystring: { token?: string } }>(
      '/c/:cohort/:room/carnival.atom',
      { schema: roomSchema },
      async (request, reply) => {
        const { cohort: slug, room: roomId } = request.params;
        const context = await loadCohortContext(app, slug);
        if (!context) throw new NotFoundError();
        let organises = false;
        if (request.query.token !== undefined) {
          const userId = readFeedToken(app, context.cohort.id, request.query.token);
          const user = userId === null ? null : await findUserById(app.db, userId);
          if (!user) throw new NotFoundError();
          organises = isAdminEmail(app, user.email) || organisesCourse(context.course, user.email);
          if (!organises && !(await findEnrolment(app.db, context.cohort.id, user.id)))
            throw new NotFoundError();
        } else {
          organises = memberOf(request).organises;
        }
        const place = carnivalIn(context, roomId);
        const scheduled = context.schedule.find((s) => s.room.id === roomId);
        if (!place || !scheduled || !(scheduled.open || organises)) throw new NotFoundError();
        const entries = await listEntries(app.db, context.cohort.id, roomId);
        return reply
          .header('content-type', 'application/atom+xml; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(atomFeed(app, context, roomId, place.carnival.theme, entries, app.clock()));
      },
    );

    members.get<{ Params: EntryParams }>(
      '/c/:cohort/:room/carnival/:entry',
      { schema: entrySchema },
      (request, reply) =>
        renderEntryPage(
          app,
          request,
          reply,
          memberOf(request),
          request.params.room,
          Number(request.params.entry),
        ),
    );

    // The host's desk: tags for the posts, and the round-up drafted from them.
    members.get<{ Params: RoomParams }>(
      '/c/:cohort/:room/carnival/roundup',
      { schema: roomSchema },
      (request, reply) =>
        renderDeskPage(app, request, reply, memberOf(request), request.params.room),
    );

    members.post<{ Params: RoomParams; Body: Form }>(
      '/c/:cohort/:room/carnival/roundup/tags',
      { schema: roomSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const roomId = request.params.room;
        hostedCarnival(request, member, roomId);
        const body = request.body ?? {};
        const entries = await listEntries(app.db, member.cohort.id, roomId);
        const typed: Record<number, string> = {};
        const tooLong: number[] = [];
        for (const e of entries) {
          const raw = body[`tag_${e.id}`];
          if (raw === undefined) continue;
          const tag = checkTag(raw);
          typed[e.id] = tag ?? String(raw);
          if (tag === null) tooLong.push(e.id);
        }
        // One tag too long saves none, so what was typed comes back whole with the message.
        if (tooLong.length)
          return renderDeskPage(app, request, reply, member, roomId, {
            tags: typed,
            tooLong,
            status: 422,
          });
        for (const e of entries) {
          const tag = typed[e.id];
          if (tag !== undefined && tag !== e.tag) await setTag(app.db, member.cohort.id, e.id, tag);
        }
        reply.flash({ key: 'carnival.flash.tagged' });
        return reply.redirect(paths.carnival(member.cohort.slug, roomId, 'roundup'), 303);
      },
    );

    members.post<{ Params: RoomParams; Body: Form }>(
      '/c/:cohort/:room/carnival/roundup',
      { schema: roomSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const roomId = request.params.room;
        const place = hostedCarnival(request, member, roomId);
        const form = request.body ?? {};
        const { body, error } = checkRoundup(form.body);
        const publish = form.action === 'publish';
        const refused = (e: 'empty' | 'long' | 'early' | 'nowhere') =>
          renderDeskPage(app, request, reply, member, roomId, { body, error: e, status: 422 });
        if (error) return refused(error);
        if (phaseOf(place, app.clock()) !== 'closed') return refused('early');
        if (!place.nextRoom) return refused('nowhere');
        await saveRoundup(app.db, {
          cohortId: member.cohort.id,
          roomId,
          targetRoomId: place.nextRoom.id,
          bodyMd: body,
          bodyHtml: renderBody(body),
          publish,
          now: app.clock(),
        });
        reply.flash({ key: publish ? 'carnival.flash.published' : 'carnival.flash.saved' });
        return reply.redirect(
          publish
            ? paths.roundup(member.cohort.slug, place.nextRoom.id)
            : paths.carnival(member.cohort.slug, roomId, 'roundup'),
          303,
        );
      },
    );

    members.get<{ Params: RoomParams }>(
      '/c/:cohort/:room/roundup',
      { schema: roomSchema },
      (request, reply) =>
        renderRoundupPage(app, request, reply, memberOf(request), request.params.room),
    );
  });
}
