// The organiser's side: the form (422 with a message per field and every typed value kept),
// who may open what, the answers list and CSV; the member page and the cohort home block;
// and what "export my data" and "delete my account" do with answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { meetups } from '../../db/schema.ts';
import { findUserByEmail, updateUser } from '../../server/core/accounts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import {
  answer,
  env,
  meetupForm,
  memberPage,
  organisePage,
  type Seeded,
  saveMeetup,
  seed,
  sendInvitation,
  today,
} from './helpers.ts';

let t: TestApp;
let s: Seeded;
const get = (url: string, cookie = '') => t.app.inject({ url, headers: { cookie } });

beforeAll(async () => {
  t = await buildTestApp({ env });
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo', '=HYPERLINK("http://evil")']);
});

describe('the organiser’s form', () => {
  it('refuses bad input with 422, a message per field in the page’s language, and keeps every value', async () => {
    const typed = {
      title: '',
      description: 'x'.repeat(10_001),
      starts_at: 'next friday',
      ends_at: '2026-03-20T18:00',
      timezone: 'Mars/Olympus',
      place: '   ',
      address: 'Straat <b>1</b>',
      capacity: '0',
    };
    const { res } = await saveMeetup(t, s.organiser, typed);
    expect(res.statusCode).toBe(422);
    const text = textOf(res);
    expect(text).toContain('Please check these fields');
    expect(text).toContain('Title: Give the meet-up a title.');
    expect(text).toContain('Description: This is too long: 10000 characters at most.');
    expect(text).toContain('Starts: This is not a date and time.');
    expect(text).toContain('Time zone: We do not know this time zone.');
    expect(text).toContain('Place: Say where the meet-up is.');
    expect(text).toContain('Number of places: Enter a whole number from 1 to 100000');
    expect(res.body).toContain('value="next friday"');
    expect(res.body).toMatch(/id="meetup-starts_at" name="starts_at" type="text"/);
    expect(res.body).toContain('value="2026-03-20T18:00"');
    expect(res.body).toContain('value="Mars/Olympus"');
    expect(res.body).toContain('Straat &lt;b&gt;1&lt;/b&gt;</textarea>');
    expect(res.body).toContain('value="0"');
    expect(res.body).toContain(`${'x'.repeat(10_001)}</textarea>`);
    expect(res.body).toMatch(
      /id="meetup-title"[^>]*aria-describedby="meetup-title-error" aria-invalid="true"/,
    );
    expect(res.body).toContain('href="#meetup-capacity"');
    expect(await t.database.db.select().from(meetups)).toEqual([]);

    // In Dutch for an organiser who chose Dutch.
    const olga = await findUserByEmail(t.database.db, 'organisers@example.org');
    await updateUser(t.database.db, olga?.id ?? 0, { locale: 'nl' });
    const nl = await saveMeetup(t, s.organiser, { ...typed, title: 'Voorjaar', place: '' });
    expect(nl.res.statusCode).toBe(422);
    expect(textOf(nl.res)).toContain('Plek: Vul in waar de ontmoeting is.');
    expect(textOf(nl.res)).toContain('Tijdzone: Deze tijdzone kennen we niet.');
    expect(nl.res.body).toContain('value="Voorjaar"');
  });

  it('checks times against each other, the past and the clock change', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ends_at: '2026-03-20T19:00' }, 'Ends: The end must come after the start.'],
      [{ starts_at: '2026-03-01T19:00' }, 'Starts: This moment has passed.'],
      [
        { starts_at: '2026-03-29T02:30', ends_at: '2026-03-29T05:00' },
        'Starts: This time does not exist in Europe/Amsterdam',
      ],
      [{ capacity: '2.5' }, 'Number of places: Enter a whole number'],
      [{ starts_at: '2026-02-30T19:00' }, 'Starts: This is not a date and time.'],
      [{ timezone: '' }, 'Time zone: Enter a time zone'],
    ];
    for (const [fields, message] of cases) {
      const { res } = await saveMeetup(t, s.organiser, fields);
      expect(res.statusCode, JSON.stringify(fields)).toBe(422);
      expect(textOf(res)).toContain(message);
    }
  });

  it('creates the meet-up, then edits it; the sequence moves only after an invitation', async () => {
    const created = await saveMeetup(t, s.organiser, {
      timezone: 'europe/amsterdam',
      capacity: ' 12 ',
    });
    expect(created.res.statusCode).toBe(303);
    expect(textOf(await get(organisePage, created.cookie))).toContain('The meet-up is saved.');
    const row = async () => (await t.database.db.select().from(meetups))[0];
    expect(await row()).toMatchObject({
      title: 'Spring meet-up',
      timezone: 'Europe/Amsterdam',
      startsAt: new Date('2026-03-20T18:00:00Z'),
      endsAt: new Date('2026-03-20T21:00:00Z'),
      address: 'Zonstraat 1\n1011 AA Amsterdam',
      descriptionHtml: '<p>Bring <em>one</em> object from your work.</p>\n',
      capacity: 12,
      sequence: 0,
      invitedAt: null,
    });
    // The form shows the saved values back, as wall-clock time in the meet-up's zone.
    const form = await get(organisePage, s.organiser);
    expect(form.body).toContain('value="2026-03-20T19:00"');
    expect(form.body).toContain('value="12"');

    await saveMeetup(t, s.organiser, { title: 'Before the invitation' });
    expect((await row())?.sequence).toBe(0);
    await sendInvitation(t, s.organiser);
    const unchanged = await saveMeetup(t, s.organiser, { title: 'Before the invitation' });
    expect(textOf(await get(organisePage, unchanged.cookie))).toContain('Nothing had changed.');
    expect((await row())?.sequence).toBe(0);
    await saveMeetup(t, s.organiser, { title: 'After the invitation', capacity: '' });
    expect(await row()).toMatchObject({ sequence: 1, capacity: null });
    // A past meet-up can still be corrected as long as its start stays.
    t.setNow(new Date('2026-03-21T09:00:00Z'));
    const fixed = await saveMeetup(t, s.organiser, { title: 'Thanks for coming' });
    expect(fixed.res.statusCode).toBe(303);
  });
});

