// Circles for the cohort's members (opting in, a circle's space, its meeting, the invitation
// to organisers, the merge offer) and for its organisers (preview and forming). The circle's
// thread itself is the conversation's (POST …/circles/:circle/comments), asked through
// app.threadPlaces who may read and write it.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import ical from 'ical-generator';
import { memberOf, requireMember, requireOrganiser } from '../core/access.ts';
import { absolute, paths } from '../core/paths.ts';
import { NotAllowedError, NotFoundError } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import type { MessageKey } from '../i18n/index.ts';
import { circleAccess } from './access.ts';
import { checkCode, checkJoin, checkMeeting, checkSeed } from './forms.ts';
import { renderCirclePage, renderCirclesPage, renderOrganisePage, settingsOf } from './pages.ts';
import {
  countCircles,
  findCurrentCircle,
  formCircles,
  joinByCode,
  placeBench,
  saveSignup,
  setInvite,
  setMeeting,
} from './queries.ts';
import { decideOffer } from './tick.ts';

type CohortParams = { cohort: string };
type CircleParams = { cohort: string; circle: string };
type Form = Record<string, unknown>;
const cohortSchema = params({ cohort: slugParam });
const circleSchema = params({ cohort: slugParam, circle: idParam });

/** The circle a member may write in (its current members), or the guard's 404/403. */
async function writable(app: FastifyInstance, request: FastifyRequest) {
  const member = memberOf(request);
  settingsOf(member);
  const id = Number((request.params as CircleParams).circle);
  const found = await circleAccess(app, member, id);
  if (!found.circle || found.access === 'missing') throw new NotFoundError();
  if (found.access !== 'write') throw new NotAllowedError();
  return { member, circle: found.circle };
}

