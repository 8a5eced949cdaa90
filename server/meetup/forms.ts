// The organiser's meet-up form: what was typed (kept on a refusal), a message per field, and
// the cleaned values. Start and end are wall-clock times (datetime-local) in the chosen zone.

import type { Meetup } from '../../db/schema.ts';
import { bodyMax } from '../core/render.ts';
import { fromWallClock, isValidTimeZone, wallClock } from '../core/schedule.ts';
import { wholeNumber } from '../http/params.ts';
import type { MessageKey, Params } from '../i18n/index.ts';

export interface FieldError {
  key: MessageKey;
  params?: Params;
}
export type Errors = Partial<Record<keyof MeetupForm, FieldError>>;

/** Field names as posted (they are also the inputs' names). */
export interface MeetupForm {
  title: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  place: string;
  address: string;
  description: string;
  capacity: string;
}

/** In the order the form shows them (the error summary follows it). */
export const fieldOrder: (keyof MeetupForm)[] = [
  'title',
  'description',
  'starts_at',
  'ends_at',
  'timezone',
  'place',
  'address',
  'capacity',
];

export interface MeetupValues {
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  place: string;
  address: string;
  descriptionMd: string;
  capacity: number | null;
}

export const limits = { title: 120, place: 200, address: 500, timezone: 64, capacity: 100_000 };

// PostgreSQL text cannot hold NUL; browsers send line ends as CRLF.
const clean = (v: unknown) =>
  typeof v === 'string' ? v.replace(/\r\n?/g, '\n').replaceAll('\u0000', '') : '';
/** One line: a title or place never carries a line break (they reach subjects and .ics). */
const oneLine = (v: string) => v.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
const length = (s: string) => [...s].length;

/** The zone's canonical spelling (Intl accepts "europe/amsterdam"; calendars may not). */
function canonicalZone(tz: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
}

export function formFromMeetup(meetup: Meetup | null, defaultTimeZone: string): MeetupForm {
  if (!meetup) {
    return {
      title: '',
      starts_at: '',
      ends_at: '',
      timezone: defaultTimeZone,
      place: '',
      address: '',
      description: '',
      capacity: '',
    };
  }
  return {
    title: meetup.title,
    starts_at: wallClock(meetup.startsAt, meetup.timezone),
    ends_at: wallClock(meetup.endsAt, meetup.timezone),
    timezone: meetup.timezone,
    place: meetup.place,
    address: meetup.address,
    description: meetup.descriptionMd,
    capacity: meetup.capacity === null ? '' : String(meetup.capacity),
  };
}

/**
 * Checks every field. `previousStart` is the saved start: an unchanged start may lie in the
 * past (fixing a typo after the event), a new one may not.
 */
export function checkMeetup(
  input: Partial<Record<keyof MeetupForm, unknown>>,
  context: { now: Date; previousStart: Date | null },
): { form: MeetupForm; errors: Errors; values: MeetupValues | null } {
  const form: MeetupForm = {
    title: clean(input.title),
    starts_at: clean(input.starts_at).trim(),
    ends_at: clean(input.ends_at).trim(),
    timezone: clean(input.timezone).trim(),
    place: clean(input.place),
    address: clean(input.address),
    description: clean(input.description),
    capacity: clean(input.capacity).trim(),
  };
  const errors: Errors = {};
  const title = oneLine(form.title);
  if (!title) errors.title = { key: 'meetup.error.titleRequired' };
  else if (length(title) > limits.title)
    errors.title = { key: 'meetup.error.tooLong', params: { max: limits.title } };

  const place = oneLine(form.place);
  if (!place) errors.place = { key: 'meetup.error.placeRequired' };
  else if (length(place) > limits.place)
    errors.place = { key: 'meetup.error.tooLong', params: { max: limits.place } };

  const address = form.address
    .split('\n')
    .map((line) => oneLine(line))
    .filter(Boolean)
    .join('\n');
  if (length(address) > limits.address)
    errors.address = { key: 'meetup.error.tooLong', params: { max: limits.address } };

  const description = form.description.trim();
  if (length(description) > bodyMax)
    errors.description = { key: 'meetup.error.tooLong', params: { max: bodyMax } };

  let timezone = '';
  if (!form.timezone) errors.timezone = { key: 'meetup.error.timezoneRequired' };
  else if (
    form.timezone.length > limits.timezone ||
    !/^[A-Za-z0-9_+\-/]+$/.test(form.timezone) ||
    !isValidTimeZone(form.timezone)
  )
    errors.timezone = { key: 'meetup.error.timezoneInvalid' };
  else timezone = canonicalZone(form.timezone);

  // Without a valid zone the times are only checked for their shape.
  const when = (field: 'starts_at' | 'ends_at'): Date | null => {
    const value = form[field];
    const required =
      field === 'starts_at' ? 'meetup.error.startRequired' : 'meetup.error.endRequired';
    if (!value) {
      errors[field] = { key: required };
      return null;
    }
    const at = fromWallClock(value, timezone || 'UTC');
    if (at === 'format') errors[field] = { key: 'meetup.error.dateInvalid' };
    else if (at === 'gap' && timezone)
      errors[field] = { key: 'meetup.error.dateGap', params: { timezone } };
    return at instanceof Date && timezone ? at : null;
  };
  const startsAt = when('starts_at');
  const endsAt = when('ends_at');
  if (startsAt && context.now > startsAt && startsAt.getTime() !== context.previousStart?.getTime())
    errors.starts_at = { key: 'meetup.error.startPast' };
  if (startsAt && endsAt && endsAt <= startsAt)
    errors.ends_at = { key: 'meetup.error.endBeforeStart' };

  let capacity: number | null = null;
  if (form.capacity) {
    capacity = wholeNumber(form.capacity, 1, limits.capacity);
    if (capacity === null)
      errors.capacity = { key: 'meetup.error.capacity', params: { max: limits.capacity } };
  }

  if (Object.keys(errors).length || !startsAt || !endsAt) return { form, errors, values: null };
  return {
    form,
    errors,
    values: {
      title,
      startsAt,
      endsAt,
      timezone,
      place,
      address,
      descriptionMd: description,
      capacity,
    },
  };
}
