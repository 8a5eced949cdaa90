// The organiser's announcement form: what was typed (kept on a refusal), a message per field,
// and the cleaned values.
import { type FieldErrors, fieldError, hasErrors, length, text } from '../core/forms.ts';
import { bodyMax } from '../core/render.ts';

/** Field names as posted (they are also the inputs' names). */
export interface AnnouncementForm {
  title: string;
  body: string;
  urgent: boolean;
}
export const fieldOrder = ['title', 'body'] as const;
export type AnnouncementErrors = FieldErrors<(typeof fieldOrder)[number]>;

export const titleMax = 120;

export const emptyForm = (): AnnouncementForm => ({ title: '', body: '', urgent: false });

export function checkAnnouncement(input: Record<string, unknown>): {
  form: AnnouncementForm;
  errors: AnnouncementErrors;
  values: { title: string; bodyMd: string; urgent: boolean } | null;
} {
  const form: AnnouncementForm = {
    // One line: the title reaches mail subjects.
    title: text(input.title),
    body: text(input.body, { multiline: true }),
    urgent: input.urgent === 'on' || input.urgent === 'yes' || input.urgent === 'true',
  };
  const errors: AnnouncementErrors = {};
  const title = form.title;
  if (!title) errors.title = fieldError('announce.error.titleRequired');
  else if (length(title) > titleMax)
    errors.title = fieldError('announce.error.tooLong', { max: titleMax });
  const body = form.body.trim();
  if (!body) errors.body = fieldError('announce.error.bodyRequired');
  else if (length(body) > bodyMax)
    errors.body = fieldError('announce.error.tooLong', { max: bodyMax });
  const values = hasErrors(errors) ? null : { title, bodyMd: body, urgent: form.urgent };
  return { form, errors, values };
}
