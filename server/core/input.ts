// Checks for what people type into the enrol, sign-in and settings forms. Each returns the
// cleaned value or the message for the field; the form is then re-rendered with both.
import { isLocale, type Locale } from '../i18n/index.ts';
import { controlCharacter as control, type FieldError, fieldError, length } from './forms.ts';

export const nameMax = 80;
export const emailMax = 254;

// Embedding, override and isolate controls would let a name reverse or swallow the text
// printed after it ("… commented on" read backwards); a name never needs them.
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A person's name. Control characters (CR/LF above all) are refused, not cleaned as other
 * one-line fields are: a name reaches mail headers, and a name changed unsaid is worse than
 * a message. Format characters such as the zero-width joiner are fine (emoji, some scripts).
 */
export function checkName(raw: unknown): { value: string; error?: FieldError } {
  const typed = typeof raw === 'string' ? raw : '';
  const value = typed
    .replace(bidiControls, '')
    .trim()
    .replace(/[ \t]+/g, ' ');
  if (!value) return { value: typed, error: fieldError('form.nameRequired') };
  if (control.test(value)) return { value: typed, error: fieldError('form.nameControl') };
  if (length(value) > nameMax) return { value: typed, error: fieldError('form.nameTooLong') };
  return { value };
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

export function checkEmail(raw: unknown): { value: string; error?: FieldError } {
  const typed = typeof raw === 'string' ? raw : '';
  const value = typed.trim().toLowerCase();
  if (!value) return { value: typed, error: fieldError('form.emailRequired') };
  if (value.length > emailMax || control.test(value) || !emailPattern.test(value)) {
    return { value: typed, error: fieldError('form.emailInvalid') };
  }
  return { value };
}

export function checkLocale(raw: unknown, fallback: Locale): Locale {
  return isLocale(raw) ? raw : fallback;
}

export const digestChoices = ['daily', 'weekly', 'off'] as const;
export type DigestChoice = (typeof digestChoices)[number];

export function checkDigest(raw: unknown): { value: DigestChoice; error?: FieldError } {
  return digestChoices.includes(raw as DigestChoice)
    ? { value: raw as DigestChoice }
    : { value: 'weekly', error: fieldError('form.digestInvalid') };
}
