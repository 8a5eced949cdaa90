// A feature plugs into pages it does not own with one registration: a panel on the cohort home,
// a room or an exhibit appears where the page lists its panels, and only when it has data.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

describe('registration points', () => {
  it('shows a registered panel on the cohort home, a room and an exhibit, and hides one without data', async () => {
    const shown = (where: string) => ({
      title: `A panel on the ${where}`,
      when: 'soon',
      href: '/somewhere',
      draft: false,
    });
    // Any partial that reads it.panel will do; the meet-up teaser is one.
    t.app.panels.cohortHome.add({
      name: 'test-home',
      view: 'meetup/_teaser',
      load: ({ role }) => (role ? shown('cohort home') : null),
    });
    t.app.panels.room.add({ name: 'test-room', view: 'meetup/_teaser', load: () => shown('room') });
    t.app.panels.exhibit.add({
      name: 'test-exhibit',
      view: 'meetup/_teaser',
      load: ({ exhibit }) => shown(`exhibit ${exhibit?.id}`),
    });
    t.app.panels.exhibit.add({ name: 'test-empty', view: 'meetup/_teaser', load: () => null });

    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
    t.setNow(new Date('2026-03-04T12:00:00Z'));
    const visitor = await t.app.inject({ url: '/c/spring' });
    expect(visitor.statusCode).toBe(200);
    expect(visitor.body).not.toContain('A panel on the cohort home');

    const cookie = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
    const get = (url: string) => t.app.inject({ url, headers: { cookie } });
    expect((await get('/c/spring')).body).toContain('A panel on the cohort home');
    expect((await get('/c/spring/welcome')).body).toContain('A panel on the room');
    const exhibit = await get('/c/spring/welcome/first-look');
    expect(exhibit.statusCode).toBe(200);
    expect(exhibit.body).toContain('A panel on the exhibit first-look');
    expect(exhibit.body.match(/meetup-teaser-title/g)).toHaveLength(2); // h2 id + aria-labelledby
  });

  it('refuses two panels with the same name', () => {
    const panel = { name: 'twice', view: 'meetup/_teaser', load: () => null };
    t.app.panels.room.add(panel);
    expect(() => t.app.panels.room.add(panel)).toThrow(/registered twice/);
  });
});
