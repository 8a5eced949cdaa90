// A cohort is called by its name, not its address; its status reads the same on the home page,
// the cohort page and in `npm run cohort -- list`; people's names cannot turn text around.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCohortCommand } from '../../server/cli/cohort-command.ts';
import { findCohortBySlug } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let admin = '';
const en = { 'accept-language': 'en' };

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'boss@example.org' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  admin = await signIn(t, { email: 'boss@example.org', name: 'Boss' });
});

const page = (url: string, cookie = '') => t.app.inject({ url, headers: { ...en, cookie } });
async function cli(...argv: string[]) {
  const lines: string[] = [];
  await runCohortCommand(argv, {
    db: t.database.db,
    catalogue: t.app.content.current(),
    baseUrl: 'http://localhost:3000',
    out: (l) => lines.push(l),
    now: t.app.clock(),
  });
  return lines;
}
const newCohort = (fields: Record<string, string>) =>
  submit(t.app, '/organise/cohorts/new', '/organise/cohorts/new', fields, admin, en);

describe('a cohort name', () => {
  it('is asked when creating a cohort and shown wherever the cohort is named', async () => {
    const { res } = await newCohort({
      course: 'demo',
      name: 'Spring 2026',
      slug: 'spring',
      starts_on: '2026-03-02',
      timezone: 'Europe/Amsterdam',
      capacity: '',
      enrolment: 'open',
    });
    expect(res.statusCode).toBe(303);
    expect((await findCohortBySlug(t.database.db, 'spring'))?.name).toBe('Spring 2026');
    expect(textOf(await page('/'))).toContain('Go to cohort Spring 2026');
    const home = await page('/c/spring');
    expect(home.body).toContain('<title>A Test Museum · Spring 2026');
    expect(textOf(home)).toContain('Cohort Spring 2026 · starts');
    const learner = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
    const room = await page('/c/spring/welcome', learner);
    expect(room.body).toMatch(/<a href="\/c\/spring">Spring 2026<\/a>/);
    const list = await cli('list');
    expect(list[1]).toMatch(/^spring\s+Spring 2026\s+demo/);
  });

  it('defaults to the course and start month, and is changed on the settings page', async () => {
    const { res } = await newCohort({
      course: 'demo',
      name: '',
      slug: 'spring',
      starts_on: '2026-03-02',
      timezone: 'Europe/Amsterdam',
      enrolment: 'open',
    });
    expect(res.statusCode).toBe(303);
    expect((await findCohortBySlug(t.database.db, 'spring'))?.name).toBe(
      'A Test Museum, March 2026',
    );
    const settings = '/c/spring/organise/settings';
    const form = { starts_on: '2026-03-02', timezone: 'Europe/Amsterdam', enrolment: 'open' };
    const bad = await submit(
      t.app,
      settings,
      settings,
      { ...form, name: 'x'.repeat(81) },
      admin,
      en,
    );
    expect(bad.res.statusCode).toBe(422);
    expect(textOf(bad.res)).toContain('Use at most 80 characters, without line breaks.');
    expect(bad.res.body).toContain(`value="${'x'.repeat(81)}"`);
    const ok = await submit(t.app, settings, settings, { ...form, name: 'Voorjaar 2026' }, admin);
    expect(ok.res.statusCode).toBe(303);
    expect(textOf(await page('/'))).toContain('Go to cohort Voorjaar 2026');
  });

  it('is given on the command line, or defaults there too', async () => {
    await cli('create', '--course', 'leren', '--slug', 'aa', '--starts', '2027-03-01');
    await cli(
      'create',
      '--course',
      'demo',
      '--slug',
      'bb',
      '--starts',
      '2027-03-01',
      '--name',
      'B',
    );
    expect((await findCohortBySlug(t.database.db, 'aa'))?.name).toBe('Samen Leren, maart 2027');
    expect((await findCohortBySlug(t.database.db, 'bb'))?.name).toBe('B');
  });
});

describe('the status of a cohort', () => {
  it('is running when its last room opened today, in the same words everywhere', async () => {
    // The one-room course: its only room opens on the start day, today.
    await cli('create', '--course', 'leren', '--slug', 'today', '--starts', '2026-03-10');
    // The Dutch course's pages speak Dutch; the command line speaks English.
    const nl = { 'accept-language': 'nl' };
    const dutch = (url: string) => t.app.inject({ url, headers: nl }).then(textOf);
    expect(await dutch('/')).toContain('Naar groep Samen Leren, maart 2026');
    expect(await dutch('/')).toContain('Week 1 van 1');
    expect(await dutch('/c/today')).toContain('Week 1 van 1');
    expect((await cli('list'))[1]).toMatch(/Week 1 of 1$/);
    // A week later the run is over, for all three.
    t.setNow(new Date('2026-03-17T12:00:00Z'));
    expect(await dutch('/')).toContain('Afgelopen');
    expect(await dutch('/c/today')).toContain('Afgelopen');
    expect((await cli('list'))[1]).toMatch(/Finished$/);
  });

  it('follows the organisers’ own opening times on the home page and in the list', async () => {
    await cli('create', '--course', 'demo', '--slug', 'early', '--starts', '2026-04-06');
    const cohort = await findCohortBySlug(t.database.db, 'early');
    const { setRoomOpening } = await import('../../server/core/cohorts.ts');
    await setRoomOpening(
      t.database.db,
      cohort?.id ?? 0,
      'welcome',
      new Date('2026-03-09T00:00:00Z'),
    );
    expect(textOf(await page('/c/early'))).toContain('Week 1 of 3');
    expect(textOf(await page('/'))).toContain('Week 1 of 3');
    expect((await cli('list'))[1]).toMatch(/Week 1 of 3$/);
  });
});

describe('a person’s name', () => {
  it('loses bidirectional controls when taken in, and is isolated where it is shown', async () => {
    await cli('create', '--course', 'demo', '--slug', 'spring', '--starts', '2026-03-02');
    const ann = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
    const typed = 'Ann\u202Egnirts\u2066x\u2069';
    const { res } = await submit(
      t.app,
      '/settings',
      '/settings',
      {
        name: typed,
        locale: 'en',
        digest: 'weekly',
      },
      ann,
    );
    expect(res.statusCode).toBe(303);
    const { findUserByEmail } = await import('../../server/core/accounts.ts');
    expect((await findUserByEmail(t.database.db, 'ann@example.org'))?.name).toBe('Anngnirtsx');
    const wall = '/c/spring/welcome/wall';
    await submit(t.app, wall, wall, { title: 'A find', url: '', note: 'Why.' }, ann);
    const shown = await page(wall, ann);
    expect(shown.body).toContain('<strong><bdi>Anngnirtsx</bdi></strong>');
    expect(shown.body).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