describe('who sees what', () => {
  it('keeps learners out of the organiser’s pages and actions', async () => {
    await saveMeetup(t, s.organiser);
    const ann = s.cookies.Ann ?? '';
    expect((await get(organisePage, ann)).statusCode).toBe(403);
    expect((await get(`${organisePage}/export`, ann)).statusCode).toBe(403);
    // Even with a valid form token (from any page), the actions stay closed.
    const save = await submit(
      t.app,
      memberPage,
      organisePage,
      { ...meetupForm, title: 'Mine' },
      ann,
    );
    expect(save.res.statusCode).toBe(403);
    const invite = await submit(t.app, memberPage, `${organisePage}/invite`, {}, ann);
    expect(invite.res.statusCode).toBe(403);
    expect((await t.database.db.select().from(meetups))[0]?.title).toBe('Spring meet-up');
    expect((await t.database.db.select().from(meetups))[0]?.invitedAt).toBeNull();
    expect((await get(organisePage)).statusCode).toBe(303);
  });

  it('shows members the empty state, the draft only to organisers, then the meet-up after the invitation', async () => {
    const ann = s.cookies.Ann ?? '';
    expect(textOf(await get(memberPage, ann))).toContain('No meet-up has been planned yet.');
    expect(textOf(await get(memberPage, s.organiser))).toContain('Plan the meet-up');
    await saveMeetup(t, s.organiser, { capacity: '20' });
    expect(textOf(await get(memberPage, ann))).toContain('No meet-up has been planned yet.');
    expect(textOf(await get('/c/spring', ann))).not.toContain('Spring meet-up');
    const draft = textOf(await get(memberPage, s.organiser));
    expect(draft).toContain(
      'Participants see this meet-up only once you have sent the invitation.',
    );
    expect(textOf(await get('/c/spring', s.organiser))).toContain('Spring meet-up draft');

    await sendInvitation(t, s.organiser);
    const page = await get(memberPage, ann);
    const text = textOf(page);
    expect(text).toContain('Spring meet-up');
    expect(text).toContain('When Friday, 20 March 2026, 19:00–22:00 (Europe/Amsterdam)');
    expect(text).toContain('Where Café De Zon Zonstraat 1 1011 AA Amsterdam');
    expect(text).toContain('Places 20 places');
    expect(text).toContain('You have not answered yet.');
    expect(page.body).toContain('<em>one</em>');
    expect(page.body).toContain('href="/c/spring/meetup.ics"');
    expect(page.body).toMatch(/<button[^>]*name="answer" value="yes"/);

    const home = textOf(await get('/c/spring', ann));
    expect(home).toContain(
      'Meet-up Spring meet-up Friday, 20 March 2026, 19:00–22:00 (Europe/Amsterdam)',
    );
    // Not for visitors, and no longer once it is over.
    expect(textOf(await get('/c/spring'))).not.toContain('Spring meet-up');
    t.setNow(new Date('2026-03-20T21:00:00Z'));
    expect(textOf(await get('/c/spring', ann))).not.toContain('Spring meet-up');
    expect(textOf(await get(memberPage, ann))).toContain('This meet-up has already taken place.');
  });
});

