// The embedded demo, seeded on the sample courses and walked through the app's own pages.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { UsageError } from '../../server/cli/cohort-command.ts';
import { runDemoCommand } from '../../server/cli/demo-command.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import type { Catalogue } from '../../server/content/types.ts';
import { demoAdminLine } from '../../server/demo/admin.ts';
import { demoCourses } from '../../server/demo/data.ts';
import { demoStartsOn } from '../../server/demo/schedule.ts';
import { demoTimezone, seedDemo } from '../../server/demo/seed.ts';
import { buildTestApp, root, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let catalogue: Catalogue;
/** What the demo holds right after seeding. */
let seeded: Counts;
// Whatever the clock says (sessions are made on the real clock): the demo is built around it.
const now = new Date();

beforeAll(async () => {
  t = await buildTestApp({ contentDir: path.join(root, 'content') });
  t.setNow(now);
  catalogue = t.app.content.current();
  expect(await seedDemo(t.database.db, catalogue, now)).toEqual(['knowmads-demo', 'pkm-demo']);
  seeded = await counts();
});
afterAll(() => t.close());

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });

let newcomers = 0;
/** A learner who just enrolled in the demo cohort, as a session cookie. */
const newcomer = (slug: string) =>
  signIn(t, { email: `newcomer${++newcomers}@example.com`, name: 'Nina', cohorts: [slug] });

const tables = [
  'cohorts',
  'users',
  'enrolments',
  'comments',
  'likes',
  'contributions',
  'submissions',
  'reviews',
  'meetups',
  'rsvps',
  'announcements',
  'visits',
] as const;
type Counts = Record<(typeof tables)[number], number>;

/** Row counts of what the demo writes, to compare before and after. */
async function counts(): Promise<Counts> {
  const out = {} as Counts;
  for (const table of tables) {
    const rows = rowsOf<{ n: number }>(
      await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)),
    );
    out[table] = Number(rows[0]?.n);
  }
  return out;
}

describe('the demo cohorts', () => {
  it('start so that the rooms up to the assignment are open and the next one is still to come', async () => {
    const cookie = await newcomer('knowmads-demo');
    const home = await get('/c/knowmads-demo', cookie);
    expect(home.statusCode).toBe(200);
    for (const room of ['wie-is-de-knowmad', 'leren-in-netwerken', 'feedback-en-vertrouwen']) {
      expect(home.body).toContain(`href="/c/knowmads-demo/${room}"`);
      expect((await get(`/c/knowmads-demo/${room}`, cookie)).statusCode).toBe(200);
    }
    expect(home.body).not.toContain('href="/c/knowmads-demo/knowmads-in-de-organisatie"');
    expect(textOf(home)).toContain('Help, er zit een knowmad in mijn organisatie!');
    expect((await get('/c/knowmads-demo/knowmads-in-de-organisatie', cookie)).statusCode).not.toBe(
      200,
    );
  });

  it('do the same for the English course: both rooms up to the assignment, the last to come', async () => {
    const cookie = await newcomer('pkm-demo');
    const home = await get('/c/pkm-demo', cookie);
    for (const room of ['seek', 'sense-and-share']) {
      expect(home.body).toContain(`href="/c/pkm-demo/${room}"`);
    }
    expect(home.body).not.toContain('href="/c/pkm-demo/keep-the-loop-going"');
    expect((await get('/c/pkm-demo/keep-the-loop-going', cookie)).statusCode).not.toBe(200);
  });

  it('follow the clock: the start date comes from the content, a few days into the assignment', () => {
    const knowmads = catalogue.courses.get('knowmads');
    const pkm = catalogue.courses.get('pkm');
    if (!knowmads || !pkm) throw new Error('sample courses missing');
    // The assignment rooms open on day 14 and day 7; the demo is two days into them.
    const wednesday = new Date('2027-03-10T10:00:00Z');
    expect(demoStartsOn(knowmads, demoTimezone, wednesday)).toBe('2027-02-22');
    expect(demoStartsOn(pkm, demoTimezone, wednesday)).toBe('2027-03-01');
    expect(demoStartsOn(knowmads, demoTimezone, new Date('2027-12-01T10:00:00Z'))).toBe(
      '2027-11-15',
    );
  });
});

