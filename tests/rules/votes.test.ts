// Proposals and their consent votes: who may propose what and when, the three thresholds
// (15 % of active members responded, two thirds consented, every objection answered or
// withdrawn), the five-day close by the minute tick, and the versions it makes.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleProposals, ruleVotes } from '../../db/schema.ts';
import { currentHouseRules } from '../../server/core/house-rules.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import {
  answer,
  closeVotes,
  dayMs,
  firstWeek,
  proposalIdOf,
  propose,
  rulesPage,
  seed,
  vote,
} from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const names = (n: number) => Array.from({ length: n }, (_, i) => `M${i + 1}`);
const newRule = { rule: 'new', title: 'Phones away', body: 'Put your phone away at the meet-up.' };

async function statusOf(id: number) {
  const [row] = await t.database.db.select().from(ruleProposals).where(eq(ruleProposals.id, id));
  return row;
}

describe('a proposal', () => {
  it('is made in the first week, shown with its closing date, and refused with the text kept', async () => {
    const { members } = await seed(t, ['Ann', 'Bo']);
    const ann = members.Ann?.cookie ?? '';
    const page = await t.app.inject({ url: rulesPage, headers: { cookie: ann } });
    expect(page.statusCode).toBe(200);
    const text = textOf(page);
    expect(text).toContain('The rules now (version 1)');
    expect(text).toContain('Read what someone wrote before you answer it');
    expect(text).toContain('having looked at something in the last 10 days');

    const tooLong = await propose(t, ann, { ...newRule, title: 'x'.repeat(121) });
    expect(tooLong.res.statusCode).toBe(422);
    expect(textOf(tooLong.res)).toContain('at most 120 characters');
    expect(tooLong.res.body).toContain('Put your phone away at the meet-up.');
    const noBody = await propose(t, ann, { rule: 'new', title: 'Empty' });
    expect(textOf(noBody.res)).toContain('Write the rule as it would read.');
    const badValue = await propose(t, ann, { rule: 'directory', title: 'Opt in', value: 'never' });
    expect(badValue.res.statusCode).toBe(422);
    expect(textOf(badValue.res)).toContain('Choose one of the values of the setting');
    const same = await propose(t, ann, { rule: 'directory', title: 'Same', value: 'opt-out' });
    expect(textOf(same.res)).toContain('This is the rule as it already is');
    const unknown = await propose(t, ann, { rule: 'nope', title: 'X', body: 'Y' });
    expect(textOf(unknown.res)).toContain('Choose a rule from the list');

    const made = await propose(t, ann, newRule);
    expect(made.res.statusCode).toBe(303);
    const id = proposalIdOf(made.res.headers.location);
    const after = textOf(await t.app.inject({ url: rulesPage, headers: { cookie: ann } }));
    expect(after).toContain('Phones away');
    expect(after).toContain('closes Sunday, 8 March 2026');
    expect((await statusOf(id))?.ruleId).toBe('phones-away');

    // At most three open at a time; after the first week, none.
    await propose(t, ann, { ...newRule, title: 'Two' });
    await propose(t, ann, { ...newRule, title: 'Three' });
    const fourth = await propose(t, ann, { ...newRule, title: 'Four' });
    expect(textOf(fourth.res)).toContain('You have 3 open proposals already');
    t.setNow(new Date(firstWeek.getTime() + 7 * dayMs));
    const late = await propose(t, members.Bo?.cookie ?? '', newRule);
    expect(late.res.statusCode).toBe(422);
    expect(textOf(late.res)).toContain('Proposals can only be made in the first week.');
  });

  it('says what is wrong in Dutch for a Dutch course', async () => {
    const { members } = await seed(t, ['Ann'], { courseId: 'leren', locale: 'nl' });
    const res = await propose(t, members.Ann?.cookie ?? '', { rule: 'new', title: '', body: 'x' });
    expect(res.res.statusCode).toBe(422);
    expect(textOf(res.res)).toContain('Geef je voorstel een titel.');
  });
});

