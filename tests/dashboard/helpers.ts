// A cohort with known activity for the dashboard tests. "Now" is Friday 20 March 2026, 12:00 UTC
// (13:00 in Amsterdam); "this week" is from 13 March 12:00 UTC.
import { eq, sql } from 'drizzle-orm';
import { comments, enrolments, meetups, rsvps } from '../../db/schema.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { recordVisit } from '../../server/conversation/visits.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { ensureUser, findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { allocateReview } from '../../server/feedback/allocation.ts';
import { completeReview, saveSubmission } from '../../server/feedback/queries.ts';
import { claimDueMail, enqueueMail, markFailed, markSent } from '../../server/mail/outbox.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

export const now = new Date('2026-03-20T12:00:00Z');
export const at = (iso: string) => new Date(`2026-03-${iso}Z`);
export const learners = ['Annemarie', 'Bartholomew', 'Cassiopeia', '=HYPERLINK("x")', 'Dora'];
export const email = (name: string) =>
  `${name.toLowerCase().replace(/[^a-z]/g, '') || 'hyper'}@example.org`;

export async function seedDashboard(t: TestApp) {
  await t.reset();
  const db = t.database.db;
  const cohort = await createCohort(db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  await createCohort(db, { slug: 'other', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(now);
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};
  for (const name of learners) {
    cookies[name] = await signIn(t, { email: email(name), name, cohorts: ['spring'] });
    ids[name] = (await findUserByEmail(db, email(name)))?.id ?? 0;
  }
  cookies.organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  // A co-organiser enrolled as such, who reads Dutch.
  cookies.dutch = await signIn(t, {
    email: 'mede@example.org',
    name: 'Mede',
    locale: 'nl',
    cohorts: ['spring'],
    role: 'organiser',
  });
  cookies.outsider = await signIn(t, { email: 'out@example.org', name: 'Out', cohorts: ['other'] });
  const outsiderId = (await findUserByEmail(db, 'out@example.org'))?.id ?? 0;
  const id = (name: string) => ids[name] ?? 0;
  // Enrolled on 1 March, except two who joined this week.
  await db
    .update(enrolments)
    .set({
      createdAt: sql`CASE WHEN ${enrolments.userId} IN (${id(learners[3] ?? '')}, ${id('Dora')})
        THEN '2026-03-18T09:00:00Z'::timestamptz ELSE '2026-03-01T09:00:00Z'::timestamptz END`,
    })
    .where(eq(enrolments.cohortId, cohort.id));

  const cohortId = cohort.id;
  const comment = (name: string, exhibit: string, when: string) =>
    createComment(db, {
      cohortId,
      thread: formatThreadKey(exhibitThread('welcome', exhibit)),
      roomId: 'welcome',
      parentId: null,
      authorId: id(name),
      bodyMd: 'words',
      bodyHtml: '<p>words</p>',
      now: at(when),
    });
  // Comments: The Drawing 2 visible (+1 hidden), A First Look 1, A Long Talk none.
  await comment('Annemarie', 'drawing', '19T09:00:00');
  await comment('Annemarie', 'drawing', '19T10:00:00');
  await comment('Bartholomew', 'first-look', '10T10:00:00');
  const hidden = await comment('Bartholomew', 'drawing', '19T11:00:00');
  await db
    .update(comments)
    .set({ hiddenAt: at('19T12:00:00') })
    .where(eq(comments.id, hidden.id));
  // Visits: Bartholomew and Annemarie saw The Drawing this week; Cassiopeia was there early.
  const visit = (name: string, exhibitId: string, when: string) =>
    recordVisit(db, { cohortId, userId: id(name), roomId: 'welcome', exhibitId }, at(when), 0);
  await visit('Bartholomew', 'drawing', '18T08:00:00');
  await visit('Annemarie', 'drawing', '19T08:00:00');
  await visit('Cassiopeia', 'first-look', '05T08:00:00');
  await visit('Cassiopeia', '', '05T07:59:00');
  // A wall post long ago.
  await createContribution(db, {
    cohortId,
    roomId: 'welcome',
    authorId: id('Cassiopeia'),
    title: 'A find',
    url: null,
    noteMd: 'why',
    noteHtml: '<p>why</p>',
    now: at('05T10:00:00'),
  });
  // Peer feedback: Cassiopeia's work, reviewed by Annemarie (10 March) and by the
  // =HYPERLINK learner (17 March, this week).
  await saveSubmission(db, {
    cohortId,
    roomId: 'welcome',
    authorId: id('Cassiopeia'),
    bodyMd: 'work',
    bodyHtml: '<p>work</p>',
    url: null,
    late: false,
    now: at('04T10:00:00'),
  });
  for (const [name, when] of [
    ['Annemarie', '10T10:00:00'],
    [learners[3] ?? '', '17T10:00:00'],
  ] as const) {
    const lease = await allocateReview(db, {
      cohortId,
      roomId: 'welcome',
      reviewerId: id(name),
      leaseMs: 86_400_000,
      now: at(when),
    });
    if (!lease) throw new Error('no lease');
    await completeReview(db, lease.reviewId, { works: 'fine' }, at(when));
  }
  // The meet-up: 2 going, 1 waiting, 1 not going.
  const [meetup] = await db
    .insert(meetups)
    .values({
      cohortId,
      title: 'Spring meet-up',
      startsAt: at('27T18:00:00'),
      endsAt: at('27T21:00:00'),
      timezone: 'Europe/Amsterdam',
      place: 'Café',
      address: '',
    })
    .returning();
  const answers = [
    ['Annemarie', 'going'],
    ['Dora', 'going'],
    ['Bartholomew', 'waitlisted'],
    ['Cassiopeia', 'declined'],
  ] as const;
  for (const [name, status] of answers) {
    await db.insert(rsvps).values({
      meetupId: meetup?.id ?? 0,
      userId: id(name),
      status,
      answeredAt: at('15T10:00:00'),
    });
  }
  // Mail: sent to Annemarie, retrying for Cassiopeia, failed for Dora, pending for
  // Bartholomew; a failed mail to someone outside the cohort does not count.
  const mail = (name: string, userId: number) =>
    enqueueMail(
      db,
      {
        key: `test:${userId}`,
        kind: 'digest',
        to: { address: `${userId}@example.org`, name },
        subject: 'SECRET-SUBJECT',
        text: 'SECRET-BODY',
        userId,
      },
      at('19T06:00:00'),
    );
  await mail('Annemarie', id('Annemarie'));
  await mail('Cassiopeia', id('Cassiopeia'));
  await mail('Dora', id('Dora'));
  await mail('Out', outsiderId);
  const claimed = await claimDueMail(db, at('19T06:01:00'), 10, 60_000);
  const row = (userId: number) => {
    const r = claimed.find((c) => c.userId === userId);
    if (!r) throw new Error('not claimed');
    return r;
  };
  await markSent(db, row(id('Annemarie')).id, at('19T06:01:00'));
  await markFailed(db, row(id('Cassiopeia')), new Error('Connection timed out'), at('19T06:01:00'));
  await markFailed(
    db,
    row(id('Dora')),
    new Error('550 Mailbox unavailable'),
    at('19T06:01:00'),
    6,
    true,
  );
  await markFailed(db, row(outsiderId), new Error('OUTSIDER-ERROR'), at('19T06:01:00'), 6, true);
  await mail('Bartholomew', id('Bartholomew'));
  await ensureUser(db, { email: 'nobody@example.org', name: 'Nobody', locale: 'en' });
  return { cohortId, cookies, ids };
}