describe('demo learners', () => {
  it('have talked in the first rooms, in the course’s language', async () => {
    const cookie = await newcomer('knowmads-demo');
    const exhibit = textOf(
      await get('/c/knowmads-demo/wie-is-de-knowmad/de-nieuwe-professional', cookie),
    );
    expect(exhibit).toContain('Demo Anna');
    expect(exhibit).toContain('Hoi allemaal, ik ben Anna');
    expect(exhibit).toContain('Herkenbaar, Anna.'); // a reply
    const english = textOf(await get('/c/pkm-demo/seek/the-framework', await newcomer('pkm-demo')));
    expect(english).toContain('Demo Alex');
    expect(english).toContain('I have been hoarding bookmarks for years');
  });

  it("have introduced themselves, so who's here is full on first start", async () => {
    const dutch = await get('/c/knowmads-demo/people', await newcomer('knowmads-demo'));
    expect(textOf(dutch)).toContain('Trainer bij een zorginstelling.');
    const answered = textOf(
      await get('/c/knowmads-demo/people?prompt=nachts', await newcomer('knowmads-demo')),
    );
    expect(answered).toContain("Wat houdt je 's nachts wakker?");
    expect(answered).toContain('Hoeveel ik nog niet weet.');
    const english = textOf(await get('/c/pkm-demo/people', await newcomer('pkm-demo')));
    expect(english).toContain('Product manager who reads too much');
  });

  it('have adopted one amendment to the house rules and have one proposal open, in both languages', async () => {
    const dutch = textOf(await get('/c/knowmads-demo/rules', await newcomer('knowmads-demo')));
    // The newcomer reads in English; what the cohort wrote is in Dutch.
    expect(dutch).toContain('The rules now (version 2)');
    expect(dutch).toContain('Names in the digest first names only');
    expect(dutch).toContain('Alleen voornamen in de nieuwsbrief');
    expect(dutch).toContain('Telefoons weg tijdens de meet-up');
    expect(dutch).toContain('2 consent, 0 abstain, 1 object');
    expect(dutch).toContain('Wie dienst heeft, legt de telefoon stil op tafel');
    const english = textOf(await get('/c/pkm-demo/rules', await newcomer('pkm-demo')));
    expect(english).toContain('The rules now (version 2)');
    expect(english).toContain('Names in the digest first names only');
    expect(english).toContain('Phones away at the meet-up');
  });

  it('have introduced themselves in the first room’s icebreaker, some with a drawn portrait', async () => {
    const cookie = await newcomer('knowmads-demo');
    const room = await get('/c/knowmads-demo/wie-is-de-knowmad', cookie);
    const text = textOf(room);
    expect(text).toContain('Maak een foto van je uitzicht');
    expect(text).toContain('Ik ben Anna, trainer bij een zorginstelling');
    expect(text).toContain('Tot bij de meet-up?'); // a reply
    const photo = /src="(\/c\/knowmads-demo\/people\/photos\/[0-9a-f]{32}-s\.webp)"/.exec(
      room.body,
    )?.[1];
    expect(photo).toBeDefined();
    const image = await get(photo ?? '', cookie);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    const english = textOf(await get('/c/pkm-demo/seek', await newcomer('pkm-demo')));
    expect(english).toContain('Take a photo of your view');
    expect(english).toContain('I am Alex, a product manager');
  });

  it('have hung up finds on the walls', async () => {
    const cookie = await newcomer('knowmads-demo');
    const wall = textOf(await get('/c/knowmads-demo/leren-in-netwerken/wall', cookie));
    expect(wall).toContain('Connectivisme, de theorie erachter');
    expect(wall).toContain('Mijn intervisiegroep');
    const english = textOf(await get('/c/pkm-demo/seek/wall', await newcomer('pkm-demo')));
    expect(english).toContain('RSS: the oldest way to choose your own stream');
    expect(english).toContain('Information overload');
  });

  it('handed in work, reviewed each other and rated the feedback, all below what is required', async () => {
    const rows = rowsOf<{ reviews_done: number; rated: number }>(
      await t.database.db.execute(sql`SELECT s.reviews_done,
        (SELECT count(*)::int FROM reviews r WHERE r.submission_id = s.id AND r.helpfulness IS NOT NULL) AS rated
        FROM submissions s JOIN cohorts c ON c.id = s.cohort_id WHERE c.slug = 'knowmads-demo'`),
    );
    expect(rows).toHaveLength(4);
    expect(rows.reduce((n, r) => n + Number(r.reviews_done), 0)).toBe(5);
    expect(rows.every((r) => Number(r.reviews_done) >= 1 && Number(r.reviews_done) < 3)).toBe(true);
    expect(rows.filter((r) => Number(r.rated) > 0)).toHaveLength(4);
  });

  it('talk in two circles, and a newcomer who opts in is placed in one at once', async () => {
    const cookie = await newcomer('pkm-demo');
    const page = '/c/pkm-demo/circles';
    const answers = { language: 'en', time: 'evening', commitment: 'all' };
    const { res, cookie: after } = await submit(t.app, page, `${page}/join`, answers, cookie);
    expect(res.headers.location).toMatch(/^\/c\/pkm-demo\/circles\/\d+$/);
    const circle = textOf(await get(res.headers.location ?? '', after));
    expect(circle).toContain('Circle 2');
    expect(circle).toContain('My question for this week: who do you actually learn the most from');
    expect(circle).toContain('Nina');
    const dutch = await newcomer('knowmads-demo');
    const desk = await get(
      '/c/knowmads-demo/organise/circles',
      await signIn(t, { email: 'admin@example.org' }),
    );
    expect(textOf(desk)).toContain('Circle 1');
    expect(textOf(desk)).toContain('Circle 2');
    expect((await get('/c/knowmads-demo/circles', dutch)).statusCode).toBe(200);
  });

  it('leave work for a newcomer, who can review a peer at once', async () => {
    const cookie = await newcomer('knowmads-demo');
    const page = '/c/knowmads-demo/feedback-en-vertrouwen/feedback';
    const { res, cookie: after } = await submit(t.app, page, `${page}/review`, {}, cookie);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/\/feedback\/submissions\/\d+$/);
    const review = await get(String(res.headers.location), after);
    expect(review.statusCode).toBe(200);
    const work = demoCourses.get('knowmads')?.submissions.map((s) => s.text.slice(0, 40)) ?? [];
    expect(work.some((start) => review.body.includes(start))).toBe(true);
  });
});