describe('a vote', () => {
  it('needs a reason to object, can be changed, and never shows who voted how', async () => {
    const { members } = await seed(t, ['Ann', 'Zed', 'Quill']);
    const made = await propose(t, members.Ann?.cookie ?? '', newRule);
    const id = proposalIdOf(made.res.headers.location);
    const bo = members.Zed?.cookie ?? '';
    const noReason = await vote(t, bo, id, { vote: 'object' });
    expect(noReason.res.statusCode).toBe(422);
    expect(textOf(noReason.res)).toContain('Say why you object');
    expect(textOf(await vote(t, bo, id, { vote: 'maybe' }).then((r) => r.res))).toContain(
      'Choose consent, abstain or object.',
    );
    const long = await vote(t, bo, id, { vote: 'object', reason: 'x'.repeat(501) });
    expect(textOf(long.res)).toContain('at most 500 characters');

    expect(
      (await vote(t, bo, id, { vote: 'object', reason: 'Some of us are on call.' })).res.statusCode,
    ).toBe(303);
    expect(
      (await vote(t, members.Quill?.cookie ?? '', id, { vote: 'consent' })).res.statusCode,
    ).toBe(303);
    const page = textOf(
      await t.app.inject({ url: rulesPage, headers: { cookie: members.Ann?.cookie ?? '' } }),
    );
    expect(page).toContain('1 consent, 0 abstain, 1 object');
    expect(page).toContain('Some of us are on call.');
    expect(page).not.toContain('Zed');
    expect(page).not.toContain('Quill');

    // Changing the objection withdraws it.
    await vote(t, bo, id, { vote: 'abstain' });
    const votes = await t.database.db.select().from(ruleVotes).where(eq(ruleVotes.proposalId, id));
    expect(votes.map((v) => v.vote).sort()).toEqual(['abstain', 'consent']);
  });

  it('with htmx, swaps in the proposal partial the page includes', async () => {
    const { members } = await seed(t, ['Ann', 'Zed']);
    const id = proposalIdOf(
      (await propose(t, members.Ann?.cookie ?? '', newRule)).res.headers.location,
    );
    const hx = { 'hx-request': 'true' };
    const url = `/c/spring/rules/proposals/${id}/vote`;
    const ok = await submit(
      t.app,
      rulesPage,
      url,
      { vote: 'consent' },
      members.Zed?.cookie ?? '',
      hx,
    );
    expect(ok.res.statusCode).toBe(200);
    expect(ok.res.body.trimStart()).toMatch(/^<article class="proposal panel" id="proposal-\d+"/);
    expect(ok.res.body).not.toContain('<html');
    expect(textOf(ok.res)).toContain('1 consent, 0 abstain, 0 object');
    const refused = await submit(
      t.app,
      rulesPage,
      url,
      { vote: 'object' },
      members.Zed?.cookie ?? '',
      hx,
    );
    expect(refused.res.statusCode).toBe(422);
    expect(refused.res.body.trimStart()).toMatch(/^<article/);
    expect(textOf(refused.res)).toContain('Say why you object');
  });

  it('lets only the proposer answer an objection', async () => {
    const { members } = await seed(t, ['Ann', 'Bo']);
    const id = proposalIdOf(
      (await propose(t, members.Ann?.cookie ?? '', newRule)).res.headers.location,
    );
    await vote(t, members.Bo?.cookie ?? '', id, { vote: 'object', reason: 'Why?' });
    const [objection] = await t.database.db.select().from(ruleVotes);
    const bo = await answer(t, members.Bo?.cookie ?? '', id, {
      objection: String(objection?.id),
      answer: 'x',
    });
    expect(bo.res.statusCode).toBe(403);
    const empty = await answer(t, members.Ann?.cookie ?? '', id, {
      objection: String(objection?.id),
      answer: '',
    });
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res)).toContain('Write your answer to the objection.');
    const ok = await answer(t, members.Ann?.cookie ?? '', id, {
      objection: String(objection?.id),
      answer: 'Because the talk matters.',
    });
    expect(ok.res.statusCode).toBe(303);
    const page = textOf(
      await t.app.inject({ url: rulesPage, headers: { cookie: members.Bo?.cookie ?? '' } }),
    );
    expect(page).toContain('Answer: Because the talk matters.');
  });
});

