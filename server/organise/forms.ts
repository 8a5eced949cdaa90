// The organiser's forms as posted: what was typed (kept on a refusal), a message key per
// field, and the cleaned values. The rules themselves live in cohort-check.ts.
import type { Db } from '../../db/client.ts';
import type { Cohort } from '../../db/schema.ts';
import type { Catalogue } from '../content/types.ts';
import { type FieldError, type FieldErrors, fieldError, text } from '../core/forms.ts';
import { checkEmail, checkName } from '../core/input.ts';
import { fromWallClock } from '../core/schedule.ts';
import type { MessageKey } from '../i18n/index.ts';
import {
  type CohortField,
  type CohortInput,
  type CohortProblem,
  type CohortProblems,
  type CohortSettings,
  checkCohortSettings,
  checkNewCohort,
  type NewCohortValues,
} from './cohort-check.ts';

/** Field names as posted (they are also the inputs' names). */
export interface SettingsForm {
  name: string;
  starts_on: string;
  timezone: string;
  capacity: string;
  enrolment: 'open' | 'closed';
}
export interface NewCohortForm extends SettingsForm {
  course: string;
  slug: string;
}
export interface InviteForm {
  email: string;
  name: string;
}

const messages: Record<CohortField, Partial<Record<CohortProblem, MessageKey>>> = {
  course: { required: 'organise.error.courseRequired', unknown: 'organise.error.courseUnknown' },
  name: {
    required: 'organise.error.cohortNameRequired',
    invalid: 'organise.error.cohortNameInvalid',
  },
  slug: {
    required: 'organise.error.slugRequired',
    invalid: 'organise.error.slugInvalid',
    taken: 'organise.error.slugTaken',
  },
  starts: { required: 'organise.error.startsRequired', invalid: 'organise.error.startsInvalid' },
  timezone: {
    required: 'organise.error.timezoneRequired',
    invalid: 'organise.error.timezoneInvalid',
  },
  capacity: { invalid: 'organise.error.capacityInvalid' },
};
const formField: Record<CohortField, string> = {
  course: 'course',
  slug: 'slug',
  name: 'name',
  starts: 'starts_on',
  timezone: 'timezone',
  capacity: 'capacity',
};

function toErrors(problems: CohortProblems): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, problem] of Object.entries(problems) as [CohortField, CohortProblem][]) {
    errors[formField[field]] = fieldError(messages[field][problem] ?? 'organise.error.invalid');
  }
  return errors;
}

// Names keep their line breaks here: checkName refuses control characters rather than
// cleaning them, so the organiser is told instead of getting a name changed unsaid.
const typedName = (raw: unknown) => text(raw, { multiline: true });

function settingsForm(body: Record<string, unknown>): SettingsForm {
  return {
    name: typedName(body.name),
    starts_on: text(body.starts_on),
    timezone: text(body.timezone),
    capacity: text(body.capacity),
    enrolment: body.enrolment === 'closed' ? 'closed' : 'open',
  };
}

const input = (form: SettingsForm): CohortInput => ({
  name: form.name,
  starts: form.starts_on,
  timezone: form.timezone,
  // Empty: no limit.
  capacity: form.capacity || undefined,
});

export function formFromCohort(cohort: Cohort): SettingsForm {
  return {
    name: cohort.name,
    starts_on: cohort.startsOn,
    timezone: cohort.timezone,
    capacity: cohort.capacity === null ? '' : String(cohort.capacity),
    enrolment: cohort.enrolmentOpen ? 'open' : 'closed',
  };
}

export function checkSettingsForm(body: Record<string, unknown>): {
  form: SettingsForm;
  errors: FieldErrors;
  values: (CohortSettings & { enrolmentOpen: boolean }) | null;
} {
  const form = settingsForm(body);
  const { problems, values } = checkCohortSettings(input(form));
  return {
    form,
    errors: toErrors(problems),
    values: values && { ...values, enrolmentOpen: form.enrolment === 'open' },
  };
}

export async function checkNewCohortForm(
  db: Db,
  catalogue: Catalogue,
  body: Record<string, unknown>,
): Promise<{
  form: NewCohortForm;
  errors: FieldErrors;
  values: (NewCohortValues & { enrolmentOpen: boolean }) | null;
}> {
  const form = { ...settingsForm(body), course: text(body.course), slug: text(body.slug) };
  const { problems, values } = await checkNewCohort(db, catalogue, {
    ...input(form),
    course: form.course,
    slug: form.slug,
  });
  return {
    form,
    errors: toErrors(problems),
    values: values && { ...values, enrolmentOpen: form.enrolment === 'open' },
  };
}

export function checkInviteForm(body: Record<string, unknown>): {
  form: InviteForm;
  errors: FieldErrors;
} {
  const email = checkEmail(body.email);
  const typed = typedName(body.name);
  // The name is optional: the invited person may set it later in their settings.
  const name = typed.trim() ? checkName(typed) : { value: '' };
  const errors: FieldErrors = {};
  if (email.error) errors.email = email.error;
  if (name.error) errors.name = name.error;
  return { form: { email: email.value, name: name.value }, errors };
}

export const roomActions = ['open-now', 'reschedule', 'reset'] as const;
export type RoomAction = (typeof roomActions)[number];

/** A new opening moment typed as a datetime-local value in the cohort's time zone. */
export function checkOpensAt(raw: unknown, timezone: string): Date | FieldError {
  const typed = text(raw);
  if (!typed) return fieldError('organise.error.opensAtRequired');
  const at = fromWallClock(typed, timezone);
  if (at === 'format') return fieldError('organise.error.opensAtInvalid');
  if (at === 'gap') return fieldError('organise.error.opensAtGap');
  return at;
}

/**
 * The input type for a typed date (or date and time): a value the browser's control cannot
 * hold (a refused one) is shown in a text box instead, so it is kept and the HTML stays valid.
 */
export function inputType(kind: 'date' | 'datetime-local', value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!value) return kind;
  if (!m?.[1] || (kind === 'date') !== (m[2] === undefined)) return 'text';
  if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59)) return 'text';
  const d = new Date(`${m[1]}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === m[1] ? kind : 'text';
}
