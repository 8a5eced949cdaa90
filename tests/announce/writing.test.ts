// "Writing a room": the content format for whoever organises a course somewhere, in both
// languages; learners get a 403 and anonymous visitors are sent to sign in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

const url = '/organise/writing-a-room';
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'admin@example.org' } });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
});
afterAll(() => t.close());

const get = (cookie: string) => t.app.inject({ url, headers: { cookie } });

describe('the authoring help', () => {
  it('shows course organisers the format with a complete example', async () => {
    const res = await get(await signIn(t, { email: 'organisers@example.org' }));
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('Writing a room');
    for (const part of ['course.md', 'room.md', 'assignment.md', 'media/', 'image_alt']) {
      expect(text).toContain(part);
    }
    expect(text).toContain('enrol, meetup, organise, wall, feedback and comments are reserved');
    expect(text).toContain('pin the old id with id:');
    expect(text).toContain('npm run content:check -- --db');
    expect(res.body).toContain('<pre><code class="language-markdown">---\ntitle: Practice');
  });

  it('speaks Dutch to Dutch readers', async () => {
    const res = await get(
      await signIn(t, {
        email: 'nl-org@example.org',
        locale: 'nl',
        cohorts: ['spring'],
        role: 'organiser',
      }),
    );
    expect(textOf(res)).toContain('Een zaal schrijven');
    expect(textOf(res)).toContain('leg de oude id dan vast met id:');
  });

  it('is open to organisers of a cohort and admins, not to learners', async () => {
    const enrolled = await signIn(t, {
      email: 'helper@example.org',
      cohorts: ['spring'],
      role: 'organiser',
    });
    expect((await get(enrolled)).statusCode).toBe(200);
    expect((await get(await signIn(t, { email: 'admin@example.org' }))).statusCode).toBe(200);
    const learner = await get(await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] }));
    expect(learner.statusCode).toBe(403);
    const anonymous = await get('');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
  });
});
