// The organiser's dashboard: the numbers on the page, the chart and its table, sorting the
// exhibits, the participation CSV, and who may open them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { seedDashboard } from './helpers.ts';

let t: TestApp;
let cookies: Record<string, string> = {};
const dashboard = '/c/spring/organise/dashboard';
const csvUrl = '/c/spring/organise/participation';
const get = (url: string, cookie = cookies.organiser ?? '') =>
  t.app.inject({ url, headers: { cookie } });

beforeAll(async () => {
  t = await buildTestApp();
  cookies = (await seedDashboard(t)).cookies;
});
afterAll(() => t.close());

/** Exhibit titles in the order the per-exhibit table lists them. */
function exhibitOrder(html: string): string[] {
  const table = /<table class="sortable">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1] ?? '');
}

describe('the dashboard', () => {
  it('counts learners enrolled, active and new this week', async () => {
    const res = await get(dashboard);
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('Participants 5 Active this week 3 New this week 2');
    const nl = textOf(await get(dashboard, cookies.dutch));
    expect(nl).toContain('Deelnemers 5 Actief deze week 3 Nieuw deze week 2');
  });

  it('draws activity per day as an accessible SVG with the same numbers in a table', async () => {
    const res = await get(dashboard);
    // The chart, not one of the icons in the page's navigation.
    const svg = /<svg [^>]*class="chart"[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/aria-labelledby="activity-chart-title activity-chart-desc"/);
    expect(svg).toContain(
      '<title id="activity-chart-title">Activity per day, the last 28 days</title>',
    );
    expect(svg).toContain('Totals: comments 3, wall posts 1, reviews completed 2.');
    // The legend names each series; the axis has short dates.
    for (const label of ['Comments', 'Wall posts', 'Reviews completed', '20 Mar', '21 Feb']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    const text = textOf(res);
    expect(text).toContain('Thursday, 19 March 2026 2 0 0');
    expect(text).toContain('Tuesday, 17 March 2026 0 0 1');
    expect(text).toContain('Tuesday, 10 March 2026 1 0 1');
    expect(text).toContain('Thursday, 5 March 2026 0 1 0');
    expect(text).toContain('Total 3 1 2');
    const nl = await get(dashboard, cookies.dutch);
    expect(nl.body).toContain('>Bijdragen aan de muur</text>');
    expect(nl.body).toContain('>20 mrt</text>');
    expect(textOf(nl)).toContain('donderdag 19 maart 2026 2 0 0');
  });

  it('shows per room and per exhibit visitors, comments and last activity, silent ones first', async () => {
    const res = await get(dashboard);
    const text = textOf(res);
    // Welcome: 3 visitors, 3 visible comments, 1 wall post.
    expect(text).toContain('The Entrance Hall 3 3 1 yesterday');
    expect(text).toContain('The Long Gallery 0 0 0 nothing yet');
    expect(text).toContain('The Drawing The Entrance Hall 2 2 yesterday');
    expect(text).toContain('A First Look The Entrance Hall 1 1 last week');
    expect(text).toContain('A Long Talk The Entrance Hall 0 0 no comments yet nothing yet');
    expect(res.body).toMatch(/<time datetime="2026-03-19T10:00:00.000Z" title="[^"]+">yesterday/);
    const order = exhibitOrder(res.body);
    expect(order.slice(-2)).toEqual(['A First Look', 'The Drawing']);
    expect(res.body).toMatch(
      /<th scope="col" aria-sort="ascending"><a href="[^"]*sort=comments&amp;dir=desc/,
    );
  });

  it('counts learners’ visits only, so an organiser’s preview leaves a silent room silent', async () => {
    const preview = await get('/c/spring/walking');
    expect(preview.statusCode).toBe(200);
    expect(textOf(await get(dashboard))).toContain('The Long Gallery 0 0 0 nothing yet');
  });

  it('sorts the rooms too, keeping the exhibits’ order in every link', async () => {
    const rooms = (html: string) => {
      const table = /<table class="sortable rooms-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
      return [...table.matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    };
    const plain = await get(dashboard);
    expect(rooms(plain.body)).toEqual(['The Entrance Hall', 'The Long Gallery', 'The Workshop']);
    const sorted = await get(`${dashboard}?sort=visitors&dir=desc&rsort=comments&rdir=asc`);
    expect(rooms(sorted.body)).toEqual(['The Long Gallery', 'The Workshop', 'The Entrance Hall']);
    expect(sorted.body).toMatch(
      /aria-sort="ascending"><a href="[^"]*\?sort=visitors&amp;dir=desc&amp;rsort=comments&amp;rdir=desc#rooms"/,
    );
    // Exhibit sort links keep the rooms' order; the exhibits keep theirs.
    expect(sorted.body).toContain(
      '?sort=comments&amp;dir=asc&amp;rsort=comments&amp;rdir=asc#exhibits',
    );
    expect(textOf(sorted)).toContain('Per room, sorted ascending: Comments');
    const desc = await get(`${dashboard}?rsort=activity&rdir=desc`);
    expect(rooms(desc.body)[0]).toBe('The Entrance Hall');
  });

  it('sorts the exhibits by visitors, comments or last activity', async () => {
    const byComments = exhibitOrder((await get(`${dashboard}?sort=comments&dir=desc`)).body);
    expect(byComments.slice(0, 2)).toEqual(['The Drawing', 'A First Look']);
    const byVisitors = await get(`${dashboard}?sort=visitors&dir=desc`);
    expect(exhibitOrder(byVisitors.body).slice(0, 2)).toEqual(['The Drawing', 'A First Look']);
    expect(byVisitors.body).toMatch(
      /aria-sort="descending"><a href="[^"]*sort=visitors&amp;dir=asc/,
    );
    const byActivity = exhibitOrder((await get(`${dashboard}?sort=activity&dir=desc`)).body);
    expect(byActivity.slice(0, 2)).toEqual(['The Drawing', 'A First Look']);
    const oldestFirst = exhibitOrder((await get(`${dashboard}?sort=activity&dir=asc`)).body);
    expect(oldestFirst.slice(-2)).toEqual(['A First Look', 'The Drawing']);
    // Nonsense falls back to the default rather than failing.
    const odd = await get(`${dashboard}?sort=%3Cx%3E&dir=sideways`);
    expect(odd.statusCode).toBe(200);
    expect(exhibitOrder(odd.body).at(-1)).toBe('The Drawing');
  });

  it('summarises peer feedback, the meet-up and mail (without bodies)', async () => {
    const res = await get(dashboard);
    const text = textOf(res);
    expect(text).toContain('A moment from your practice 1 2 of 3 1 –');
    expect(res.body).toContain('href="/c/spring/organise/feedback"');
    expect(text).toContain('Going 2 On the waiting list 1 Not going 1');
    expect(res.body).toContain('href="/c/spring/organise/meetup"');
    expect(text).toContain('Sent 1 Being retried 1 Waiting to be sent 1 Failed 1');
    expect(text).toContain('digest to Dora, queued');
    expect(text).toContain('after 1 attempt');
    expect(text).toContain('Reason: 550 Mailbox unavailable');
    expect(res.body).not.toContain('SECRET');
    expect(res.body).not.toContain('OUTSIDER-ERROR');
  });
});

