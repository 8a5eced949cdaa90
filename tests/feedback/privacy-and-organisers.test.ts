// Anonymity (pages and exports), access by id, the organiser's view and CSV, and the
// digest's question "which reviews do I owe, which feedback did I get".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { feedbackForDigest } from '../../server/feedback/digest.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import {
  day,
  feedback,
  goodReview,
  handIn,
  reviewAPeer,
  seedCohort,
  submissionId,
} from './helpers.ts';

let t: TestApp;
let c: Record<string, string> = {};
let organiser = '';
const page = (cookie: string, url = feedback) => t.app.inject({ url, headers: { cookie } });

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  // Names that could not appear on a page by accident.
  c = (await seedCohort(t, ['Annemarie', 'Bartholomew', 'Cassiopeia', '=HYPERLINK("x")'])).cookies;
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
});

/** Annemarie hands in; Bartholomew reviews it; Annemarie rates it. */
async function oneReview() {
  await handIn(t.app, c.Annemarie ?? '', 'The first piece of work.');
  t.setNow(day(3, 13));
  await handIn(t.app, c.Bartholomew ?? '', 'The second piece of work.');
  const to = await reviewAPeer(t.app, c.Bartholomew ?? '');
  await submit(t.app, to, to, goodReview, c.Bartholomew ?? '');
  const mine = await page(c.Annemarie ?? '');
  const reviewId = Number(/id="review-(\d+)"/.exec(mine.body)?.[1]);
  await submit(
    t.app,
    feedback,
    `${feedback}/reviews/${reviewId}/rating`,
    { helpfulness: '4', thanks: 'Thanks!' },
    c.Annemarie ?? '',
  );
  return { to, reviewId };
}

describe('anonymity (both)', () => {
  it('never shows a reviewer’s name or id to the author, nor the author’s to the reviewer', async () => {
    const { to } = await oneReview();
    const bart = await findUserByEmail(t.database.db, 'bartholomew@example.org');
    const ann = await findUserByEmail(t.database.db, 'annemarie@example.org');
    const authorView = await page(c.Annemarie ?? '');
    expect(authorView.body).toContain('Peer 1');
    expect(authorView.body).not.toContain('Bartholomew');
    const reviewed = await page(c.Bartholomew ?? '', to);
    expect(reviewed.body).toContain('The first piece of work.');
    expect(reviewed.body).not.toContain('Annemarie');
    expect((await page(c.Bartholomew ?? '')).body).not.toContain('Annemarie');
    // Exports: the author's has the review without its writer; the reviewer's has no author.
    const authorExport = (await page(c.Annemarie ?? '', '/settings/export')).body;
    expect(JSON.parse(authorExport).submissions[0].reviewsReceived).toHaveLength(1);
    expect(authorExport).not.toContain('Bartholomew');
    expect(authorExport).not.toMatch(
      new RegExp(`"(reviewerId|reviewer_id|userId)":\\s*${bart?.id}\\b`),
    );
    const reviewerExport = (await page(c.Bartholomew ?? '', '/settings/export')).body;
    expect(JSON.parse(reviewerExport).reviewsGiven[0].helpfulness).toBe(4);
    // Work nobody has reviewed yet is exported too, with no reviews.
    expect(JSON.parse(reviewerExport).submissions).toMatchObject([
      { text: 'The second piece of work.', reviewsReceived: [] },
    ]);
    expect(reviewerExport).not.toContain('Annemarie');
    expect(reviewerExport).not.toMatch(
      new RegExp(`"(authorId|author_id|submissionId)":\\s*${ann?.id}\\b`),
    );
  });

  it('shows organisers the names', async () => {
    const { to } = await oneReview();
    expect(textOf(await page(organiser, to))).toContain('Work by Annemarie');
  });
});

describe('deleting an account', () => {
  it('takes a reviewer’s reviews (the author’s count follows) and an author’s work', async () => {
    await oneReview();
    const deleted = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'bartholomew@example.org' },
      c.Bartholomew ?? '',
    );
    expect(deleted.res.statusCode).toBe(303);
    const ann = textOf(await page(c.Annemarie ?? ''));
    expect(ann).toContain('No feedback yet.');
    expect(ann).not.toContain('Peer 1');
    const counts = await t.app.inject({
      url: '/c/spring/organise/feedback',
      headers: { cookie: organiser },
    });
    expect(textOf(counts)).toMatch(/Submissions 1 Late 0 Reviews completed 0/);
    await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'annemarie@example.org' },
      c.Annemarie ?? '',
    );
    const none = await t.app.inject({
      url: '/c/spring/organise/feedback',
      headers: { cookie: organiser },
    });
    expect(textOf(none)).toContain('No work has been handed in yet.');
  });
});

