// The learner's flow: hand in, edit until the deadline, late work, review peers one at a
// time with the rubric, see the reviews arrive, rate them; leases that run out.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
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
const page = (cookie: string, url = feedback) => t.app.inject({ url, headers: { cookie } });

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  c = (await seedCohort(t, ['Ann', 'Bo', 'Cas', 'Dee'])).cookies;
});

describe('handing in work', () => {
  it('shows the task and deadlines, takes the work and lets its author edit it until submit_by', async () => {
    const before = textOf(await page(c.Ann ?? ''));
    expect(before).toContain('A moment from your practice');
    expect(before).toContain('Describe a real situation from your work');
    expect(before).toContain(
      'Hand in by Monday, 9 March 2026 at 00:00; reviews until Monday, 16 March',
    );
    expect(before).toContain('Hand in your work to receive feedback');

    const first = await handIn(
      t.app,
      c.Ann ?? '',
      'I asked a *stranger* for feedback.',
      'https://example.org/story',
    );
    expect(first.res.statusCode).toBe(303);
    expect(first.res.headers.location).toBe(`${feedback}#your-work`);
    const after = await page(first.cookie);
    expect(textOf(after)).toContain('Your work is handed in.');
    expect(after.body).toContain('<em>stranger</em>');
    expect(after.body).toContain('href="https://example.org/story"');

    t.setNow(day(8, 22)); // 23:00 in Amsterdam on 8 March: still on time
    const edit = await handIn(t.app, c.Ann ?? '', 'I asked a stranger, and it helped.');
    expect(edit.res.statusCode).toBe(303);
    expect(textOf(await page(edit.cookie))).toContain('Your changes are saved.');

    t.setNow(day(9, 1)); // past midnight in Amsterdam: the deadline has passed
    const locked = await handIn(t.app, c.Ann ?? '', 'One more change after the deadline');
    expect(locked.res.statusCode).toBe(403);
    expect(textOf(locked.res)).toContain('your work can no longer be changed');
    expect(locked.res.body).toContain('One more change after the deadline</textarea>');
    const kept = textOf(await page(c.Ann ?? ''));
    expect(kept).toContain('I asked a stranger, and it helped.');
    expect(kept).not.toContain('One more change');
  });

  it('accepts late work until review_by, marked late, and none after', async () => {
    t.setNow(day(10));
    const notice = textOf(await page(c.Bo ?? ''));
    expect(notice).toContain('The deadline has passed, but you can still hand in');
    const late = await handIn(t.app, c.Bo ?? '', 'Better late than never.');
    expect(late.res.statusCode).toBe(303);
    const shown = textOf(await page(late.cookie));
    expect(shown).toContain('Your work is handed in (late).');
    expect(shown).toMatch(/Handed in .* Late/);

    t.setNow(day(16));
    const closed = await handIn(t.app, c.Cas ?? '', 'Too late now.');
    expect(closed.res.statusCode).toBe(403);
    expect(textOf(closed.res)).toContain('Handing in is closed for this assignment.');
    expect(closed.res.body).toContain('Too late now.</textarea>');
  });

  it('refuses empty work and a bad link with 422 in the learner’s language, keeping the text', async () => {
    const { res } = await handIn(t.app, c.Ann ?? '', '   ', 'javascript:alert(1)');
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Please describe your situation before handing it in.');
    expect(textOf(res)).toContain('This is not a valid link.');
    expect(res.body).toContain('value="javascript:alert(1)"');
    expect(res.body).toContain('aria-invalid="true"');
  });
});

