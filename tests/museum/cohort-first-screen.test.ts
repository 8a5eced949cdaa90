// The cohort page puts first what a person came for: a visitor the way in (above the course
// text), a member the way back (where they left off, the room open now), the course folded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
});
afterAll(() => t.close());

const at = (html: string, needle: string) => {
  const i = html.indexOf(needle);
  expect(i, needle).toBeGreaterThan(-1);
  return i;
};

describe('the cohort page', () => {
  it('shows a visitor the way to enrol before the course text', async () => {
    const res = await t.app.inject({ url: '/c/spring' });
    const html = res.body;
    expect(at(html, 'href="#enrol">Enrol in this cohort</a>')).toBeLessThan(
      at(html, 'Welcome to the <strong>test museum</strong>'),
    );
    expect(html).toContain('id="enrol"');
    expect(html).not.toContain('<details class="about">');
  });

  it('opens a refused enrolment at its first wrong field', async () => {
    const { res } = await submit(t.app, '/c/spring', '/c/spring/enrol', {
      name: 'Zoë',
      email: 'not an address',
      locale: 'en',
    });
    expect(res.statusCode).toBe(422);
    const email = /<input id="enrol-email"[^>]*>/.exec(res.body)?.[0] ?? '';
    expect(email).toContain('autofocus');
    expect(/<input id="enrol-name"[^>]*>/.exec(res.body)?.[0]).not.toContain('autofocus');
  });

  it('shows a member where they left off and the room open now, the course text folded', async () => {
    await t.app.inject({ url: '/c/spring/welcome/drawing', headers: { cookie: ann } });
    const html = (await t.app.inject({ url: '/c/spring', headers: { cookie: ann } })).body;
    const resume = at(
      html,
      'href="/c/spring/welcome/drawing">Continue where you left off: “The Drawing”',
    );
    const openNow = at(html, 'Open now: week 2, “The Long Gallery”');
    const programme = at(html, 'The programme');
    const about = at(html, '<details class="about">');
    expect(resume).toBeLessThan(openNow);
    expect(openNow).toBeLessThan(programme);
    expect(programme).toBeLessThan(about);
    expect(about).toBeLessThan(at(html, 'Welcome to the <strong>test museum</strong>'));
    expect(html).not.toContain('Enrol in this cohort');
  });
});
