// Shared by the meet-up tests: a cohort on the demo course (Europe/Amsterdam) with learners,
// the course organiser (from course.md, not enrolled), the organiser's form, mail as a
// member receives it over real SMTP, and the .ics read back with ical.js.
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import type { SmtpSink } from '../helpers/smtp.ts';

export const baseUrl = 'https://salon.example.org';
export const env = { BASE_URL: baseUrl, MAIL_FROM: 'Salon <salon@example.org>' };
export const organisePage = '/c/spring/organise/meetup';
export const memberPage = '/c/spring/meetup';
/** 10 March 2026, 12:00 UTC (13:00 in Amsterdam). */
export const today = new Date('2026-03-10T12:00:00Z');

/** Friday 20 March 2026, 19:00–22:00 in Amsterdam (CET, UTC+1): 18:00–21:00 UTC. */
export const meetupForm: Record<string, string> = {
  title: 'Spring meet-up',
  description: 'Bring *one* object from your work.',
  starts_at: '2026-03-20T19:00',
  ends_at: '2026-03-20T22:00',
  timezone: 'Europe/Amsterdam',
  place: 'Café De Zon',
  address: 'Zonstraat 1\n1011 AA Amsterdam',
  capacity: '',
};

export interface Seeded {
  cohortId: number;
  cookies: Record<string, string>;
  ids: Record<string, number>;
  organiser: string;
}

/** BASE_URL is https, so the app reads its session from the __Host- cookie. */
const secureCookie = (cookie: string) => cookie.replace(/^salon_session=/, '__Host-salon_session=');

export async function seed(t: TestApp, names: string[]): Promise<Seeded> {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(today);
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};
  for (const name of names) {
    const email = `${name.replace(/\W/g, '').toLowerCase() || 'x'}@example.org`;
    cookies[name] = secureCookie(await signIn(t, { email, name, cohorts: ['spring'] }));
    ids[name] = (await findUserByEmail(t.database.db, email))?.id ?? 0;
  }
  const organiser = secureCookie(
    await signIn(t, { email: 'organisers@example.org', name: 'Olga' }),
  );
  return { cohortId: cohort.id, cookies, ids, organiser };
}

export const saveMeetup = (t: TestApp, cookie: string, fields: Record<string, string> = {}) =>
  submit(t.app, organisePage, organisePage, { ...meetupForm, ...fields }, cookie);

export const sendInvitation = (t: TestApp, cookie: string) =>
  submit(t.app, organisePage, `${organisePage}/invite`, {}, cookie);

export const answer = (t: TestApp, cookie: string, value: 'yes' | 'no') =>
  submit(t.app, memberPage, `${memberPage}/rsvp`, { answer: value }, cookie);

/** Delivers what is queued and returns the messages that arrived since the sink was cleared. */
export async function deliver(t: TestApp, sink: SmtpSink, expected: number) {
  await t.app.mailer.deliverDue();
  return sink.waitFor(expected);
}

export const to = (m: ParsedMail) => {
  const address = m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined;
  return address ?? '';
};

export function mailTo(messages: ParsedMail[], address: string): ParsedMail {
  const found = messages.find((m) => to(m) === address);
  if (!found) throw new Error(`no mail to ${address} in ${messages.map(to).join(', ')}`);
  return found;
}

/** The yes and no links in a mail's plain-text part, as paths on our site. */
export function rsvpLinks(m: ParsedMail): { yes: string; no: string } {
  const links = [
    ...(m.text ?? '').matchAll(/https:\/\/salon\.example\.org(\/meetup\/rsvp\/\S+)/g),
  ].map((x) => x[1] ?? '');
  return {
    yes: links.find((l) => /-yes\./.test(l)) ?? '',
    no: links.find((l) => /-no\./.test(l)) ?? '',
  };
}

export function icsOf(m: ParsedMail): { text: string; contentType: string } {
  const part = m.attachments.find((a) => a.filename === 'invite.ics');
  if (!part) throw new Error('no invite.ics attached');
  return {
    text: part.content.toString('utf8'),
    contentType: String(
      part.headers.get('content-type') ? headerText(part.headers.get('content-type')) : '',
    ),
  };
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { value?: string; params?: Record<string, string> };
  return [v.value, ...Object.entries(v.params ?? {}).map(([k, p]) => `${k}=${p}`)].join('; ');
}

/**
 * The event as a calendar reads it: the VTIMEZONE in the file defines the zone (ical.js knows
 * no zones of its own), so the instants below are only right if that VTIMEZONE is.
 */
export function readEvent(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    tzid: event.startDate.zone?.tzid,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    organizer: String(vevent.getFirstPropertyValue('organizer')),
  };
}