describe('the answers', () => {
  it('lists them for organisers and exports a CSV spreadsheets cannot run as formulas', async () => {
    await saveMeetup(t, s.organiser, { capacity: '1' });
    await sendInvitation(t, s.organiser);
    t.setNow(new Date(today.getTime() + 60_000));
    await answer(t, s.cookies['=HYPERLINK("http://evil")'] ?? '', 'yes');
    t.setNow(new Date(today.getTime() + 120_000));
    await answer(t, s.cookies.Ann ?? '', 'yes');
    await answer(t, s.cookies.Bo ?? '', 'no');
    t.setNow(new Date(today.getTime() + 180_000));
    await answer(t, s.cookies['=HYPERLINK("http://evil")'] ?? '', 'no');

    const page = textOf(await get(organisePage, s.organiser));
    expect(page).toContain('Coming 1 of 1 On the waiting list 0 Not coming 2 No answer yet 0');
    expect(page).toContain('Ann Coming from the waiting list');

    const res = await get(`${organisePage}/export`, s.organiser);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="spring-meetup.csv"');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual([
      'name,email,status,answered_at,promoted',
      'Ann,ann@example.org,going,2026-03-10T12:02:00.000Z,2026-03-10T12:03:00.000Z',
      'Bo,bo@example.org,declined,2026-03-10T12:02:00.000Z,',
      `"'=HYPERLINK(""http://evil"")",hyperlinkhttpevil@example.org,declined,2026-03-10T12:03:00.000Z,`,
    ]);
  });

  it('exports a member’s answers, and deleting the account gives their place to the next', async () => {
    await saveMeetup(t, s.organiser, { capacity: '1' });
    await sendInvitation(t, s.organiser);
    await answer(t, s.cookies.Ann ?? '', 'yes');
    t.setNow(new Date(today.getTime() + 60_000));
    await answer(t, s.cookies.Bo ?? '', 'yes');
    const exported = (await get('/settings/export', s.cookies.Ann)).json();
    expect(exported.meetupAnswers).toEqual([
      expect.objectContaining({ meetup: 'Spring meet-up', status: 'going', place: 'Café De Zon' }),
    ]);
    const gone = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'ann@example.org' },
      s.cookies.Ann,
    );
    expect(gone.res.statusCode).toBe(303);
    const bo = textOf(await get(memberPage, s.cookies.Bo));
    expect(bo).toContain('You are coming.');
    expect(bo).toContain('Coming 1 of 1 On the waiting list 0 Not coming 0');
    await t.app.mailer.deliverDue();
    const mail = t.sent.find(
      (m) => m.to.address === 'bo@example.org' && /place opened up/.test(m.subject),
    );
    expect(mail).toBeDefined();
  });
});
