// A member's profile in a cohort: the form, its limits (422 with the typed text kept and
// nothing saved), https-only links, the "introduce yourself" panel, export and deletion.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { profiles } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import { postProfile, profilePage, type Seeded, seed } from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo']);
});

const full: [string, string][] = [
  ['intro', 'I teach chemistry and collect old maps.'],
  ['answer_keeps-you-up', 'Whether my students really understand.'],
  ['answer_favourite-tool', 'A paper notebook.'],
  ['languages', 'nl'],
  ['languages', 'en'],
  ['time_band', 'evening'],
  ['link_1', 'https://ann.example.org/blog'],
  ['link_2', 'linkedin.com/in/ann'],
  ['listed', '1'],
];

const saved = async () => t.database.db.select().from(profiles);

describe('the profile form', () => {
  it('shows the account name read-only, the course prompts, and starts listed', async () => {
    const res = await t.app.inject({ url: profilePage, headers: { cookie: s.cookies.Ann } });
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('Ann');
    expect(text).toContain('change your name in your settings');
    expect(res.body).toContain('href="/settings"');
    expect(res.body).not.toMatch(/<input[^>]+name="name"/);
    expect(text).toContain('What keeps you up at night?');
    expect(res.body).toContain('name="answer_keeps-you-up"');
    expect(res.body).toMatch(/<input type="checkbox" name="listed" value="1"[^>]* checked>/);
    for (const code of ['nl', 'en', 'de', 'fr', 'es', 'other'])
      expect(res.body).toContain(`name="languages" value="${code}"`);
  });

  it('saves every field, says "Saved" and shows them again', async () => {
    const { res, cookie } = await postProfile(t, s.cookies.Ann, full);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(profilePage);
    const [row] = await saved();
    expect(row).toMatchObject({
      userId: s.ids.Ann,
      intro: 'I teach chemistry and collect old maps.',
      answers: {
        'keeps-you-up': 'Whether my students really understand.',
        'favourite-tool': 'A paper notebook.',
      },
      languages: ['nl', 'en'],
      timeBand: 'evening',
      link1: 'https://ann.example.org/blog',
      // Typed without a scheme: https is meant.
      link2: 'https://linkedin.com/in/ann',
      listed: true,
    });
    const page = await t.app.inject({ url: profilePage, headers: { cookie } });
    expect(textOf(page)).toContain('Saved.');
    expect(page.body).toContain('I teach chemistry and collect old maps.');
    expect(page.body).toMatch(/name="time_band" value="evening" checked/);
    expect(page.body).toMatch(/name="languages" value="en" checked/);
    expect(page.body).not.toMatch(/name="languages" value="de" checked/);
  });

  it('accepts 280 characters and refuses 281, keeping the text and saving nothing', async () => {
    const ok = await postProfile(t, s.cookies.Ann, [['intro', '😀'.repeat(280)]]);
    expect(ok.res.statusCode).toBe(303);
    await t.database.db.delete(profiles);

    const long = `${'a'.repeat(280)}b`;
    const { res } = await postProfile(t, s.cookies.Ann, [
      ['intro', long],
      ['answer_keeps-you-up', 'x'.repeat(281)],
      ['time_band', 'morning'],
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(long);
    expect(res.body).toMatch(/name="time_band" value="morning" checked/);
    expect(res.body).toContain('id="profile-intro-error"');
    expect(res.body).toContain('id="profile-answer_keeps-you-up-error"');
    expect(textOf(res)).toContain('Please make it shorter: at most 280 characters.');
    expect(await saved()).toEqual([]);
  });

  it('takes https links only, with a clear message for http: and other schemes', async () => {
    for (const bad of [
      'http://ann.example.org',
      'javascript:alert(1)',
      'ftp://x.org/f',
      'mailto:a@b.org',
    ]) {
      const { res } = await postProfile(t, s.cookies.Ann, [
        ['link_1', bad],
        ['intro', 'kept'],
      ]);
      expect(res.statusCode, bad).toBe(422);
      expect(textOf(res)).toContain('Only links that start with https://');
      expect(res.body).toContain('kept');
    }
    const { res } = await postProfile(t, s.cookies.Ann, [['link_2', 'not a link at all']]);
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('This is not a web address.');
    expect(res.body).toContain('value="not a link at all"');
    expect(await saved()).toEqual([]);
  });

  it('refuses a language or time band that is not offered', async () => {
    const a = await postProfile(t, s.cookies.Ann, [['languages', 'klingon']]);
    expect(a.res.statusCode).toBe(422);
    expect(textOf(a.res)).toContain('Choose one of the languages in the list.');
    const b = await postProfile(t, s.cookies.Ann, [['time_band', 'midnight']]);
    expect(b.res.statusCode).toBe(422);
    expect(textOf(b.res)).toContain('Choose one of the times in the list.');
    expect(await saved()).toEqual([]);
  });

  it('saves an unticked "listed" as not listed, and a blank time band as none', async () => {
    const { res } = await postProfile(t, s.cookies.Ann, [
      ['intro', 'Hi'],
      ['time_band', ''],
    ]);
    expect(res.statusCode).toBe(303);
    const [row] = await saved();
    expect(row).toMatchObject({ listed: false, timeBand: null, link1: null });
  });

  it('speaks Dutch in a Dutch course, errors included', async () => {
    s = await seed(t, ['Ann'], { locale: 'nl', courseId: 'leren' });
    const page = await t.app.inject({ url: profilePage, headers: { cookie: s.cookies.Ann } });
    expect(textOf(page)).toContain('Jouw profiel');
    expect(textOf(page)).toContain("Wat houdt je 's nachts wakker?");
    const { res } = await postProfile(t, s.cookies.Ann, [
      ['intro', 'x'.repeat(300)],
      ['link_1', 'http://ann.nl'],
    ]);
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Maak het korter: hoogstens 280 tekens.');
    expect(textOf(res)).toContain('Alleen links die met https:// beginnen');
  });

  it('is for members only', async () => {
    const visitor = await t.app.inject({ url: profilePage });
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toMatch(/^\/sign-in/);
  });
});

describe('introduce yourself', () => {
  it('invites a member without a profile on the cohort home, and not once they have one', async () => {
    const before = await t.app.inject({ url: '/c/spring', headers: { cookie: s.cookies.Ann } });
    expect(textOf(before)).toContain('Introduce yourself');
    expect(before.body).toContain(`href="${profilePage}"`);
    await postProfile(t, s.cookies.Ann, [
      ['intro', 'Hello'],
      ['listed', '1'],
    ]);
    const after = await t.app.inject({ url: '/c/spring', headers: { cookie: s.cookies.Ann } });
    expect(textOf(after)).not.toContain('Introduce yourself');
    expect(after.body).toContain('href="/c/spring/people"');
    // Visitors see no invitation.
    const visitor = await t.app.inject({ url: '/c/spring' });
    expect(textOf(visitor)).not.toContain('Introduce yourself');
  });
});

describe('personal data', () => {
  it('exports the profile and deletes it with the account', async () => {
    await postProfile(t, s.cookies.Ann, full);
    const res = await t.app.inject({ url: '/settings/export', headers: { cookie: s.cookies.Ann } });
    const data = JSON.parse(res.body);
    expect(data.profiles).toEqual([
      expect.objectContaining({
        cohort: 'spring',
        intro: 'I teach chemistry and collect old maps.',
        languages: ['nl', 'en'],
        link1: 'https://ann.example.org/blog',
      }),
    ]);
    const del = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'ann@example.org' },
      s.cookies.Ann,
    );
    expect(del.res.statusCode).toBe(303);
    expect(
      await t.database.db.select().from(profiles).where(eq(profiles.userId, s.ids.Ann)),
    ).toEqual([]);
  });

  it('removes the profile when the member leaves the cohort', async () => {
    await postProfile(t, s.cookies.Bo, full);
    const left = await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, s.cookies.Bo);
    expect(left.res.statusCode).toBe(303);
    expect(await saved()).toEqual([]);
  });
});
