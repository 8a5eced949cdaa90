// When each room opens for a cohort. Room n opens at local midnight, start + opensAfterDays,
// in the cohort's time zone (so a DST change moves the UTC instant, not the local time),
// unless an organiser recorded another moment for that cohort.
import { DateTime } from 'luxon';
import type { Room } from '../content/types.ts';

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per use and zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function kept(locale: string, tz: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${tz}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: tz });
    formats.set(key, f);
  }
  return f;
}

const partsFormat = (tz: string) =>
  kept('en-US', tz, {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** Offset of `tz` from UTC at instant `utcMs`, in milliseconds. */
function offsetAt(utcMs: number, tz: string): number {
  const parts = partsFormat(tz).formatToParts(new Date(utcMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return local - Math.floor(utcMs / 1000) * 1000;
}

// Pure and asked for on every museum page: remember answers (bounded, it is cheap to refill).
const midnights = new Map<string, number>();

/** The UTC instant of local midnight at the start of `isoDate` (YYYY-MM-DD) in `tz`. */
export function localMidnight(isoDate: string, tz: string): Date {
  const key = `${isoDate}|${tz}`;
  const known = midnights.get(key);
  if (known !== undefined) return new Date(known);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Two passes settle the offset on both sides of a DST change.
  let utc = wall - offsetAt(wall, tz);
  utc = wall - offsetAt(utc, tz);
  if (midnights.size > 10_000) midnights.clear();
  midnights.set(key, utc);
  return new Date(utc);
}

/** The UTC instant of `hour`:00 local time on `isoDate` in `tz` (07:00 for digests). */
export function localAt(isoDate: string, hour: number, tz: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour);
  let utc = wall - offsetAt(wall, tz);
  utc = wall - offsetAt(utc, tz);
  return new Date(utc);
}

/** Adds whole calendar days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD) in `tz`. */
export function todayIn(tz: string, now = new Date()): string {
  return kept('en-CA', tz, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The Monday of the week containing `now`, in `tz`. */
export function mondayOfWeek(tz: string, now = new Date()): string {
  const today = todayIn(tz, now);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(today, -weekday);
}

export interface CohortSchedule {
  startsOn: string;
  timezone: string;
  /** Organiser overrides by room id. */
  overrides?: ReadonlyMap<string, Date>;
}

// Every page inside a cohort works out its schedule; skip even the date arithmetic.
const openings = new Map<string, Date>();

export function roomOpensAt(
  room: Pick<Room, 'id' | 'opensAfterDays'>,
  cohort: CohortSchedule,
): Date {
  const override = cohort.overrides?.get(room.id);
  if (override) return override;
  const key = `${cohort.startsOn}|${room.opensAfterDays}|${cohort.timezone}`;
  let at = openings.get(key);
  if (!at) {
    if (openings.size > 10_000) openings.clear();
    at = localMidnight(addDays(cohort.startsOn, room.opensAfterDays), cohort.timezone);
    openings.set(key, at);
  }
  return at;
}

export function isRoomOpen(
  room: Pick<Room, 'id' | 'opensAfterDays'>,
  cohort: CohortSchedule,
  now = new Date(),
): boolean {
  return roomOpensAt(room, cohort).getTime() <= now.getTime();
}

// datetime-local form values: what organisers type for a meet-up or a room's opening.
const localFormat = "yyyy-LL-dd'T'HH:mm";
const localPattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** The instant as a datetime-local value in `tz` (e.g. 2026-03-20T19:00). */
export function wallClock(d: Date, tz: string): string {
  return DateTime.fromJSDate(d, { zone: tz }).toFormat(localFormat);
}

/**
 * The instant a datetime-local value means in `tz`: 'format' when it is not a date and time,
 * 'gap' when that local time does not exist there (the hour skipped when clocks go forward).
 */
export function fromWallClock(value: string, tz: string): Date | 'format' | 'gap' {
  const m = localPattern.exec(value.trim());
  if (!m) return 'format';
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as number[];
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone: tz });
  if (!dt.isValid) return 'format';
  // Luxon moves a time inside a DST gap forward; a different wall clock means it never exists.
  if (dt.hour !== hour || dt.minute !== minute || dt.day !== day) return 'gap';
  return dt.toJSDate();
}