describe('reviewing peers', () => {
  it('hands out one submission at a time, never your own, checks the rubric and counts progress', async () => {
    await handIn(t.app, c.Ann ?? '', 'Ann’s situation, written out.');
    t.setNow(day(3, 13));
    await handIn(t.app, c.Bo ?? '', 'Bo’s situation, written out.');

    const to = await reviewAPeer(t.app, c.Ann ?? '');
    expect(to).toMatch(/\/submissions\/\d+$/);
    // Pressing again while the lease runs gives the same work back.
    expect(await reviewAPeer(t.app, c.Ann ?? '')).toBe(to);
    const form = await page(c.Ann ?? '', to);
    expect(textOf(form)).toContain('Bo’s situation, written out.');
    expect(textOf(form)).toContain('A peer’s work');
    expect(textOf(form)).toContain('Reserved for you until');

    const missing = await submit(
      t.app,
      to,
      to,
      {
        'criterion-works': 'Too short',
        'criterion-question': '',
        'criterion-suggestion': 'Keep going, and write it down.',
      },
      c.Ann ?? '',
    );
    expect(missing.res.statusCode).toBe(422);
    const text = textOf(missing.res);
    expect(text).toContain('Please write at least 20 characters (now 9).');
    expect(text).toContain('Please answer this question.');
    expect(text).toContain('Please choose one of the options.');
    expect(missing.res.body).toContain('Keep going, and write it down.</textarea>');

    const sent = await submit(t.app, to, to, goodReview, c.Ann ?? '');
    expect(sent.res.statusCode).toBe(303);
    expect(textOf(await page(sent.cookie))).toContain(
      'your review is with the author. 1 of 3 reviews given.',
    );
    // Only Ann's own work is left, and Bo's is done: nothing to hand out.
    const none = await reviewAPeer(t.app, c.Ann ?? '');
    expect(none).toBe(`${feedback}#review-a-peer`);
    expect(textOf(await page(c.Ann ?? ''))).toContain('1 of 3 reviews given');
  });

  it('gives the work with the fewest reviews and leases first, oldest first', async () => {
    for (const [i, who] of ['Ann', 'Bo', 'Cas'].entries()) {
      t.setNow(day(3, 10 + i));
      await handIn(t.app, c[who] ?? '', `${who} wrote this.`);
    }
    t.setNow(day(4));
    // Dee gets Ann's (oldest); Bo then gets Cas's, not Ann's which is leased.
    const dee = submissionId(await reviewAPeer(t.app, c.Dee ?? ''));
    const bo = submissionId(await reviewAPeer(t.app, c.Bo ?? ''));
    expect(dee).toBe(1);
    expect(bo).toBe(3);
    // Cas: Ann's and Cas's own are taken or theirs; Bo's (2) has nobody yet.
    expect(submissionId(await reviewAPeer(t.app, c.Cas ?? ''))).toBe(2);
  });

  it('lets a lease run out: the work goes back to the pool, and a late review is still accepted', async () => {
    await handIn(t.app, c.Ann ?? '', 'Ann wrote this first.');
    t.setNow(day(3, 14));
    await handIn(t.app, c.Bo ?? '', 'Bo wrote this second.');
    t.setNow(day(4));
    const vanished = await reviewAPeer(t.app, c.Cas ?? ''); // Cas takes Ann's, then vanishes
    expect(submissionId(vanished)).toBe(1);
    expect(submissionId(await reviewAPeer(t.app, c.Dee ?? ''))).toBe(2);
    t.setNow(new Date(day(4).getTime() + 25 * 3_600_000));
    // Cas's lease has expired: Ann's work is among the least reviewed again, and oldest.
    expect(submissionId(await reviewAPeer(t.app, c.Bo ?? ''))).toBe(1);
    // Cas comes back and finishes anyway: accepted, an extra review for Ann.
    const late = await submit(t.app, vanished, vanished, goodReview, c.Cas ?? '');
    expect(late.res.statusCode).toBe(303);
    expect(textOf(await page(c.Ann ?? ''))).toContain('1 of 3 reviews received.');
  });

  it('closes reviewing for learners at review_by', async () => {
    await handIn(t.app, c.Ann ?? '', 'Ann wrote this.');
    const to = await reviewAPeer(t.app, c.Bo ?? '');
    t.setNow(day(16));
    expect(textOf(await page(c.Bo ?? ''))).toContain('Reviewing is closed for this assignment.');
    const refused = await submit(t.app, to, to, goodReview, c.Bo ?? '');
    expect(refused.res.statusCode).toBe(403);
    expect(refused.res.body).toContain('Asking a stranger for help so openly is brave');
  });
});

