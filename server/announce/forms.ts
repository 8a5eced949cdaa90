// The organiser's announcement form: what was typed (kept on a refusal), a message per field,
// and the cleaned values.
import { bodyMax } from '../core/render.ts';
import type { MessageKey, Params } from '../i18n/index.ts';

export interface FieldError {
  key: MessageKey;
  params?: Params;
}

/** Field names as posted (they are also the inputs' names). */
export interface AnnouncementForm {
  title: string;
  body: string;
  urgent: boolean;
}
export type Errors = Partial<Record<'title' | 'body', FieldError>>;
export const fieldOrder = ['title', 'body'] as const;

export const titleMax = 120;

// PostgreSQL text cannot hold NUL; browsers send line ends as CRLF.
const clean = (v: unknown) =>
  typeof v === 'string' ? v.replace(/\r\n?/g, '\n').replaceAll('\u0000', '') : '';
/** One line: the title reaches mail subjects. */
const oneLine = (v: string) => v.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
const length = (s: string) => [...s].length;

export const emptyForm = (): AnnouncementForm => ({ title: '', body: '', urgent: false });

export function checkAnnouncement(input: Record<string, unknown>): {
  form: AnnouncementForm;
  errors: Errors;
  values: { title: string; bodyMd: string; urgent: boolean } | null;
} {
  const form: AnnouncementForm = {
    title: clean(input.title),
    body: clean(input.body),
    urgent: input.urgent === 'on' || input.urgent === 'yes' || input.urgent === 'true',
  };
  const errors: Errors = {};
  const title = oneLine(form.title);
  if (!title) errors.title = { key: 'announce.error.titleRequired' };
  else if (length(title) > titleMax)
    errors.title = { key: 'announce.error.tooLong', params: { max: titleMax } };
  const body = form.body.trim();
  if (!body) errors.body = { key: 'announce.error.bodyRequired' };
  else if (length(body) > bodyMax)
    errors.body = { key: 'announce.error.tooLong', params: { max: bodyMax } };
  const ok = Object.keys(errors).length === 0;
  return { form, errors, values: ok ? { title, bodyMd: body, urgent: form.urgent } : null };
}
