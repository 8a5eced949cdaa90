// The circles pages: opting in (or joining a friend's circle by its code), a circle's own
// space, and the organisers' preview and forming. Each shows its form again with what was typed
// and a message per field after a refusal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Membership } from '../core/access.ts';
import type { FieldErrors } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { circleThread } from '../core/thread-key.ts';
import type { ThreadFormState } from '../core/thread-places.ts';
import { NotAllowedError, NotFoundError } from '../http/errors.ts';
import { translator } from '../i18n/index.ts';
import { circleAccess, circleRoomOf, thisWeeksPrompt } from './access.ts';
import { allocate } from './allocation.ts';
import {
  circleLanguages,
  circleTimes,
  codeMax,
  commitments,
  type JoinForm,
  type MeetingForm,
  noteMax,
} from './forms.ts';
import {
  countCircles,
  findCurrentCircle,
  findSignup,
  listCircleSummaries,
  listMemberAddresses,
  listMembers,
  listReads,
  listWaiting,
  logRead,
  noteSeen,
} from './queries.ts';

const localeOf = (request: FastifyRequest, member: Membership) =>
  request.localeFor(member.course.language);

/** The course's circle settings, or a 404: a course without circles has no circle pages. */
export function settingsOf(member: Membership) {
  const settings = member.course.circles;
  if (!settings) throw new NotFoundError();
  return settings;
}

export async function renderCirclesPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  state: {
    form?: JoinForm;
    errors?: FieldErrors<keyof JoinForm>;
    code?: string;
    codeError?: FieldErrors<'code'>['code'];
    status?: number;
  } = {},
) {
  const settings = settingsOf(member);
  const { cohort, course, userId } = member;
  const [current, signup, formed] = await Promise.all([
    findCurrentCircle(app.db, cohort.id, userId),
    findSignup(app.db, cohort.id, userId),
    countCircles(app.db, cohort.id),
  ]);
  const form = state.form ?? {
    language: signup?.language ?? course.language,
    time: signup?.timeBand ?? '',
    commitment: signup?.commitment ?? '',
  };
  return reply.page(
    'circles/circles',
    {
      title: 'circles.title',
      cohort,
      course,
      settings,
      learner: member.role === 'learner',
      organises: member.organises,
      current,
      signup,
      formed: formed > 0,
      form,
      errors: state.errors ?? {},
      code: state.code ?? '',
      codeError: state.codeError ?? null,
      codeMax,
      circleLanguages,
      circleTimes,
      commitments,
    },
    { status: state.status ?? 200, locale: localeOf(request, member) },
  );
}

/** The meeting time as each reader sees it: in the cohort's zone, and in UTC. */
function meetingOf(at: Date | null, zone: string, locale: string) {
  if (!at) return null;
  const local = DateTime.fromJSDate(at, { zone }).setLocale(locale);
  const utc = DateTime.fromJSDate(at, { zone: 'UTC' }).setLocale(locale);
  return {
    iso: at.toISOString(),
    local: local.toLocaleString(DateTime.DATETIME_FULL),
    utc: utc.toLocaleString(DateTime.DATETIME_MED),
    input: local.toFormat("yyyy-MM-dd'T'HH:mm"),
  };
}

export async function renderCirclePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  circleId: number,
  state: ThreadFormState & {
    meeting?: MeetingForm;
    meetingErrors?: FieldErrors<keyof MeetingForm>;
  } = {},
) {
  settingsOf(member);
  const found = await circleAccess(app, member, circleId);
  const circle = found.circle;
  if (!circle || found.access === 'missing') throw new NotFoundError();
  if (found.access === 'forbidden') throw new NotAllowedError();
  const now = app.clock();
  // Organisers read as the circle's guests: every read is written down and shown to it.
  if (found.guest) await logRead(app.db, circle.id, member.userId, now);
  if (found.access === 'write') await noteSeen(app.db, circle.id, member.userId, now);
  const { cohort, course } = member;
  const key = circleThread(circle.id);
  const href = paths.circle(cohort.slug, circle.id);
  const readOnly = found.access !== 'write';
  const [members, reads, panels] = await Promise.all([
    listMembers(app.db, circle.id),
    listReads(app.db, circle.id),
    app.panels.circle.load({
      app,
      request,
      member,
      key,
      href,
      roomId: circleRoomOf(member),
      readOnly,
      state,
    }),
  ]);
  const locale = localeOf(request, member);
  const meeting = meetingOf(circle.meetingAt, cohort.timezone, locale);
  const faces = await app.people.of(
    app,
    cohort,
    members.map((m) => m.userId),
  );
  const me = members.find((m) => m.userId === member.userId) ?? null;
  return reply.page(
    'circles/circle',
    {
      title: translator(locale).t('circles.circleTitle', { number: circle.number }),
      rawTitle: true,
      cohort,
      course,
      circle,
      members: members.map((m) => ({ ...m, photo: faces.get(m.userId)?.photo ?? null })),
      reads,
      guest: found.guest,
      member: !readOnly,
      former: found.access === 'read' && !found.guest,
      prompt: thisWeeksPrompt(member),
      meeting,
      meetingForm: state.meeting ?? { when: meeting?.input ?? '', note: circle.meetingNote },
      meetingErrors: state.meetingErrors ?? {},
      noteMax,
      offerOpen: Boolean(circle.offerAt && !circle.offerDecision && !circle.closedAt),
      myChoice: me?.offerChoice ?? null,
      panels,
    },
    { status: state.status ?? 200, locale },
  );
}

export async function renderOrganisePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  options: { seed: number; seedText?: string; seedError?: boolean; status?: number },
) {
  const settings = settingsOf(member);
  const { cohort, course } = member;
  const waiting = await listWaiting(app.db, cohort.id);
  const formed = await listCircleSummaries(app.db, cohort.id, app.clock());
  // Before forming: the preview, names included, so organisers see who meets whom before they
  // confirm. After: only that circles exist, their size and a signal.
  let preview = null;
  if (formed.length === 0) {
    const allocation = allocate(waiting, settings, options.seed);
    const names = await namesOf(
      app,
      waiting.map((w) => w.userId),
    );
    const show = (a: { userId: number; language: string; timeBand: string }) => ({
      name: names.get(a.userId) ?? '',
      language: a.language,
      time: a.timeBand,
    });
    preview = {
      circles: allocation.circles.map((c) => c.map(show)),
      bench: allocation.bench.map(show),
    };
  }
  return reply.page(
    'circles/organise',
    {
      title: 'circles.organiseTitle',
      cohort,
      course,
      settings,
      seed: options.seedText ?? String(options.seed),
      seedError: options.seedError ?? false,
      waiting: waiting.length,
      preview,
      formed,
    },
    { status: options.status ?? 200, locale: localeOf(request, member) },
  );
}

async function namesOf(app: FastifyInstance, ids: number[]) {
  const rows = await listMemberAddresses(app.db, ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}