export default async function circleRoutes(app: FastifyInstance) {
  await app.register(async (members) => {
    members.addHook('preHandler', requireMember(app));

    members.get<{ Params: CohortParams }>(
      '/c/:cohort/circles',
      { schema: cohortSchema },
      (request, reply) => renderCirclesPage(app, request, reply, memberOf(request)),
    );

    // Opting in with one's answers, or joining a friend's circle with its code (field `code`).
    members.post<{ Params: CohortParams; Body: Form }>(
      '/c/:cohort/circles/join',
      { schema: cohortSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const settings = settingsOf(member);
        if (member.role !== 'learner') throw new NotAllowedError();
        const body = request.body ?? {};
        const { cohort, userId } = member;
        const now = app.clock();
        if (body.code !== undefined) {
          const { code, error } = checkCode(body.code);
          const outcome = error
            ? null
            : await joinByCode(app.db, {
                cohortId: cohort.id,
                userId,
                code,
                max: settings.max,
                now,
              });
          if (outcome !== 'joined' && outcome !== 'already') {
            const key: MessageKey =
              outcome === 'full' ? 'circles.error.codeFull' : 'circles.error.codeUnknown';
            return renderCirclesPage(app, request, reply, member, {
              code,
              codeError: error ?? { key },
              status: 422,
            });
          }
          const circle = await findCurrentCircle(app.db, cohort.id, userId);
          reply.flash({
            key: outcome === 'joined' ? 'circles.flash.joined' : 'circles.flash.already',
          });
          return reply.redirect(
            circle ? paths.circle(cohort.slug, circle.id) : paths.circles(cohort.slug),
            303,
          );
        }
        const { form, errors, ok } = checkJoin(body);
        if (!ok)
          return renderCirclesPage(app, request, reply, member, { form, errors, status: 422 });
        await saveSignup(app.db, {
          cohortId: cohort.id,
          userId,
          language: form.language,
          timeBand: form.time,
          commitment: form.commitment,
        });
        // Once circles exist, a newcomer is placed at once when one has room (the minute tick
        // does the same for whoever still waits when a place frees up).
        if ((await countCircles(app.db, cohort.id)) > 0) {
          await placeBench(app.db, cohort.id, settings.max, now);
        }
        const circle = await findCurrentCircle(app.db, cohort.id, userId);
        reply.flash({ key: circle ? 'circles.flash.placed' : 'circles.flash.waiting' });
        return reply.redirect(
          circle ? paths.circle(cohort.slug, circle.id) : paths.circles(cohort.slug),
          303,
        );
      },
    );

    members.get<{ Params: CircleParams }>(
      '/c/:cohort/circles/:circle',
      { schema: circleSchema },
      (request, reply) =>
        renderCirclePage(app, request, reply, memberOf(request), Number(request.params.circle)),
    );

    members.post<{ Params: CircleParams; Body: Form }>(
      '/c/:cohort/circles/:circle/meeting',
      { schema: circleSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const { member, circle } = await writable(app, request);
        const checked = checkMeeting(request.body ?? {}, member.cohort.timezone, app.clock());
        if (!checked.ok) {
          return renderCirclePage(app, request, reply, member, circle.id, {
            meeting: checked.form,
            meetingErrors: checked.errors,
            status: 422,
          });
        }
        await setMeeting(app.db, circle.id, checked.at, checked.form.note);
        reply.flash({ key: 'circles.flash.meeting' });
        return reply.redirect(`${paths.circle(member.cohort.slug, circle.id)}#meeting`, 303);
      },
    );

    members.get<{ Params: CircleParams }>(
      '/c/:cohort/circles/:circle/meeting.ics',
      { schema: circleSchema },
      async (request, reply) => {
        const member = memberOf(request);
        settingsOf(member);
        const found = await circleAccess(app, member, Number(request.params.circle));
        if (!found.circle || found.access === 'missing') throw new NotFoundError();
        if (found.access === 'forbidden') throw new NotAllowedError();
        const circle = found.circle;
        if (!circle.meetingAt) throw new NotFoundError();
        const url = absolute(app.config.baseUrl, paths.circle(member.cohort.slug, circle.id));
        const calendar = ical({ prodId: { company: 'Salon', product: 'Salon', language: 'EN' } });
        calendar.createEvent({
          id: `circle-${circle.id}@${new URL(app.config.baseUrl).hostname}`,
          stamp: app.clock(),
          start: circle.meetingAt,
          end: new Date(circle.meetingAt.getTime() + 3600 * 1000),
          summary: `${member.cohort.name}: circle ${circle.number}`,
          description: [circle.meetingNote, url].filter(Boolean).join('\n\n'),
          url,
        });
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="circle-${circle.number}.ics"`)
          .header('cache-control', 'no-store')
          .send(calendar.toString());
      },
    );

    members.post<{ Params: CircleParams; Body: Form }>(
      '/c/:cohort/circles/:circle/invite',
      { schema: circleSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const { member, circle } = await writable(app, request);
        const on = request.body?.invite === 'on';
        await setInvite(app.db, circle.id, on);
        reply.flash({ key: on ? 'circles.flash.invited' : 'circles.flash.uninvited' });
        return reply.redirect(`${paths.circle(member.cohort.slug, circle.id)}#guests`, 303);
      },
    );

    members.post<{ Params: CircleParams; Body: Form }>(
      '/c/:cohort/circles/:circle/offer',
      { schema: circleSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const { member, circle } = await writable(app, request);
        const choice = request.body?.choice;
        if (choice !== 'merge' && choice !== 'stay') throw new NotFoundError();
        const outcome = await decideOffer(app, member, circle, member.userId, choice);
        const flash: Record<typeof outcome.kind, MessageKey> = {
          counted: 'circles.flash.counted',
          stayed: 'circles.flash.stayed',
          merged: 'circles.flash.merged',
          closed: 'circles.flash.offerClosed',
        };
        reply.flash({ key: flash[outcome.kind] });
        const to = outcome.kind === 'merged' ? outcome.into : circle.id;
        return reply.redirect(paths.circle(member.cohort.slug, to), 303);
      },
    );
  });

  await app.register(async (organisers) => {
    organisers.addHook('preHandler', requireMember(app));
    organisers.addHook('preHandler', requireOrganiser);

    organisers.get<{ Params: CohortParams; Querystring: { seed?: string } }>(
      '/c/:cohort/organise/circles',
      { schema: cohortSchema },
      (request, reply) => {
        const raw = request.query?.seed;
        const seed = checkSeed(raw);
        return renderOrganisePage(app, request, reply, memberOf(request), {
          seed: seed ?? 1,
          seedText: typeof raw === 'string' ? raw : undefined,
          seedError: seed === null,
          status: seed === null ? 422 : 200,
        });
      },
    );

    organisers.post<{ Params: CohortParams; Body: Form }>(
      '/c/:cohort/organise/circles',
      { schema: cohortSchema, preHandler: app.csrfProtection },
      async (request, reply) => {
        const member = memberOf(request);
        const settings = settingsOf(member);
        const seed = checkSeed(request.body?.seed);
        if (seed === null) {
          return renderOrganisePage(app, request, reply, member, {
            seed: 1,
            seedText: String(request.body?.seed ?? ''),
            seedError: true,
            status: 422,
          });
        }
        const made = await formCircles(app.db, {
          cohortId: member.cohort.id,
          settings,
          seed,
          now: app.clock(),
        });
        reply.flash({ key: made ? 'circles.flash.formed' : 'circles.flash.alreadyFormed' });
        return reply.redirect(paths.deskCircles(member.cohort.slug), 303);
      },
    );
  });
}
