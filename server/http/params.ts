// Numbers and names that come from the client: URL segments, query strings, form fields.
// Every route reads them through here, so a value the database cannot hold (an id past its
// integer range, "1.5", "0x10", "1e3") is a page that does not exist, never a database error.

/** The largest id or count PostgreSQL's integer column holds. */
export const maxInt = 2_147_483_647;

/**
 * A whole number written in plain decimal digits, within [min, max]; null for anything else
 * (signs, fractions, exponents, hex, spaces, or out of range).
 */
export function wholeNumber(raw: unknown, min = 0, max = maxInt): number | null {
  if (typeof raw !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** A row id (1 … maxInt), or null. */
export const readId = (raw: unknown): number | null => wholeNumber(raw, 1, maxInt);

/** Thrown where the client named something that cannot exist: the error handler says 404. */
export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(what: string) {
    super(`no such ${what}`);
  }
}

/** A regular expression source for 1 … max in plain digits (JSON Schema has no bigint range). */
function digitsUpTo(max: number): string {
  const s = String(max);
  const alternatives = s.length > 1 ? [`[1-9][0-9]{0,${s.length - 2}}`] : [];
  for (let i = 0; i < s.length; i++) {
    const digit = Number(s[i]);
    const low = i === 0 ? 1 : 0;
    const rest = s.length - i - 1;
    if (digit > low) alternatives.push(`${s.slice(0, i)}[${low}-${digit - 1}][0-9]{${rest}}`);
  }
  alternatives.push(s);
  return `^(?:${alternatives.join('|')})$`;
}

export const slugParam = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
/** An id in a URL: what readId accepts, so `Number(params.id)` is always a valid id. */
export const idParam = { type: 'string', pattern: digitsUpTo(maxInt) } as const;

type Param = typeof slugParam | typeof idParam;

/** A route schema for these params, e.g. params({ cohort: slugParam, id: idParam }). */
export function params<T extends Record<string, Param>>(properties: T) {
  return {
    params: { type: 'object', properties, required: Object.keys(properties) },
  } as const;
}