describe('closing after five days (the minute tick)', () => {
  it('adopts with 15 % of active members responding and two thirds consenting', async () => {
    // 20 active members: 15 % is 3 responses.
    const { members, cohortId } = await seed(t, names(20));
    const m = (i: number) => members[`M${i}`]?.cookie ?? '';
    const id = proposalIdOf((await propose(t, m(1), newRule)).res.headers.location);
    await vote(t, m(1), id, { vote: 'consent' });
    await vote(t, m(2), id, { vote: 'consent' });
    await vote(t, m(3), id, { vote: 'abstain' });
    // Not yet five days: still open.
    t.setNow(new Date(firstWeek.getTime() + 4 * dayMs));
    await t.app.ticks.tick();
    expect((await statusOf(id))?.status).toBe('open');
    await closeVotes(t);
    const closed = await statusOf(id);
    expect(closed).toMatchObject({
      status: 'adopted',
      consents: 2,
      responses: 3,
      active: 20,
      version: 2,
    });
    const course = t.app.content.current().courses.get('demo');
    if (!course) throw new Error('no course');
    const rules = await currentHouseRules(t.database.db, cohortId, course);
    expect(rules.version).toBe(2);
    expect(rules.rules.at(-1)).toMatchObject({ id: 'phones-away', since: 2 });
    const page = textOf(await t.app.inject({ url: rulesPage, headers: { cookie: m(4) } }));
    expect(page).toContain('The rules now (version 2)');
    expect(page).toContain('version 2');
    expect(page).toContain('Put your phone away at the meet-up.');
    // A vote after the close is refused, the page says why.
    const late = await vote(t, m(5), id, { vote: 'consent' });
    expect(late.res.statusCode).toBe(422);
    expect(textOf(late.res)).toContain('The vote on this proposal has closed.');
  });

  it('declines below 15 % of active members (inactive ones do not count)', async () => {
    // 20 active + 10 inactive: 2 responses of 20 active is 10 %, too few.
    const all = names(30);
    const { members } = await seed(t, all, { inactive: all.slice(20) });
    const m = (i: number) => members[`M${i}`]?.cookie ?? '';
    const id = proposalIdOf((await propose(t, m(1), newRule)).res.headers.location);
    await vote(t, m(1), id, { vote: 'consent' });
    await vote(t, m(2), id, { vote: 'consent' });
    await closeVotes(t);
    expect(await statusOf(id)).toMatchObject({ status: 'declined', active: 20, responses: 2 });
  });

  it('declines below two thirds consent, and adopts at exactly two thirds', async () => {
    const { members } = await seed(t, names(6));
    const m = (i: number) => members[`M${i}`]?.cookie ?? '';
    const below = proposalIdOf((await propose(t, m(1), newRule)).res.headers.location);
    const exact = proposalIdOf(
      (await propose(t, m(2), { ...newRule, title: 'Exact' })).res.headers.location,
    );
    for (const [i, v] of [
      [1, 'consent'],
      [2, 'consent'],
      [3, 'abstain'],
      [4, 'abstain'],
    ] as const)
      await vote(t, m(i), below, { vote: v });
    for (const [i, v] of [
      [1, 'consent'],
      [2, 'consent'],
      [3, 'abstain'],
    ] as const)
      await vote(t, m(i), exact, { vote: v });
    await closeVotes(t);
    expect((await statusOf(below))?.status).toBe('declined');
    expect((await statusOf(exact))?.status).toBe('adopted');
  });

  it('declines while an objection is unanswered; adopts once it is answered or withdrawn', async () => {
    const { members } = await seed(t, names(6));
    const m = (i: number) => members[`M${i}`]?.cookie ?? '';
    const open = proposalIdOf((await propose(t, m(1), newRule)).res.headers.location);
    const answered = proposalIdOf(
      (await propose(t, m(1), { ...newRule, title: 'Answered' })).res.headers.location,
    );
    const withdrawn = proposalIdOf(
      (await propose(t, m(1), { ...newRule, title: 'Withdrawn' })).res.headers.location,
    );
    for (const p of [open, answered, withdrawn]) {
      for (const i of [1, 2, 3, 4, 5]) await vote(t, m(i), p, { vote: 'consent' });
      await vote(t, m(6), p, { vote: 'object', reason: 'Not like this.' });
    }
    const objection = async (p: number) =>
      (await t.database.db.select().from(ruleVotes).where(eq(ruleVotes.proposalId, p))).find(
        (v) => v.vote === 'object',
      )?.id;
    await answer(t, m(1), answered, {
      objection: String(await objection(answered)),
      answer: 'We tried.',
    });
    await vote(t, m(6), withdrawn, { vote: 'consent' });
    const page = textOf(await t.app.inject({ url: rulesPage, headers: { cookie: m(2) } }));
    expect(page).toContain('1 objection not answered yet');
    await closeVotes(t);
    expect((await statusOf(open))?.status).toBe('declined');
    expect((await statusOf(answered))?.status).toBe('adopted');
    expect((await statusOf(withdrawn))?.status).toBe('adopted');
    // Two adoptions, two versions in a row.
    const versions = [(await statusOf(answered))?.version, (await statusOf(withdrawn))?.version];
    expect(versions.sort()).toEqual([2, 3]);
  });
});
