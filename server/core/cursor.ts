// Keyset cursors: the sort key of the row a page ends or starts at, carried in a URL as
// `?after=` / `?before=`. A page then starts where the index says, however deep, instead of
// counting past every row before it. A cursor that does not read back is no cursor at all.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * What a cursor's parts may be: text (a name), an id (a positive integer) or an instant at
 * PostgreSQL's precision (microseconds, which a JavaScript Date would round to milliseconds,
 * so the next page would repeat or skip rows that share the millisecond).
 */
export type CursorKind = 'text' | 'id' | 'instant';
type ValueOf<K extends CursorKind> = K extends 'id' ? number : string;
export type CursorValues<K extends readonly CursorKind[]> = { [I in keyof K]: ValueOf<K[I]> };

/** Longer than any key a page ends at; anything longer was not made here. */
const maxLength = 1000;
const instantShape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The cursor's values in the kinds asked for, or null for anything else (absent, cut, made up). */
export function decodeCursor<const K extends readonly CursorKind[]>(
  raw: unknown,
  kinds: K,
): CursorValues<K> | null {
  if (typeof raw !== 'string' || raw === '' || raw.length > maxLength) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== kinds.length) return null;
  const ok = kinds.every((kind, i) => fits(kind, values[i]));
  return ok ? (values as CursorValues<K>) : null;
}

function fits(kind: CursorKind, value: unknown): boolean {
  if (kind === 'id') return Number.isSafeInteger(value) && (value as number) > 0;
  if (typeof value !== 'string') return false;
  if (kind === 'text') return true;
  // The shape alone would let "2026-02-31" through to the database, which refuses it.
  if (!instantShape.test(value)) return false;
  const ms = `${value.slice(0, 23)}Z`;
  return !Number.isNaN(Date.parse(ms)) && new Date(ms).toISOString() === ms;
}

/**
 * A timestamp as a cursor's instant: UTC, all six decimals, whatever the session's DateStyle
 * or time zone. Compare with `${column} > ${value}::timestamptz`.
 */
export const instantText = (timestamp: SQLWrapper): SQL<string> =>
  sql<string>`to_char(${timestamp} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A timestamp as whole microseconds since 1970, for cursors that carry one number: exact
 * (PostgreSQL's own precision; a JavaScript Date's milliseconds would repeat or skip rows
 * within one millisecond) and a safe integer until the year 2255.
 */
export const microsOf = (timestamp: SQLWrapper): SQL<number> =>
  sql`(extract(epoch from ${timestamp}) * 1000000)::bigint`.mapWith(Number);

/** The instant `micros` microseconds after 1970, in integer arithmetic (no float rounding). */
export const atMicros = (micros: number): SQL =>
  sql`('epoch'::timestamptz + ${micros}::bigint * interval '1 microsecond')`;