describe('the cohort page of the demo', () => {
  it('shows the announcement and the meet-up, with the demo learners’ answers', async () => {
    const cookie = await newcomer('knowmads-demo');
    const home = textOf(await get('/c/knowmads-demo', cookie));
    expect(home).toContain('De opdracht van deze week staat klaar');
    expect(home).toContain('Meet-up: de knowmad in het echt');
    const meetup = await get('/c/knowmads-demo/meetup', cookie);
    expect(meetup.statusCode).toBe(200);
    expect(textOf(meetup)).toContain('Voorbeeldbibliotheek, zaal 2');
    const rsvps = rowsOf<{ status: string; n: number }>(
      await t.database.db.execute(sql`SELECT r.status, count(*)::int AS n FROM rsvps r
        JOIN meetups m ON m.id = r.meetup_id JOIN cohorts c ON c.id = m.cohort_id
        WHERE c.slug = 'knowmads-demo' GROUP BY r.status ORDER BY r.status`),
    );
    expect(rsvps.map((r) => [r.status, Number(r.n)])).toEqual([
      ['declined', 1],
      ['going', 3],
    ]);
  });
});

describe('seeding again and resetting', () => {
  it('changes nothing on a restart', async () => {
    const before = await counts();
    expect(await seedDemo(t.database.db, catalogue, new Date(now.getTime() + 86_400_000))).toEqual(
      [],
    );
    expect(await counts()).toEqual(before);
  });

  it('npm run demo -- reset puts the demo back as it was', async () => {
    const cookie = await newcomer('knowmads-demo');
    const exhibit = '/c/knowmads-demo/wie-is-de-knowmad/de-nieuwe-professional';
    const posted = await submit(
      t.app,
      exhibit,
      `${exhibit}/comments`,
      { body: 'Een reactie van een nieuwkomer' },
      cookie,
    );
    expect(posted.res.statusCode).toBe(303);
    expect((await counts()).comments).toBe(seeded.comments + 1);

    const lines: string[] = [];
    await runDemoCommand(['reset'], {
      databaseUrl: null,
      open: async () => t.database.db,
      catalogue,
      baseUrl: 'http://localhost:3000',
      out: (l) => lines.push(l),
      now,
    });
    t.app.conversationCache.clear();
    const after = await counts();
    // Newcomers' accounts stay (they are not demo learners); all they did in the demo goes.
    expect({ ...after, users: seeded.users }).toEqual(seeded);
    expect(after.users).toBeGreaterThan(seeded.users);
    expect(lines.join('\n')).toContain('http://localhost:3000/c/knowmads-demo');
    const page = textOf(await get(exhibit, await newcomer('knowmads-demo')));
    expect(page).toContain('Hoi allemaal, ik ben Anna');
    expect(page).not.toContain('Een reactie van een nieuwkomer');
  });

  it('is refused with DATABASE_URL, saying why, without opening the database', async () => {
    let opened = false;
    const run = runDemoCommand(['reset'], {
      databaseUrl: 'postgres://salon@db.example.org/salon',
      open: async () => {
        opened = true;
        return t.database.db;
      },
      catalogue,
      baseUrl: 'http://localhost:3000',
      out: () => {},
    });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/DATABASE_URL is set: the demo lives only in the embedded/);
    expect(opened).toBe(false);
  });

  it('says how to use it when the command is unknown', async () => {
    const run = runDemoCommand(['wipe'], {
      databaseUrl: null,
      open: async () => t.database.db,
      catalogue,
      baseUrl: 'http://localhost:3000',
      out: () => {},
    });
    await expect(run).rejects.toThrow(/npm run demo -- reset/);
  });
});

