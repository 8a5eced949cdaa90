// How a meet-up reads on pages and in mail: its dates in its own time zone, its address in
// lines, and the links that belong to it.
import type { FastifyInstance } from 'fastify';
import type { Meetup } from '../../db/schema.ts';
import { absolute, paths } from '../core/paths.ts';
import type { Locale } from '../i18n/index.ts';

const intlTag: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, tz: string, style: 'range' | 'short'): Intl.DateTimeFormat {
  const key = `${locale}|${tz}|${style}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      intlTag[locale],
      style === 'range'
        ? { dateStyle: 'full', timeStyle: 'short', timeZone: tz }
        : {
            weekday: 'short',
            day: 'numeric',
            month: 'short',
            hour: '2-digit',
            minute: '2-digit',
            timeZone: tz,
          },
    );
    if (formats.size > 1000) formats.clear();
    formats.set(key, f);
  }
  return f;
}

type When = Pick<Meetup, 'startsAt' | 'endsAt' | 'timezone'>;

/** "Friday, 20 March 2026, 19:00–22:00 (Europe/Amsterdam)": always in the meet-up's zone. */
export const whenText = (locale: Locale, m: When) =>
  `${format(locale, m.timezone, 'range').formatRange(m.startsAt, m.endsAt)} (${m.timezone})`;

/** "Fri 20 Mar, 19:00", for subjects and short lists. */
export const shortWhen = (locale: Locale, m: Pick<Meetup, 'startsAt' | 'timezone'>) =>
  format(locale, m.timezone, 'short').format(m.startsAt);

export const addressLines = (m: Pick<Meetup, 'address'>) => m.address.split('\n').filter(Boolean);

export const isOver = (m: Pick<Meetup, 'endsAt'>, now: Date) => now >= m.endsAt;

const purpose = 'rsvp';

/** The one-click answer link in a mail: it works without signing in. */
export function rsvpUrl(
  app: FastifyInstance,
  meetupId: number,
  userId: number,
  answer: 'yes' | 'no',
): string {
  const token = app.signer.sign(purpose, `${meetupId}-${userId}-${answer}`);
  return absolute(app.config.baseUrl, paths.meetupLink(token));
}

/** What a genuine RSVP token says, or null for anything forged or malformed. */
export function readRsvpToken(
  app: FastifyInstance,
  token: string,
): { meetupId: number; userId: number; answer: 'yes' | 'no' } | null {
  const payload = app.signer.verify(purpose, token);
  const m = payload ? /^(\d{1,10})-(\d{1,10})-(yes|no)$/.exec(payload) : null;
  if (!m) return null;
  return { meetupId: Number(m[1]), userId: Number(m[2]), answer: m[3] as 'yes' | 'no' };
}
