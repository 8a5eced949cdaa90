// Locale choice and translation. Locale = explicit choice (cookie) → course language →
// Accept-Language → nl. Dates and numbers go through Intl for the chosen locale.
import { en } from './en.ts';
import { type MessageKey, nl } from './nl.ts';

export const locales = ['nl', 'en'] as const;
export type Locale = (typeof locales)[number];
export type { MessageKey };

export const catalogues: Record<Locale, Record<MessageKey, string>> = { nl, en };
export const localeCookie = 'lang';

export const isLocale = (v: unknown): v is Locale => v === 'nl' || v === 'en';

/** The first supported language in an Accept-Language header, by quality. */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale) ?? null;
}

export function pickLocale(
  choice: Locale | null,
  courseLanguage: Locale | null,
  accept: Locale | null,
): Locale {
  return choice ?? courseLanguage ?? accept ?? 'nl';
}

export type Params = Record<string, string | number>;

export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: Params): string;
  /** Plural: looks up `${key}.one` / `${key}.other` with {count}. */
  tn(key: string, count: number, params?: Params): string;
  date(d: Date, timeZone: string): string;
  dateTime(d: Date, timeZone: string): string;
  number(n: number): string;
  /** "3 minutes ago", "yesterday": how long before `now`. */
  ago(d: Date, now: Date): string;
}

const intlTag: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * Splits a message into literal text and {placeholder} names once, so translating on every
 * page is a join rather than a regular-expression replace (odd indexes are names).
 */
function compile(message: string): (params?: Params) => string {
  const parts = message.split(/\{(\w+)\}/);
  if (parts.length === 1) return () => message;
  return (params) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      out += i % 2 === 0 ? part : params && part in params ? String(params[part]) : `{${part}}`;
    }
    return out;
  };
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  const cached = translators.get(locale);
  if (cached) return cached;
  const messages = catalogues[locale];
  const plural = new Intl.PluralRules(intlTag[locale]);
  const numbers = new Intl.NumberFormat(intlTag[locale]);
  const relative = new Intl.RelativeTimeFormat(intlTag[locale], { numeric: 'auto' });
  const dateFormats = new Map<string, Intl.DateTimeFormat>();
  const fmt = (style: 'date' | 'dateTime', timeZone: string) => {
    const key = `${style}|${timeZone}`;
    let f = dateFormats.get(key);
    if (!f) {
      f =
        style === 'date'
          ? new Intl.DateTimeFormat(intlTag[locale], { dateStyle: 'full', timeZone })
          : new Intl.DateTimeFormat(intlTag[locale], {
              dateStyle: 'full',
              timeStyle: 'short',
              timeZone,
            });
      dateFormats.set(key, f);
    }
    return f;
  };
  const compiled = new Map(Object.entries(messages).map(([k, m]) => [k, compile(m)]));
  const t = (key: MessageKey, params?: Params) => compiled.get(key)?.(params) ?? key;
  const tr: Translator = {
    locale,
    t,
    tn: (key, count, params) => {
      const form = plural.select(count) === 'one' ? 'one' : 'other';
      return t(`${key}.${form}` as MessageKey, { count: numbers.format(count), ...params });
    },
    date: (d, tz) => fmt('date', tz).format(d),
    dateTime: (d, tz) => fmt('dateTime', tz).format(d),
    number: (n) => numbers.format(n),
    ago: (d, now) => {
      const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return relative.format(0, 'second');
      for (const [unit, size] of units) {
        if (abs >= size || unit === 'minute') {
          return relative.format(Math.round(seconds / size), unit);
        }
      }
      return relative.format(seconds, 'second');
    },
  };
  translators.set(locale, tr);
  return tr;
}
