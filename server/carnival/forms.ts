// The carnival's forms: a post (url, title, note) and the host's round-up. Every refusal says
// what is wrong in the member's language and keeps what was typed.
import { type FieldErrors, fieldError, httpUrl, length, text } from '../core/forms.ts';

export const titleMax = 200;
export const noteMax = 800;
export const tagMax = 60;
export const roundupMax = 40000;

export interface EntryForm {
  url: string;
  title: string;
  note: string;
}

/** Sentences as a reader counts them: text ending in . ! ? or … (or the text's end). */
export function sentences(note: string): number {
  return note
    .split(/[.!?…]+(?=\s|$)/u)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s)).length;
}

export function checkEntry(body: Record<string, unknown>) {
  const form: EntryForm = {
    url: text(body.url),
    title: text(body.title),
    note: text(body.note, { multiline: true }),
  };
  const errors: FieldErrors<keyof EntryForm> = {};
  const url = form.url ? httpUrl(form.url) : null;
  if (!form.url) errors.url = fieldError('carnival.error.urlRequired');
  else if (!url || !/^https?:\/\//i.test(form.url.trim()))
    errors.url = fieldError('carnival.error.urlInvalid');
  if (!form.title) errors.title = fieldError('carnival.error.titleRequired');
  else if (length(form.title) > titleMax)
    errors.title = fieldError('carnival.error.titleTooLong', { max: titleMax });
  const note = form.note.trim();
  const count = sentences(note);
  if (!note) errors.note = fieldError('carnival.error.noteRequired');
  else if (length(note) > noteMax)
    errors.note = fieldError('carnival.error.noteTooLong', { max: noteMax });
  else if (count < 2 || count > 3)
    errors.note = fieldError('carnival.error.noteSentences', { count });
  const ok = Object.keys(errors).length === 0;
  return { form, errors, ok, url: url ?? '', note };
}

export function checkTag(raw: unknown): string | null {
  const tag = text(raw);
  return length(tag) > tagMax ? null : tag;
}

export function checkRoundup(raw: unknown): { body: string; error: 'empty' | 'long' | null } {
  const body = text(raw, { multiline: true });
  if (!body.trim()) return { body, error: 'empty' };
  if (length(body) > roundupMax) return { body, error: 'long' };
  return { body, error: null };
}
