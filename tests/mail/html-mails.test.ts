// Every HTML mail in the one frame that survives mail programs: tables, inline styles, 600 px
// at most, light and dark, and each call to action a real button (a coloured table cell with
// the link in it). The digest opens with the course's cover.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, users } from '../../db/schema.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import { createMailRenderer } from '../../server/mail/templates.ts';
import { buildTestApp, root, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

const render = createMailRenderer(path.join(root, 'views'), false);
const base = 'https://salon.example.org';
const url = (p: string) => `${base}${p}`;
const member = {
  name: 'Ann',
  course: 'A Test Museum',
  settingsUrl: url('/settings'),
  unsubscribeUrl: url('/unsubscribe/tok'),
};
const meetup = {
  ...member,
  meetup: { title: 'Coffee', place: 'Café', capacity: 20, descriptionHtml: '<p>Cake.</p>' },
  when: 'Friday, 20 March 2026, 19:00–22:00',
  addressLines: ['Oudegracht 1'],
  updated: false,
  meetupUrl: url('/c/spring/meetup'),
  yesUrl: url('/meetup/rsvp/yes'),
  noUrl: url('/meetup/rsvp/no'),
};
const cover = { src: url('/media/demo/cover.png'), alt: 'Three frames on a museum wall.' };

/** Each mail, what it is rendered with, and the links that must be buttons in it. */
const mails: { name: string; data: Record<string, unknown>; buttons: string[] }[] = [
  {
    name: 'digest',
    data: {
      ...member,
      cover,
      cohortUrl: url('/c/spring'),
      frequency: 'weekly',
      timezone: 'Europe/Amsterdam',
      sections: [
        {
          view: 'feedback/_digest',
          data: {
            owed: [
              {
                title: 'Welcome',
                href: url('/c/spring/welcome/feedback'),
                owed: 2,
                reviewBy: new Date(),
              },
            ],
            received: [],
          },
        },
        {
          view: 'meetup/_digest',
          data: {
            title: 'Coffee',
            startsAt: new Date(),
            timezone: 'Europe/Amsterdam',
            place: 'Café',
            status: null,
            href: url('/c/spring/meetup'),
          },
        },
      ],
    },
    buttons: [url('/c/spring'), url('/c/spring/welcome/feedback'), url('/c/spring/meetup')],
  },
  {
    name: 'announcement',
    data: {
      ...member,
      authorName: 'Olga',
      announcement: { title: 'News', bodyHtml: '<p>Hi.</p>' },
      cohortUrl: url('/c/spring'),
    },
    buttons: [url('/c/spring')],
  },
  {
    name: 'enrol',
    data: { name: 'Ann', url: url('/auth/tok'), minutes: 15, course: 'A Test Museum' },
    buttons: [url('/auth/tok')],
  },
  {
    name: 'sign-in',
    data: { name: 'Ann', url: url('/auth/tok'), minutes: 15 },
    buttons: [url('/auth/tok')],
  },
  { name: 'no-account', data: { url: url('/') }, buttons: [url('/')] },
  {
    name: 'organise-invite',
    data: {
      name: 'Olga',
      inviter: 'Ann',
      url: url('/auth/tok'),
      minutes: 10_080,
      course: 'A Test Museum',
      cohortName: 'Spring',
    },
    buttons: [url('/auth/tok')],
  },
  { name: 'meetup-invite', data: meetup, buttons: [meetup.yesUrl, meetup.noUrl] },
  { name: 'meetup-promoted', data: meetup, buttons: [meetup.noUrl] },
  { name: 'meetup-reminder', data: meetup, buttons: [meetup.noUrl] },
  {
    name: 'live-reminder',
    data: {
      ...member,
      title: 'Ask the curator',
      when: 'Friday, 20 March 2026, 19:00',
      zone: 'Europe/Amsterdam',
      liveUrl: url('/c/spring/live/welcome'),
    },
    buttons: [url('/c/spring/live/welcome')],
  },
];

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The link as a button: the first thing in a table cell that carries the colour. */
const button = (href: string) =>
  new RegExp(`<td class="btn(-2)?"[^>]*bgcolor="#[0-9a-f]{6}"[^>]*><a href="${literal(href)}"`);

/** Elements the parser had to close itself: a tag left open or closed in the wrong place. */
function unclosed(html: string): string[] {
  const implied: string[] = [];
  const parser = new Parser({
    onclosetag(name, isImplied) {
      if (isImplied && !['p', 'li', 'br', 'meta', 'img'].includes(name)) implied.push(name);
    },
  });
  parser.write(html);
  parser.end();
  return implied;
}

describe('every HTML mail', () => {
  for (const { name, data, buttons } of mails) {
    for (const locale of ['en', 'nl'] as const) {
      it(`${name} (${locale}) is framed for mail, light and dark, with its buttons`, () => {
        const { html } = render(name, locale, { key: 'mail.signInSubject' }, data);
        expect(html.startsWith('<!doctype html>')).toBe(true);
        expect(html).toContain(`<html lang="${locale}">`);
        expect(html).toContain('<meta name="color-scheme" content="light dark">');
        expect(html).toContain('@media (prefers-color-scheme: dark)');
        expect(html).toContain('max-width: 600px');
        expect(html).toContain('role="presentation"');
        expect(html).not.toMatch(/<link\b|<script\b/);
        for (const href of buttons) expect(html, href).toMatch(button(href));
        expect(unclosed(html)).toEqual([]);
        const hasImage = html.includes('<img');
        expect(hasImage, 'a cover in the digest only').toBe(name === 'digest');
      });
    }
  }

  it('shows the cover in the digest at its size, described', () => {
    const digest = mails.find((m) => m.name === 'digest');
    if (!digest) throw new Error('no digest sample');
    const { html } = render('digest', 'en', { key: 'mail.signInSubject' }, digest.data);
    expect(html).toMatch(
      /<img src="https:\/\/salon\.example\.org\/media\/demo\/cover\.png" alt="Three frames on a museum wall\." width="600" height="300"/,
    );
    // Above the text: the first thing in the card.
    expect(html.indexOf('<img')).toBeLessThan(html.indexOf('A Test Museum</h1>'));
  });
});

describe('the digest as it is sent', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { BASE_URL: base } });
  });
  afterAll(() => t.close());

  it('opens with the course’s cover, as a full address', async () => {
    const db = t.database.db;
    await createCohort(db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
    await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
    const ann = await findUserByEmail(db, 'ann@example.org');
    await db
      .update(users)
      .set({ digest: 'weekly' })
      .where(eq(users.id, ann?.id ?? 0));
    // The week that ends on Monday 9 March, when the second room opens.
    t.setNow(new Date('2026-03-09T06:30:00Z'));
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const period = latestPeriod(context.cohort, 'weekly', t.app.clock());
    expect(await runDigest(t.app, context, period)).toMatchObject({ queued: 1 });
    const [mail] = await db.select().from(outbox).where(eq(outbox.kind, 'digest'));
    expect(mail?.htmlBody).toContain(
      '<img src="https://salon.example.org/media/demo/cover.svg" alt="Three frames on a museum wall." width="600" height="300"',
    );
    expect(mail?.htmlBody).toMatch(button('https://salon.example.org/c/spring'));
    expect(mail?.textBody).not.toContain('cover.svg');
  });
});