describe('the participation export', () => {
  it('has a row per member with their counts, formulas neutralised', async () => {
    const res = await get(csvUrl);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('spring-participation.csv');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'name,email,role,enrolled_at,places_visited,comments,contributions,reviews_given,reviews_received',
    );
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.startsWith('Mede'))).toMatch(/^Mede,mede@example.org,organiser,/);
    const row = (name: string) => lines.find((l) => l.startsWith(name)) ?? '';
    expect(row('Annemarie')).toBe(
      'Annemarie,annemarie@example.org,learner,2026-03-01T09:00:00.000Z,1,2,0,1,0',
    );
    expect(row('Bartholomew')).toMatch(/,learner,[^,]+,1,2,0,0,0$/);
    expect(row('Cassiopeia')).toMatch(/,2,0,1,0,2$/);
    expect(row('Dora')).toBe('Dora,dora@example.org,learner,2026-03-18T09:00:00.000Z,0,0,0,0,0');
    expect(row(`"'=HYPERLINK`)).toBe(
      `"'=HYPERLINK(""x"")",hyperlinkx@example.org,learner,2026-03-18T09:00:00.000Z,0,0,0,1,0`,
    );
    expect(res.body).not.toContain('out@example.org');
  });
});

describe('access', () => {
  it('is for organisers only', async () => {
    for (const url of [dashboard, csvUrl]) {
      expect((await get(url, cookies.Annemarie)).statusCode).toBe(403);
      expect((await get(url, cookies.outsider)).statusCode).toBe(403);
      const anonymous = await get(url, '');
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/sign-in\?next=/);
    }
    expect((await get('/c/nobody/organise/dashboard')).statusCode).toBe(404);
  });
});