describe('feedback received and its helpfulness', () => {
  it('shows reviews as they arrive, as Peer 1, Peer 2, and lets the author rate each', async () => {
    await handIn(t.app, c.Ann ?? '', 'Ann’s situation.');
    for (const who of ['Bo', 'Cas']) {
      const to = await reviewAPeer(t.app, c[who] ?? '');
      await submit(
        t.app,
        to,
        to,
        { ...goodReview, 'criterion-question': `A question from ${who}?` },
        c[who] ?? '',
      );
    }
    const mine = await page(c.Ann ?? '');
    const text = textOf(mine);
    expect(text).toContain('2 of 3 reviews received.');
    expect(text).toMatch(/Peer 1 .*A question from Bo\?.*Peer 2 .*A question from Cas\?/);
    expect(text).toContain('How clearly is the situation described? 3 of 4 · Clear');
    expect(text).toContain('Would you try this yourself? Maybe');

    const reviewId = Number(/id="review-(\d+)"/.exec(mine.body)?.[1]);
    const action = `${feedback}/reviews/${reviewId}/rating`;
    const noScore = await submit(
      t.app,
      feedback,
      action,
      { thanks: 'Thank you, this helps!' },
      c.Ann ?? '',
    );
    expect(noScore.res.statusCode).toBe(422);
    expect(textOf(noScore.res)).toContain('Please choose how helpful this feedback was.');
    expect(noScore.res.body).toContain('Thank you, this helps!</textarea>');

    const rated = await submit(
      t.app,
      feedback,
      action,
      { helpfulness: '5', thanks: 'Thank you, this helps!' },
      c.Ann ?? '',
    );
    expect(rated.res.statusCode).toBe(303);
    expect(rated.res.headers.location).toBe(`${feedback}#review-${reviewId}`);
    // The reviewer sees how helpful their review was, with the thanks.
    const bo = textOf(await page(c.Bo ?? ''));
    expect(bo).toContain('Rated 5 out of 5 for helpfulness · “Thank you, this helps!”');
    expect(bo).toContain('Your reviews were rated 5 out of 5 on average (1 rating).');
    expect(textOf(await page(c.Cas ?? ''))).toContain('Not rated yet');
  });

  it('routes work without a helpful review to a reviewer whose reviews were rated helpful', async () => {
    // Round one: Bo reviews Ann's work, Ann rates it 5.
    await handIn(t.app, c.Ann ?? '', 'Ann, first.');
    const first = await reviewAPeer(t.app, c.Bo ?? '');
    await submit(t.app, first, first, goodReview, c.Bo ?? '');
    const reviewId = Number(/id="review-(\d+)"/.exec((await page(c.Ann ?? '')).body)?.[1]);
    await submit(
      t.app,
      feedback,
      `${feedback}/reviews/${reviewId}/rating`,
      { helpfulness: '5' },
      c.Ann ?? '',
    );
    // Cas and Dee hand in; Ann's gets an unhelpful-rated review from Cas… simpler: Dee's and
    // Cas's work both have one review each, Cas's a helpful one.
    t.setNow(day(3, 13));
    await handIn(t.app, c.Cas ?? '', 'Cas, second.');
    t.setNow(day(3, 14));
    await handIn(t.app, c.Dee ?? '', 'Dee, third.');
    // Ann reviews Cas's (oldest with 0), Cas rates it 5; Dee's gets a review from Cas.
    const annTo = await reviewAPeer(t.app, c.Ann ?? '');
    expect(submissionId(annTo)).toBe(2);
    await submit(t.app, annTo, annTo, goodReview, c.Ann ?? '');
    const casPage = await page(c.Cas ?? '');
    const casReview = Number(/id="review-(\d+)"/.exec(casPage.body)?.[1]);
    await submit(
      t.app,
      feedback,
      `${feedback}/reviews/${casReview}/rating`,
      { helpfulness: '4' },
      c.Cas ?? '',
    );
    const casTo = await reviewAPeer(t.app, c.Cas ?? ''); // oldest with 0 reviews: Dee's
    expect(submissionId(casTo)).toBe(3);
    await submit(t.app, casTo, casTo, goodReview, c.Cas ?? '');
    // Now Ann (1 review, helpful), Cas (1, helpful), Dee (1, not rated). Bo is a helpful
    // reviewer: among equally short work he gets Dee's, which has no helpful review yet,
    // although Cas's is older.
    expect(submissionId(await reviewAPeer(t.app, c.Bo ?? ''))).toBe(3);
  });
});
