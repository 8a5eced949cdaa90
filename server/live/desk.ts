// The organisers' desk for live hours: every planned hour of the cohort, moved or started now.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Membership, memberOf, requireMember, requireOrganiser } from '../core/access.ts';
import { type FieldErrors, fieldError, text } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { fromWallClock, wallClock } from '../core/schedule.ts';
import { NotFoundError } from '../http/errors.ts';
import { params, slugParam } from '../http/params.ts';
import { translator } from '../i18n/index.ts';
import { forgetReminders } from './attendance.ts';
import { phaseOf, plannedStart } from './plan.ts';
import { ensureSession, findSession, updateSession } from './queries.ts';
import { describe, startNow } from './session.ts';

type CohortParams = { cohort: string };
type SessionParams = CohortParams & { session: string };

async function rows(app: FastifyInstance, member: Membership) {
  const now = app.clock();
  const out = [];
  for (const entry of member.schedule) {
    const plan = entry.room.live;
    if (!plan) continue;
    const planned = plannedStart(plan, entry.opensAt, member.cohort.timezone);
    const session = await findSession(app.db, member.cohort.id, entry.room.id);
    const startsAt = session?.startedAt ?? session?.startsAt ?? planned;
    out.push({
      room: entry.room,
      plan,
      startsAt,
      value: wallClock(startsAt, member.cohort.timezone),
      phase: session ? phaseOf(session, plan, planned, now) : now < planned ? 'before' : 'over',
      started: Boolean(session?.startedAt),
    });
  }
  return out;
}

async function renderDesk(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { errors?: FieldErrors; typed?: Record<string, string>; status?: number } = {},
) {
  const member = memberOf(request);
  const locale = request.localeFor(member.course.language);
  const list = await rows(app, member);
  const tr = translator(locale);
  return reply.page(
    'live/desk',
    {
      title: 'live.desk.title',
      cohort: member.cohort,
      course: member.course,
      sessions: list.map((r) => ({
        ...r,
        when: tr.dateTime(r.startsAt, member.cohort.timezone),
        value: state.typed?.[r.room.id] ?? r.value,
      })),
      errors: state.errors ?? {},
    },
    { status: state.status ?? 200, locale },
  );
}

/** The room's hour for an organiser's action; 404 when the room has none. */
async function sessionOf(app: FastifyInstance, member: Membership, roomId: string, email: string) {
  const entry = member.schedule.find((s) => s.room.id === roomId);
  const plan = entry?.room.live;
  if (!entry || !plan) throw new NotFoundError();
  const session = await ensureSession(app.db, member.cohort.id, roomId);
  return describe(member, entry, plan, session, email, app.clock());
}

export default async function liveDeskRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  app.addHook('preHandler', requireOrganiser);
  const schema = params({ cohort: slugParam, session: slugParam });

  app.get<{ Params: CohortParams }>(
    '/c/:cohort/organise/live',
    { schema: params({ cohort: slugParam }) },
    (request, reply) => renderDesk(app, request, reply),
  );

  app.post<{ Params: SessionParams; Body: { starts_at?: unknown } }>(
    '/c/:cohort/organise/live/:session/move',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const live = await sessionOf(app, member, request.params.session, request.user?.email ?? '');
      const typed = text(request.body?.starts_at);
      const at = fromWallClock(typed, member.cohort.timezone);
      if (!(at instanceof Date))
        return renderDesk(app, request, reply, {
          errors: { [live.entry.room.id]: fieldError('live.desk.badTime') },
          typed: { [live.entry.room.id]: typed },
          status: 422,
        });
      await updateSession(app.db, live.session.id, { startsAt: at });
      await forgetReminders(app.db, live.session.id);
      reply.flash({ key: 'live.desk.moved' });
      return reply.redirect(paths.desk(member.cohort.slug, 'live'), 303);
    },
  );

  app.post<{ Params: SessionParams }>(
    '/c/:cohort/organise/live/:session/start',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const live = await sessionOf(app, member, request.params.session, request.user?.email ?? '');
      const started = await startNow(app, live);
      reply.flash({ key: started ? 'live.desk.started' : 'live.flash.nothing' });
      return reply.redirect(paths.live(member.cohort.slug, live.entry.room.id), 303);
    },
  );
}
