// Who counts as a participant: learners only. A co-organiser (enrolled as organiser), a course
// organiser and an admin (neither enrolled) run the cohort; they are not in its numbers, not
// invited to its meet-up, not sent its urgent announcements nor a learner's digest.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { answer, meetupForm, organisePage, saveMeetup, sendInvitation } from '../meetup/helpers.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const learners = ['ann@example.org', 'bo@example.org'];

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'boss@example.org' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  cookies.ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  cookies.bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  cookies.co = await signIn(t, {
    email: 'co@example.org',
    name: 'Co',
    cohorts: ['spring'],
    role: 'organiser',
  });
  cookies.olga = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  cookies.boss = await signIn(t, { email: 'boss@example.org', name: 'Boss' });
  // Everyone who runs the cohort has been inside it.
  for (const who of ['co', 'olga', 'boss']) {
    await t.app.inject({ url: '/c/spring/welcome', headers: { cookie: cookies[who] ?? '' } });
  }
});

/** Addresses of the queued mail of one kind. */
async function mailedTo(kind: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ to: outbox.toAddress })
    .from(outbox)
    .where(eq(outbox.kind, kind));
  return rows.map((r) => r.to).toSorted();
}

describe('participants are learners', () => {
  it('on the dashboard', async () => {
    const page = textOf(
      await t.app.inject({
        url: '/c/spring/organise/dashboard',
        headers: { cookie: cookies.boss ?? '', 'accept-language': 'en' },
      }),
    );
    expect(page).toMatch(/Participants 2\b/);
  });

  it('for the meet-up: invitations, and "no answer yet" after organisers answered', async () => {
    expect((await saveMeetup(t, cookies.co ?? '', meetupForm)).res.statusCode).toBe(303);
    expect((await sendInvitation(t, cookies.co ?? '')).res.statusCode).toBe(303);
    expect(await mailedTo('meetup-invite')).toEqual(learners);
    // The organisers come too; one learner answers.
    for (const who of ['co', 'boss', 'ann']) await answer(t, cookies[who] ?? '', 'yes');
    const page = await t.app.inject({ url: organisePage, headers: { cookie: cookies.co ?? '' } });
    expect(textOf(page)).toMatch(/No answer yet 1\b/);
  });

  it('for urgent announcements', async () => {
    const news = '/c/spring/organise/announcements';
    const { res, cookie } = await submit(
      t.app,
      news,
      news,
      { title: 'Closed today', body: 'The building is closed.', urgent: 'on' },
      cookies.co,
    );
    expect(res.statusCode).toBe(303);
    expect(textOf(await t.app.inject({ url: news, headers: { cookie } }))).toContain(
      'on its way to 2 participants',
    );
    expect(await mailedTo('announcement')).toEqual(learners);
  });

  it('for digests: a cohort one only organises sends no learner digest', async () => {
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const now = new Date('2026-03-09T06:30:00Z');
    t.setNow(now);
    const summary = await runDigest(t.app, context, latestPeriod(context.cohort, 'weekly', now));
    expect(summary.members).toBe(2);
    const rows = await t.database.db
      .select({ to: outbox.toAddress })
      .from(outbox)
      .where(inArray(outbox.kind, ['digest']));
    expect(rows.map((r) => r.to).toSorted()).toEqual(learners);
  });
});
