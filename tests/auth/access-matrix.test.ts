// Who may open what: every route × every kind of visitor → the expected status. Later
// features add their routes to `routes` below; the test fails for a route nobody listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/museum/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

type Actor = 'anonymous' | 'outsider' | 'learner' | 'organiser' | 'admin';
const actors: Actor[] = ['anonymous', 'outsider', 'learner', 'organiser', 'admin'];

/** [anonymous, member of another cohort, learner, course organiser, admin] */
type Row = { method?: 'GET' | 'POST'; url: string; route: string; expect: number[] };

// Open room: /c/spring/welcome. Closed room: /c/spring/sharing (opens 12 March).
// POSTs are sent without a CSRF token: 403 shows the guard ran (or 303 to sign in first).
const routes: Row[] = [
  { url: '/', route: '/', expect: [200, 200, 200, 200, 200] },
  { url: '/c/spring', route: '/c/:cohort', expect: [200, 200, 200, 200, 200] },
  { url: '/c/spring/welcome', route: '/c/:cohort/:room', expect: [303, 403, 200, 200, 200] },
  { url: '/c/spring/sharing', route: '/c/:cohort/:room', expect: [303, 403, 403, 200, 200] },
  {
    url: '/c/spring/welcome/drawing',
    route: '/c/:cohort/:room/:exhibit',
    expect: [303, 403, 200, 200, 200],
  },
  {
    url: '/c/spring/sharing/share',
    route: '/c/:cohort/:room/:exhibit',
    expect: [303, 403, 403, 200, 200],
  },
  { url: '/c/nobody/welcome', route: '/c/:cohort/:room', expect: [404, 404, 404, 404, 404] },
  {
    method: 'POST',
    url: '/c/spring/enrol',
    route: '/c/:cohort/enrol',
    expect: [403, 403, 403, 403, 403],
  },
  { url: '/c/spring/leave', route: '/c/:cohort/leave', expect: [303, 200, 200, 200, 200] },
  {
    method: 'POST',
    url: '/c/spring/leave',
    route: '/c/:cohort/leave',
    expect: [303, 403, 403, 403, 403],
  },
  { url: '/sign-in', route: '/sign-in', expect: [200, 200, 200, 200, 200] },
  { method: 'POST', url: '/sign-in', route: '/sign-in', expect: [403, 403, 403, 403, 403] },
  { url: '/sign-in/sent', route: '/sign-in/sent', expect: [200, 200, 200, 200, 200] },
  { url: `/auth/${'a'.repeat(32)}`, route: '/auth/:token', expect: [410, 410, 410, 410, 410] },
  {
    method: 'POST',
    url: `/auth/${'a'.repeat(32)}`,
    route: '/auth/:token',
    expect: [403, 403, 403, 403, 403],
  },
  { method: 'POST', url: '/sign-out', route: '/sign-out', expect: [403, 403, 403, 403, 403] },
  { method: 'POST', url: '/locale', route: '/locale', expect: [403, 403, 403, 403, 403] },
  { url: '/settings', route: '/settings', expect: [303, 200, 200, 200, 200] },
  { method: 'POST', url: '/settings', route: '/settings', expect: [303, 403, 403, 403, 403] },
  { url: '/settings/export', route: '/settings/export', expect: [303, 200, 200, 200, 200] },
  { url: '/settings/delete', route: '/settings/delete', expect: [303, 200, 200, 200, 200] },
  {
    method: 'POST',
    url: '/settings/delete',
    route: '/settings/delete',
    expect: [303, 403, 403, 403, 403],
  },
  {
    method: 'POST',
    url: '/settings/sign-out-everywhere',
    route: '/settings/sign-out-everywhere',
    expect: [303, 403, 403, 403, 403],
  },
  {
    url: '/media/demo/drawing.svg',
    route: '/media/:course/:file',
    expect: [200, 200, 200, 200, 200],
  },
  { url: '/healthz', route: '/healthz', expect: [200, 200, 200, 200, 200] },
];

// Routes that are not pages of their own (static files, HEAD twins) need no row.
const exempt = new Set(['GET /static/*', 'GET /static/htmx.min.js']);

let t: TestApp;
const declared: string[] = [];
const cookies: Record<Actor, string> = {
  anonymous: '',
  outsider: '',
  learner: '',
  organiser: '',
  admin: '',
};

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'admin@example.org' } });
  declared.push(...t.app.routeTable);
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  await createCohort(t.database.db, { slug: 'other', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  cookies.outsider = await signIn(t, { email: 'out@example.org', cohorts: ['other'] });
  cookies.learner = await signIn(t, { email: 'learner@example.org', cohorts: ['spring'] });
  cookies.organiser = await signIn(t, { email: 'organisers@example.org' }); // from course.md
  cookies.admin = await signIn(t, { email: 'admin@example.org' });
});
afterAll(() => t.close());

describe('access matrix', () => {
  for (const row of routes) {
    it(`${row.method ?? 'GET'} ${row.url}`, async () => {
      const got: number[] = [];
      for (const actor of actors) {
        const res = await t.app.inject({
          method: row.method ?? 'GET',
          url: row.url,
          headers: {
            cookie: cookies[actor],
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: row.method === 'POST' ? 'x=1' : undefined,
        });
        got.push(res.statusCode);
        if (res.statusCode === 303 && !cookies[actor]) {
          expect(res.headers.location).toMatch(/^\/sign-in(\?next=|$)/);
        }
      }
      expect(Object.fromEntries(actors.map((a, i) => [a, got[i]]))).toEqual(
        Object.fromEntries(actors.map((a, i) => [a, row.expect[i]])),
      );
    });
  }

  it('shows organisers a closed room as a preview', async () => {
    const res = await t.app.inject({
      url: '/c/spring/sharing',
      headers: { cookie: cookies.organiser },
    });
    expect(res.body).toContain('Organiser preview: participants can enter this room from');
  });

  it('lists every route the app declares', () => {
    const listed = new Set(routes.map((r) => `${r.method ?? 'GET'} ${r.route}`));
    const missing = declared.filter((r) => !listed.has(r) && !exempt.has(r));
    expect(missing).toEqual([]);
  });
});
