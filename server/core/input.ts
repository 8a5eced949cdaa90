// Checks for what people type into the enrol, sign-in and settings forms. Each returns the
// cleaned value or the message key for the field; the form is then re-rendered with both.
import { isLocale, type Locale, type MessageKey } from '../i18n/index.ts';

export const nameMax = 80;
export const emailMax = 254;

export type FieldErrors = Partial<Record<string, MessageKey>>;

// Control characters (CR/LF above all) must never reach a mail header; format characters
// such as the zero-width joiner are fine (they build emoji and some scripts).
const control = /[\p{Cc}\u2028\u2029]/u;
// Embedding, override and isolate controls would let a name reverse or swallow the text
// printed after it ("… commented on" read backwards); a name never needs them.
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/gu;

export function checkName(raw: unknown): { value: string; error?: MessageKey } {
  const typed = typeof raw === 'string' ? raw : '';
  const value = typed
    .replace(bidiControls, '')
    .trim()
    .replace(/[ \t]+/g, ' ');
  if (!value) return { value: typed, error: 'form.nameRequired' };
  if (control.test(value)) return { value: typed, error: 'form.nameControl' };
  if ([...value].length > nameMax) return { value: typed, error: 'form.nameTooLong' };
  return { value };
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

export function checkEmail(raw: unknown): { value: string; error?: MessageKey } {
  const typed = typeof raw === 'string' ? raw : '';
  const value = typed.trim().toLowerCase();
  if (!value) return { value: typed, error: 'form.emailRequired' };
  if (value.length > emailMax || control.test(value) || !emailPattern.test(value)) {
    return { value: typed, error: 'form.emailInvalid' };
  }
  return { value };
}

export function checkLocale(raw: unknown, fallback: Locale): Locale {
  return isLocale(raw) ? raw : fallback;
}

export const digestChoices = ['daily', 'weekly', 'off'] as const;
export type DigestChoice = (typeof digestChoices)[number];

export function checkDigest(raw: unknown): { value: DigestChoice; error?: MessageKey } {
  return digestChoices.includes(raw as DigestChoice)
    ? { value: raw as DigestChoice }
    : { value: 'weekly', error: 'form.digestInvalid' };
}
