// The forms kit: how every form reads what was posted (text, whole numbers, links) and how it
// says what is wrong (a message per field). Features build their checks from these pieces, so
// a rule about input lives in one place instead of drifting apart in copies.
import { maxInt, wholeNumber } from '../http/params.ts';
import type { MessageKey, Params } from '../i18n/index.ts';

/** What is wrong with one field: a message and the values it names ("at most {max}"). */
export interface FieldError {
  key: MessageKey;
  params?: Params;
}

/** A form's messages by field name (the input's name, or another stable id such as a room). */
export type FieldErrors<Field extends string = string> = Partial<Record<Field, FieldError>>;

export function fieldError(key: MessageKey, params?: Params): FieldError {
  return params ? { key, params } : { key };
}

export function hasErrors(errors: FieldErrors | null | undefined): boolean {
  return Object.values(errors ?? {}).some(Boolean);
}

/** The messages in the order the form shows its fields, for the summary at its top. */
export function errorList<Field extends string>(
  errors: FieldErrors<Field>,
  order: readonly Field[],
): (FieldError & { field: Field })[] {
  return order.flatMap((field) => {
    const e = errors[field];
    return e ? [{ field, ...e }] : [];
  });
}

/** Characters (code points), as the limits count them: 😀 is one, not two UTF-16 units. */
export const length = (s: string): number => [...s].length;

/**
 * Control and line-separator characters. They never belong on one line: a title or a name
 * reaches mail headers, subjects and .ics lines, where a line break starts a new field.
 */
export const controlCharacter = /[\p{Cc}\u2028\u2029]/u;
const oneLineBreaks = /[\s\p{Cc}\u2028\u2029]+/gu;

export interface TextOptions {
  /** A textarea: line breaks are kept (as \n). Otherwise the value is one trimmed line. */
  multiline?: boolean;
  /** Cut to this many characters; only for fields that have no message to say "too long". */
  max?: number;
}

/**
 * A text field as posted; anything but a string (absent, repeated) is ''. NUL is dropped
 * everywhere (PostgreSQL text cannot hold it) and line ends become \n (browsers send CRLF).
 * One line: every run of spaces, tabs, line breaks and control characters is a single space,
 * and the ends are trimmed. Several lines: the text is otherwise kept exactly as typed, so an
 * edit form gives it back unchanged (checks trim it themselves where blank means empty).
 */
/** String.prototype.toWellFormed (ES2024, in Node 20; this project's types are ES2023). */
const wellFormed = (s: string): string => (s as string & { toWellFormed(): string }).toWellFormed();

export function text(raw: unknown, options: TextOptions = {}): string {
  if (typeof raw !== 'string') return '';
  // A lone surrogate (half of an emoji, say) is no character: stored, it would come back as
  // U+FFFD, so it is made that here and the text means the same before and after saving.
  const lines = wellFormed(raw.replace(/\r\n?/g, '\n').replaceAll('\u0000', ''));
  const value = options.multiline ? lines : lines.replace(oneLineBreaks, ' ').trim();
  return options.max === undefined ? value : cut(value, options.max);
}

function cut(value: string, max: number): string {
  // Fewer UTF-16 units than max means fewer characters too; only longer ones need counting.
  return value.length <= max ? value : [...value].slice(0, max).join('');
}

/**
 * A whole number typed into a field, within [min, max]; null for anything else (a fraction,
 * a sign, "1e3", words). Spaces around it are fine: phones add them.
 */
export function integer(raw: unknown, range: { min?: number; max?: number } = {}): number | null {
  return wholeNumber(text(raw), range.min ?? 0, range.max ?? maxInt);
}

/** The longest link a form accepts (browsers and mail clients cope with it; a column holds it). */
export const urlMax = 2000;

/**
 * A link typed into a url field: http(s) only, normalised, at most urlMax long; null for
 * anything else (another scheme, not a URL, too long). People type addresses as they say them
 * ("jarche.com/blog"): without a scheme, https is meant.
 */
export function httpUrl(raw: unknown): string | null {
  const typed = text(raw);
  const bare = !/^[a-z][a-z0-9+.-]*:/i.test(typed) && /^[^\s/?#]+\.[^\s/?#]+/.test(typed);
  try {
    const parsed = new URL(bare ? `https://${typed}` : typed);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    const href = parsed.toString();
    return href.length <= urlMax ? href : null;
  } catch {
    return null;
  }
}
