// The organiser's meet-up form: what was typed (kept on a refusal), a message per field, and
// the cleaned values. Start and end are wall-clock times (datetime-local) in the chosen zone.

import type { Meetup } from '../../db/schema.ts';
import { type FieldErrors, fieldError, hasErrors, integer, length, text } from '../core/forms.ts';
import { bodyMax } from '../core/render.ts';
import { fromWallClock, isValidTimeZone, wallClock } from '../core/schedule.ts';

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
): { form: MeetupForm; errors: FieldErrors<keyof MeetupForm>; values: MeetupValues | null } {
  // A title or place is one line: they reach mail subjects and .ics lines.
  const form: MeetupForm = {
    title: text(input.title),
    starts_at: text(input.starts_at),
    ends_at: text(input.ends_at),
    timezone: text(input.timezone),
    place: text(input.place),
    address: text(input.address, { multiline: true }),
    description: text(input.description, { multiline: true }),
    capacity: text(input.capacity),
  };
  const errors: FieldErrors<keyof MeetupForm> = {};
  const tooLong = (max: number) => fieldError('meetup.error.tooLong', { max });
  const { title, place } = form;
  if (!title) errors.title = fieldError('meetup.error.titleRequired');
  else if (length(title) > limits.title) errors.title = tooLong(limits.title);

  if (!place) errors.place = fieldError('meetup.error.placeRequired');
  else if (length(place) > limits.place) errors.place = tooLong(limits.place);

  // Lines of their own, each cleaned as one line; blank ones dropped.
  const address = form.address
    .split('\n')
    .map((line) => text(line))
    .filter(Boolean)
    .join('\n');
  if (length(address) > limits.address) errors.address = tooLong(limits.address);

  const description = form.description.trim();
  if (length(description) > bodyMax) errors.description = tooLong(bodyMax);

  let timezone = '';
  if (!form.timezone) errors.timezone = fieldError('meetup.error.timezoneRequired');
  else if (
    form.timezone.length > limits.timezone ||
    !/^[A-Za-z0-9_+\-/]+$/.test(form.timezone) ||
    !isValidTimeZone(form.timezone)
  )
    errors.timezone = fieldError('meetup.error.timezoneInvalid');
  else timezone = canonicalZone(form.timezone);

  // Without a valid zone the times are only checked for their shape.
  const when = (field: 'starts_at' | 'ends_at'): Date | null => {
    const value = form[field];
    const required =
      field === 'starts_at' ? 'meetup.error.startRequired' : 'meetup.error.endRequired';
    if (!value) {
      errors[field] = fieldError(required);
      return null;
    }
    const at = fromWallClock(value, timezone || 'UTC');
    if (at === 'format') errors[field] = fieldError('meetup.error.dateInvalid');
    else if (at === 'gap' && timezone)
      errors[field] = fieldError('meetup.error.dateGap', { timezone });
    return at instanceof Date && timezone ? at : null;
  };
  const startsAt = when('starts_at');
  const endsAt = when('ends_at');
  if (startsAt && context.now > startsAt && startsAt.getTime() !== context.previousStart?.getTime())
    errors.starts_at = fieldError('meetup.error.startPast');
  if (startsAt && endsAt && endsAt <= startsAt)
    errors.ends_at = fieldError('meetup.error.endBeforeStart');

  let capacity: number | null = null;
  if (form.capacity) {
    capacity = integer(form.capacity, { min: 1, max: limits.capacity });
    if (capacity === null)
      errors.capacity = fieldError('meetup.error.capacity', { max: limits.capacity });
  }

  if (hasErrors(errors) || !startsAt || !endsAt) return { form, errors, values: null };
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
