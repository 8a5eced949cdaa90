// The organiser's desk has one navigation, on every desk page, with the page marked; learners'
// pages do not get it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnnouncement } from '../../server/announce/queries.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let organiser = '';
let learner = '';
let cohortId = 0;

beforeAll(async () => {
  t = await buildTestApp();
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  learner = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
});
afterAll(() => t.close());

const desk = '/c/spring/organise';
const pages: [string, string][] = [
  [desk, 'Publish rooms'],
  [`${desk}/settings`, 'Settings'],
  [`${desk}/dashboard`, 'Overview'],
  [`${desk}/announcements`, 'Announcements'],
  [`${desk}/moderation`, 'Moderation'],
  [`${desk}/feedback`, 'Feedback'],
  [`${desk}/meetup`, 'Meet-up'],
  // A section another feature adds through the layout's registry, after the desk's own.
  [`${desk}/circles`, 'Circles'],
  [`${desk}/live`, 'Live hours'],
];

const tagOf = (html: string, id: string) => new RegExp(`<[a-z]+ id="${id}"[^>]*>`).exec(html)?.[0];
const nav = (html: string) => /<nav class="desk-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

describe('the desk navigation', () => {
  it.each(pages)('is on %s, with that page marked as the current one', async (url, label) => {
    const res = await t.app.inject({ url, headers: { cookie: organiser } });
    expect(res.statusCode).toBe(200);
    const html = nav(res.body);
    expect(html).toContain('aria-label="Organise"');
    for (const [href] of pages) expect(html).toContain(`href="${href}"`);
    expect(html.match(/aria-current=/g)).toHaveLength(1);
    // The label follows the section's icon inside the link.
    expect(html).toMatch(
      new RegExp(`href="${url}" aria-current="page">(<svg [^>]*>.*?</svg>)?${label}</a>`),
    );
    // Once per page.
    expect(res.body.match(/class="desk-nav"/g)).toHaveLength(1);
  });

  it('marks the section of a sub-page without calling it the page', async () => {
    const { id } = await createAnnouncement(t.database.db, {
      cohortId,
      authorId: null,
      title: 'Hello',
      bodyMd: 'Hi',
      bodyHtml: '<p>Hi</p>',
      urgent: false,
      now: t.app.clock(),
    });
    const res = await t.app.inject({
      url: `${desk}/announcements/${id}/edit`,
      headers: { cookie: organiser },
    });
    expect(res.statusCode).toBe(200);
    expect(nav(res.body)).toContain(`href="${desk}/announcements" aria-current="true">`);
  });

  it('stays on a refused form, the page still marked', async () => {
    const { res } = await submit(
      t.app,
      `${desk}/settings`,
      `${desk}/settings`,
      {
        starts_on: 'soon',
        timezone: 'Europe/Amsterdam',
        capacity: '',
      },
      organiser,
    );
    expect(res.statusCode).toBe(422);
    expect(nav(res.body)).toContain(`href="${desk}/settings" aria-current="page">`);
    expect(tagOf(res.body, 'cohort-starts_on')).toContain('autofocus');
  });

  it('is not on learners’ pages, nor on a room an organiser looks at', async () => {
    for (const [cookie, url] of [
      [learner, '/c/spring'],
      [learner, '/c/spring/welcome'],
      [organiser, '/c/spring/welcome'],
    ] as const) {
      const res = await t.app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(nav(res.body), url).toBe('');
    }
  });
});