describe('the demo admin', () => {
  it('is admin@example.org by default, and can look inside a demo cohort without enrolling', async () => {
    expect(t.app.config.demoAdmin).toBe('admin@example.org');
    expect(t.app.config.adminEmails).toContain('admin@example.org');
    const cookie = await signIn(t, { email: 'admin@example.org', name: 'Ada' });
    expect((await get('/c/knowmads-demo/organise', cookie)).statusCode).toBe(200);
    expect((await get('/c/knowmads-demo/knowmads-in-de-organisatie', cookie)).statusCode).toBe(200);
  });

  it('is whoever DEMO_ADMIN names, and the start-up line says how to sign in', () => {
    const config = loadConfig({
      DEMO_ADMIN: ' Boss@Example.org ',
      ADMIN_EMAILS: 'ann@example.org',
    });
    expect(config.adminEmails).toEqual(['ann@example.org', 'boss@example.org']);
    expect(demoAdminLine(config)).toBe(
      'Demo admin: sign in at http://localhost:3000/sign-in as boss@example.org; the link is printed here. (npm run demo -- reset puts the demo back.)',
    );
  });

  it('does not exist with DATABASE_URL, where setting DEMO_ADMIN is an error', () => {
    const pg = loadConfig({ DATABASE_URL: 'postgres://salon@db/salon' });
    expect(pg.demoAdmin).toBeNull();
    expect(pg.adminEmails).toEqual([]);
    expect(demoAdminLine(pg)).toBeNull();
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://salon@db/salon', DEMO_ADMIN: 'a@example.org' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ DEMO_ADMIN: 'not an address' })).toThrow(ConfigError);
  });
});
