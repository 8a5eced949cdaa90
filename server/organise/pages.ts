// The organiser's pages: the new-cohort form (admins), a cohort's settings with its
// organisers, and the schedule of rooms to publish. Each also answers a refused form (422,
// typed values kept).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import type { FieldError, FieldErrors } from '../core/forms.ts';
import { listPendingInvitations } from '../core/invitations.ts';
import { roomOpensAt, wallClock } from '../core/schedule.ts';
import { isAdminEmail } from '../core/staff.ts';
import type { MessageKey } from '../i18n/index.ts';
import {
  formFromCohort,
  type InviteForm,
  inputType,
  type NewCohortForm,
  type SettingsForm,
} from './forms.ts';
import { listCohortOrganisers } from './queries.ts';

export function isAdmin(app: FastifyInstance, request: FastifyRequest): boolean {
  return !!request.user && isAdminEmail(app, request.user.email);
}

export function renderNewCohort(
  app: FastifyInstance,
  reply: FastifyReply,
  options: { form?: NewCohortForm; errors?: FieldErrors; status?: number } = {},
) {
  const courses = [...app.content.current().courses.values()].map((c) => ({
    id: c.id,
    title: c.title,
  }));
  const form: NewCohortForm = options.form ?? {
    course: courses.length === 1 ? (courses[0]?.id ?? '') : '',
    slug: '',
    name: '',
    starts_on: '',
    timezone: 'Europe/Amsterdam',
    capacity: '',
    enrolment: 'open',
  };
  return reply.page(
    'organise/new',
    {
      title: 'organise.newTitle',
      courses,
      form,
      startsType: inputType('date', form.starts_on),
      errors: options.errors ?? {},
    },
    { status: options.status ?? 200 },
  );
}

export async function renderSettings(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  options: {
    form?: SettingsForm;
    errors?: FieldErrors;
    invite?: { form: InviteForm; errors: FieldErrors };
    status?: number;
    notice?: MessageKey | null;
  } = {},
) {
  const { cohort, course } = member;
  const form = options.form ?? formFromCohort(cohort);
  return reply.page(
    'organise/settings',
    {
      title: 'organise.settingsTitle',
      cohort,
      course,
      form,
      startsType: inputType('date', form.starts_on),
      errors: options.errors ?? {},
      invite: options.invite ?? { form: { email: '', name: '' }, errors: {} },
      courseOrganisers: course.organisers,
      organisers: await listCohortOrganisers(app.db, cohort.id),
      invitations: await listPendingInvitations(app.db, cohort.id, app.clock()),
      self: member.userId,
      notice: options.notice ?? null,
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}

export interface RoomRefusal {
  roomId: string;
  typed: string;
  error: FieldError;
}

export function renderSchedule(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  options: { refusal?: RoomRefusal; status?: number } = {},
) {
  const { cohort, course, schedule } = member;
  const plain = { startsOn: cohort.startsOn, timezone: cohort.timezone };
  const now = app.clock();
  const rooms = schedule.map(({ room, opensAt, open }) => {
    const scheduledAt = roomOpensAt(room, plain);
    const refused = options.refusal?.roomId === room.id ? options.refusal : null;
    const value = refused ? refused.typed : wallClock(opensAt, cohort.timezone);
    return {
      room,
      opensAt,
      open,
      scheduledAt,
      moved: scheduledAt.getTime() !== opensAt.getTime(),
      value,
      type: inputType('datetime-local', value),
      error: refused?.error ?? null,
    };
  });
  return reply.page(
    'organise/schedule',
    {
      title: 'organise.scheduleTitle',
      cohort,
      course,
      rooms,
      now,
      admin: isAdmin(app, request),
      errors: options.refusal ? { [options.refusal.roomId]: options.refusal.error } : {},
    },
    { status: options.status ?? 200, locale: request.localeFor(course.language) },
  );
}
