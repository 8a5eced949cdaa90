// The invitation as members receive it over SMTP: subject, both parts, unsubscribe headers,
// the .ics read back by a calendar library (instant, zone, stable UID, SEQUENCE after an
// edit), and the one-click yes/no links that work without signing in.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { meetups, outbox, rsvps } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';
import {
  deliver,
  env,
  icsOf,
  mailTo,
  memberPage,
  readEvent,
  rsvpLinks,
  type Seeded,
  saveMeetup,
  seed,
  sendInvitation,
} from './helpers.ts';

let sink: SmtpSink;
let t: TestApp;
let s: Seeded;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { ...env, SMTP_URL: sink.url } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo']);
  sink.clear();
});

const answers = () => t.database.db.select().from(rsvps);

describe('the invitation', () => {
  it('reaches every member with a subject, a plain-text part, unsubscribe headers and an .ics', async () => {
    expect((await saveMeetup(t, s.organiser)).res.statusCode).toBe(303);
    // Learners do not see a meet-up before it is sent.
    expect(
      textOf(await t.app.inject({ url: memberPage, headers: { cookie: s.cookies.Ann ?? '' } })),
    ).toContain('No meet-up has been planned yet.');
    const sent = await sendInvitation(t, s.organiser);
    expect(sent.res.statusCode).toBe(303);
    const organisePage = await t.app.inject({
      url: '/c/spring/organise/meetup',
      headers: { cookie: sent.cookie },
    });
    expect(textOf(organisePage)).toContain('The invitation is on its way to 2 participants.');
    expect(textOf(organisePage)).toMatch(/Invitation sent on Tuesday, 10 March 2026 at 13:00/);

    const messages = await deliver(t, sink, 2);
    expect(messages).toHaveLength(2);
    const ann = mailTo(messages, 'ann@example.org');
    expect(ann.subject).toBe('Invitation: Spring meet-up, Fri 20 Mar, 19:00');
    expect(ann.text).toContain('Hello Ann,');
    expect(ann.text).toContain('You are invited to the meet-up of “A Test Museum”.');
    expect(ann.text).toContain('When: Friday, 20 March 2026, 19:00–22:00 (Europe/Amsterdam)');
    expect(ann.text).toContain('Where: Café De Zon, Zonstraat 1, 1011 AA Amsterdam');
    expect(ann.text).toContain('Bring *one* object from your work.');
    expect(ann.text).toContain('https://salon.example.org/c/spring/meetup');
    expect(ann.text).toContain('https://salon.example.org/settings');
    expect(ann.text).toMatch(
      /Unsubscribe from digests: https:\/\/salon\.example\.org\/unsubscribe\//,
    );
    expect(ann.html).toContain('<em>one</em>');
    const line = (key: string) => ann.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(line('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/salon\.example\.org\/unsubscribe\/\d+\.[\w-]+>$/,
    );
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const ics = icsOf(ann);
    expect(ics.contentType).toContain('text/calendar');
    expect(ics.contentType).toContain('method=REQUEST');
    expect(ics.text).toContain('DTSTART;TZID=Europe/Amsterdam:20260320T190000');
    expect(ics.text).toContain('BEGIN:VTIMEZONE');
    const event = readEvent(ics.text);
    expect(event.method).toBe('REQUEST');
    expect(event.tzid).toBe('Europe/Amsterdam');
    expect(event.start.toISOString()).toBe('2026-03-20T18:00:00.000Z');
    expect(event.end.toISOString()).toBe('2026-03-20T21:00:00.000Z');
    expect(event.summary).toBe('Spring meet-up');
    expect(event.location).toBe('Café De Zon, Zonstraat 1, 1011 AA Amsterdam');
    expect(event.organizer).toBe('mailto:salon@example.org');
    expect(event.uid).toMatch(/^meetup-\d+@salon\.example\.org$/);
    expect(event.sequence).toBe(0);
  });

  it('after an edit sends the update (same UID, higher SEQUENCE, new instant); unchanged, nothing', async () => {
    await saveMeetup(t, s.organiser);
    await sendInvitation(t, s.organiser);
    const first = readEvent(icsOf(mailTo(await deliver(t, sink, 2), 'bo@example.org')).text);
    sink.clear();

    // Pressing the button again without changes sends nothing new.
    const again = await sendInvitation(t, s.organiser);
    const page = await t.app.inject({
      url: '/c/spring/organise/meetup',
      headers: { cookie: again.cookie },
    });
    expect(textOf(page)).toContain('Everyone already has this version of the invitation.');
    expect(await t.app.mailer.deliverDue()).toBe(0);

    // A day later: moved to Friday 3 April, after the clocks went forward (CEST, UTC+2).
    t.setNow(new Date('2026-03-11T12:00:00Z'));
    const edit = await saveMeetup(t, s.organiser, {
      starts_at: '2026-04-03T19:00',
      ends_at: '2026-04-03T22:30',
      title: 'Spring meet-up; now in April, with “quotes”',
    });
    expect(edit.res.statusCode).toBe(303);
    const changed = await t.app.inject({
      url: '/c/spring/organise/meetup',
      headers: { cookie: edit.cookie },
    });
    expect(textOf(changed)).toContain('The meet-up has changed since the invitation.');
    expect(textOf(changed)).toContain('Send the updated invitation');
    await sendInvitation(t, s.organiser);
    const bo = mailTo(await deliver(t, sink, 2), 'bo@example.org');
    expect(bo.subject).toBe(
      'Changed: Spring meet-up; now in April, with “quotes”, Fri 3 Apr, 19:00',
    );
    expect(bo.text).toContain('This invitation replaces the earlier one');
    const second = readEvent(icsOf(bo).text);
    expect(second.uid).toBe(first.uid);
    expect(second.sequence).toBe(1);
    expect(second.start.toISOString()).toBe('2026-04-03T17:00:00.000Z');
    expect(second.end.toISOString()).toBe('2026-04-03T20:30:00.000Z');
    expect(second.summary).toBe('Spring meet-up; now in April, with “quotes”');
  });

  it('answers from the mail without a session: GET only asks, POST records; forged links are 404', async () => {
    await saveMeetup(t, s.organiser);
    await sendInvitation(t, s.organiser);
    const ann = mailTo(await deliver(t, sink, 2), 'ann@example.org');
    const links = rsvpLinks(ann);
    expect(links.yes).toMatch(/^\/meetup\/rsvp\//);

    const ask = await t.app.inject({ url: links.yes });
    expect(ask.statusCode).toBe(200);
    expect(textOf(ask)).toContain('Hello Ann. You have not answered yet.');
    expect(ask.body).toContain(`action="${links.yes}"`);
    expect(await answers()).toEqual([]);

    const yes = await t.app.inject({ method: 'POST', url: links.yes });
    expect(yes.statusCode).toBe(200);
    expect(textOf(yes)).toContain('You are coming.');
    expect((await answers()).map((a) => a.status)).toEqual(['going']);
    // The same link again changes nothing.
    await t.app.inject({ method: 'POST', url: links.yes });
    expect(await answers()).toHaveLength(1);

    const no = await t.app.inject({ method: 'POST', url: links.no });
    expect(textOf(no)).toContain('You are not coming.');
    expect((await answers()).map((a) => a.status)).toEqual(['declined']);

    // Another member's id, or the other answer, under Ann's signature: not a page.
    const [payload, mac] = (links.yes.split('/').pop() ?? '').split('.');
    const forged = [
      `/meetup/rsvp/${payload?.replace(/-(\d+)-yes$/, `-${s.ids.Bo}-yes`)}.${mac}`,
      `/meetup/rsvp/${payload?.replace(/-yes$/, '-no')}.${mac}`,
      `/meetup/rsvp/${payload}.${'A'.repeat(22)}`,
      '/meetup/rsvp/not-a-token',
    ];
    for (const url of forged) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    expect((await answers()).map((a) => a.status)).toEqual(['declined']);
  });

  it('escapes what organisers type in the calendar file and keeps it out of headers', async () => {
    await saveMeetup(t, s.organiser, {
      title: 'Meet\r\nBcc: evil@example.org',
      place: 'Hall; A, B',
      address: 'Line 1\r\nDESCRIPTION:injected',
    });
    const [row] = await t.database.db.select().from(meetups);
    expect(row?.title).toBe('Meet Bcc: evil@example.org');
    await sendInvitation(t, s.organiser);
    const ann = mailTo(await deliver(t, sink, 2), 'ann@example.org');
    expect(ann.headerLines.some((h) => h.key === 'bcc')).toBe(false);
    expect(ann.subject).toBe('Invitation: Meet Bcc: evil@example.org, Fri 20 Mar, 19:00');
    const ics = icsOf(ann).text;
    expect(ics).toContain('LOCATION:Hall\\; A\\, B\\, Line 1\\, DESCRIPTION:injected');
    expect(ics.split('\r\n').filter((l) => l.startsWith('DESCRIPTION:'))).toHaveLength(1);
    expect(readEvent(ics).location).toBe('Hall; A, B, Line 1, DESCRIPTION:injected');
    const stored = await t.database.db
      .select({ key: outbox.idempotencyKey })
      .from(outbox)
      .where(eq(outbox.kind, 'meetup-invite'));
    expect(stored.map((r) => r.key).toSorted()).toEqual(
      [s.ids.Ann, s.ids.Bo].map((id) => `meetup-invite:${row?.id}:0:${id}`).toSorted(),
    );
  });

  it('offers the same event to members as a download', async () => {
    await saveMeetup(t, s.organiser);
    expect(
      (await t.app.inject({ url: `${memberPage}.ics`, headers: { cookie: s.cookies.Ann ?? '' } }))
        .statusCode,
    ).toBe(404);
    await sendInvitation(t, s.organiser);
    const res = await t.app.inject({
      url: `${memberPage}.ics`,
      headers: { cookie: s.cookies.Ann ?? '' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const event = readEvent(res.body);
    expect(event.method).toBe('PUBLISH');
    expect(event.start.toISOString()).toBe('2026-03-20T18:00:00.000Z');
    expect(event.uid).toMatch(/^meetup-\d+@salon\.example\.org$/);
  });
});