describe('access by id', () => {
  it('opens only your own work and the work leased to you; guessed ids are 404', async () => {
    await handIn(t.app, c.Annemarie ?? '', 'Annemarie’s work.');
    t.setNow(day(3, 13));
    await handIn(t.app, c.Bartholomew ?? '', 'Bartholomew’s work.');
    t.setNow(day(3, 14));
    await handIn(t.app, c.Cassiopeia ?? '', 'Cassiopeia’s work.');
    const leased = submissionId(await reviewAPeer(t.app, c.Bartholomew ?? '')); // Annemarie's
    expect(leased).toBe(1);
    const at = (id: number) => `${feedback}/submissions/${id}`;
    expect((await page(c.Bartholomew ?? '', at(1))).statusCode).toBe(200);
    expect((await page(c.Bartholomew ?? '', at(3))).statusCode).toBe(404);
    expect((await page(c.Bartholomew ?? '', at(999))).statusCode).toBe(404);
    // Posting a review to work not leased to you is refused the same way.
    const guessed = await submit(t.app, at(1), at(3), goodReview, c.Bartholomew ?? '');
    expect(guessed.res.statusCode).toBe(404);
    // Your own work is on the assignment page; it cannot be reviewed by you.
    const own = await page(c.Bartholomew ?? '', at(2));
    expect(own.statusCode).toBe(303);
    expect(own.headers.location).toBe(`${feedback}#your-work`);
    const self = await submit(t.app, at(1), at(2), goodReview, c.Bartholomew ?? '');
    expect(self.res.statusCode).toBe(303);
    expect(self.res.headers.location).toBe(`${feedback}#your-work`);
    expect(textOf(await page(c.Bartholomew ?? ''))).toContain('0 of 3 reviews given');
    // The same id under another room gives nothing either (that room is not open yet).
    const elsewhere = await page(c.Bartholomew ?? '', '/c/spring/walking/feedback/submissions/1');
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.body).not.toContain('work.');
  });

  it('lets only the author rate a review', async () => {
    const { reviewId } = await oneReview();
    const action = `${feedback}/reviews/${reviewId}/rating`;
    const res = await submit(t.app, feedback, action, { helpfulness: '1' }, c.Cassiopeia ?? '');
    expect(res.res.statusCode).toBe(404);
    const own = await submit(t.app, feedback, action, { helpfulness: '1' }, c.Bartholomew ?? '');
    expect(own.res.statusCode).toBe(404);
    expect(textOf(await page(c.Bartholomew ?? ''))).toContain('Rated 4 out of 5');
  });
});

describe('the organiser’s view', () => {
  it('counts submissions, reviews, leases and helpfulness, lists who owes and what is short', async () => {
    await oneReview();
    t.setNow(day(10));
    await handIn(t.app, c['=HYPERLINK("x")'] ?? '', 'Late work.');
    await reviewAPeer(t.app, c.Cassiopeia ?? ''); // an open lease
    const res = await page(organiser, '/c/spring/organise/feedback');
    expect(res.statusCode).toBe(200);
    const text = textOf(res);
    expect(text).toContain('A moment from your practice');
    expect(text).toMatch(
      /Submissions 3 Late 1 Reviews completed 1 Reviews in progress 1 Average helpfulness 4/,
    );
    expect(text).toMatch(/Work with fewer than 3 reviews .*Annemarie · 1 of 3 reviews/);
    expect(text).toMatch(
      /Learners who still owe reviews .*Annemarie · 0 of 3 reviews given.*Bartholomew · 1 of 3/,
    );

    // After review_by the short work is marked for organisers, who may review it themselves.
    t.setNow(day(17));
    expect(textOf(await page(organiser, '/c/spring/organise/feedback'))).toContain(
      'Still short of 3 reviews after the deadline',
    );
    const at = `${feedback}/submissions/1`;
    const reviewed = await submit(t.app, at, at, goodReview, organiser);
    expect(reviewed.res.statusCode).toBe(303);
    expect(textOf(await page(c.Annemarie ?? ''))).toContain('2 of 3 reviews received.');
  });

  it('exports a CSV that spreadsheets cannot run as formulas', async () => {
    await oneReview();
    await handIn(t.app, c['=HYPERLINK("x")'] ?? '', 'Work.');
    const res = await page(organiser, '/c/spring/organise/feedback/welcome/export');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="spring-welcome-feedback.csv"',
    );
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'submission,author,email,submitted_at,late,reviews_received,open_leases,helpfulness_received,reviews_given',
    );
    expect(lines[1]).toMatch(
      /^1,Annemarie,annemarie@example\.org,2026-03-03T12:00:00\.000Z,no,1,0,4,0$/,
    );
    expect(lines[3]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(res.body).not.toMatch(/,=HYPERLINK/);
  });
});

describe('for the digest', () => {
  it('says which reviews a learner owes (by when) and which feedback arrived since a time', async () => {
    await oneReview();
    const ann = await findUserByEmail(t.database.db, 'annemarie@example.org');
    const context = await loadCohortContext(t.app, 'spring');
    if (!ann || !context) throw new Error('seed missing');
    const ask = (since: Date, until: Date) =>
      feedbackForDigest(t.database.db, {
        cohortId: context.cohort.id,
        userId: ann.id,
        since,
        until,
        schedule: context.schedule,
        timezone: context.cohort.timezone,
      });
    const now = t.app.clock();
    const fresh = await ask(day(1), now);
    expect(fresh.owed).toEqual([
      {
        roomId: 'welcome',
        title: 'A moment from your practice',
        given: 0,
        owed: 3,
        reviewBy: new Date('2026-03-15T23:00:00Z'),
      },
    ]);
    expect(fresh.received).toEqual([
      { roomId: 'welcome', title: 'A moment from your practice', count: 1 },
    ]);
    const later = await ask(now, new Date(now.getTime() + 86_400_000));
    expect(later.received).toEqual([]);
    // Someone who handed nothing in owes nothing.
    const cas = await findUserByEmail(t.database.db, 'cassiopeia@example.org');
    const none = await feedbackForDigest(t.database.db, {
      cohortId: context.cohort.id,
      userId: cas?.id ?? 0,
      since: day(1),
      until: now,
      schedule: context.schedule,
      timezone: context.cohort.timezone,
    });
    expect(none).toEqual({ owed: [], received: [] });
  });
});
