// The meet-up as an iCalendar file (RFC 5545) made with ical-generator. The UID is stable per
// meet-up and SEQUENCE follows every edit, so a calendar updates the event it already has.
// Times are written as local time with the meet-up's TZID and a VTIMEZONE made from Node's
// own zone data (Intl, through luxon), so the instant is right whatever the server's zone.
//
// Why luxon: for a plain Date with a time zone set, ical-generator reads the server's local
// wall clock; a luxon DateTime carries its zone, and ical-generator formats it in that zone.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime, IANAZone } from 'luxon';
import type { Meetup } from '../../db/schema.ts';

const DAY = 86_400_000;

const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

/** Local time as iCalendar writes it: 20260329T020000. */
const localText = (utcMs: number, offsetMinutes: number) =>
  new Date(utcMs + offsetMinutes * 60_000).toISOString().slice(0, 19).replace(/[-:]/g, '');

/**
 * A VTIMEZONE for `tz` that is exact between `from` and `to` (plus a year either side):
 * each offset change in that span is listed explicitly (no RRULE), found by a daily scan
 * and narrowed to the minute. A zone without changes gets one STANDARD observance.
 */
export function vtimezone(tz: string, from: Date, to: Date): string {
  const zone = IANAZone.create(tz);
  const offset = (ms: number) => zone.offset(ms);
  // Whole UTC days, so every probe below falls on a whole minute.
  const start = Math.floor(from.getTime() / DAY) * DAY - 366 * DAY;
  const end = to.getTime() + 366 * DAY;
  const first = offset(start);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  const observance = (kind: string, at: string, fromOffset: number, toOffset: number) =>
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${at}`,
      `TZOFFSETFROM:${offsetText(fromOffset)}`,
      `TZOFFSETTO:${offsetText(toOffset)}`,
      `END:${kind}`,
    );
  observance('STANDARD', '19700101T000000', first, first);
  let before = first;
  for (let day = start; day < end; day += DAY) {
    const after = offset(day + DAY);
    if (after === before) continue;
    let lo = day;
    let hi = day + DAY;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offset(mid) === before) lo = mid;
      else hi = mid;
    }
    observance(after > before ? 'DAYLIGHT' : 'STANDARD', localText(hi, before), before, after);
    before = after;
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

/** "Salon <salon@example.org>" or a bare address. */
export function parseMailbox(value: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  return m
    ? { name: (m[1] ?? '').trim(), email: (m[2] ?? '').trim() }
    : { name: '', email: value.trim() };
}

/** A parameter value (CN=…) may not hold quotes or control characters (RFC 5545 3.1). */
const paramText = (s: string) => s.replace(/[\p{Cc}"]+/gu, ' ').trim();

export const meetupUid = (meetup: Pick<Meetup, 'id'>, baseUrl: string) =>
  `meetup-${meetup.id}@${new URL(baseUrl).hostname}`;

export interface CalendarOptions {
  baseUrl: string;
  /** MAIL_FROM: replies to the invitation go there. */
  organizer: string;
  /** REQUEST for the invitation mail, PUBLISH for "add to calendar". */
  method: 'REQUEST' | 'PUBLISH';
  url: string;
  attendee?: { name: string; email: string };
  now: Date;
}

export function meetupCalendar(meetup: Meetup, options: CalendarOptions): string {
  const calendar = ical({
    prodId: { company: 'Salon', product: 'Salon', language: 'EN' },
    method: options.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH,
  });
  // No calendar-wide zone name: DTSTAMP stays in UTC; the generator serves the event's zone.
  calendar.timezone({
    name: null,
    generator: (tz) => vtimezone(tz, meetup.startsAt, meetup.endsAt),
  });
  const organizer = parseMailbox(options.organizer);
  const location = [meetup.place, ...meetup.address.split('\n')].filter(Boolean).join(', ');
  const description = [meetup.descriptionMd.trim(), options.url].filter(Boolean).join('\n\n');
  calendar.createEvent({
    id: meetupUid(meetup, options.baseUrl),
    sequence: meetup.sequence,
    stamp: options.now,
    lastModified: meetup.updatedAt,
    start: DateTime.fromJSDate(meetup.startsAt, { zone: meetup.timezone }),
    end: DateTime.fromJSDate(meetup.endsAt, { zone: meetup.timezone }),
    timezone: meetup.timezone,
    summary: meetup.title,
    location,
    description,
    url: options.url,
    organizer: { name: paramText(organizer.name) || 'Salon', email: organizer.email },
    attendees: options.attendee
      ? [{ name: paramText(options.attendee.name), email: options.attendee.email, rsvp: false }]
      : [],
  });
  return calendar.toString();
}
