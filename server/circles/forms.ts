// What the circle forms accept: the opt-in answers, a friend's code, the meeting time and note,
// the seed of a preview. Each refusal names its field, and the typed values come back.
import { DateTime } from 'luxon';
import { type FieldErrors, fieldError, integer, length, text } from '../core/forms.ts';

export const circleLanguages = ['nl', 'en', 'de', 'fr', 'es', 'other'] as const;
export const circleTimes = ['morning', 'daytime', 'evening', 'weekend'] as const;
export const commitments = ['all', 'most', 'some'] as const;
export const codeMax = 12;
export const noteMax = 200;
export const seedMax = 999_999;

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

export interface JoinForm {
  language: string;
  time: string;
  commitment: string;
}

export function checkJoin(body: Record<string, unknown>) {
  const form: JoinForm = {
    language: text(body.language, { max: 20 }),
    time: text(body.time, { max: 20 }),
    commitment: text(body.commitment, { max: 20 }),
  };
  const errors: FieldErrors<keyof JoinForm> = {};
  if (!oneOf(circleLanguages, form.language))
    errors.language = fieldError('circles.error.language');
  if (!oneOf(circleTimes, form.time)) errors.time = fieldError('circles.error.time');
  if (!oneOf(commitments, form.commitment)) {
    errors.commitment = fieldError('circles.error.commitment');
  }
  return { form, errors, ok: Object.keys(errors).length === 0 };
}

export function checkCode(raw: unknown) {
  const code = text(raw);
  const typed = code.toLowerCase();
  if (!code) return { code, error: fieldError('circles.error.codeEmpty') };
  if (length(code) > codeMax || !/^[A-Za-z0-9]+$/.test(code)) {
    return { code, error: fieldError('circles.error.codeShape', { max: codeMax }) };
  }
  return { code: typed, error: null };
}

export interface MeetingForm {
  when: string;
  note: string;
}

/** A time typed as the browser's datetime-local (YYYY-MM-DDTHH:mm), read in the cohort's zone. */
export function checkMeeting(body: Record<string, unknown>, zone: string, now: Date) {
  const form: MeetingForm = { when: text(body.when, { max: 40 }), note: text(body.note) };
  const errors: FieldErrors<keyof MeetingForm> = {};
  let at: Date | null = null;
  if (form.when) {
    const parsed = DateTime.fromISO(form.when, { zone });
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.when) || !parsed.isValid) {
      errors.when = fieldError('circles.error.when');
    } else if (parsed.toMillis() < now.getTime() - 24 * 3600 * 1000) {
      errors.when = fieldError('circles.error.whenPast');
    } else {
      at = parsed.toJSDate();
    }
  }
  if (length(form.note) > noteMax)
    errors.note = fieldError('circles.error.noteTooLong', { max: noteMax });
  return { form, errors, at, ok: Object.keys(errors).length === 0 };
}

export function checkSeed(raw: unknown): number | null {
  if (raw === undefined || raw === '') return 1;
  return integer(raw, { min: 1, max: seedMax });
}
