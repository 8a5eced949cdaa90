// Closing votes on PostgreSQL, where two processes run the minute tick at the same moment:
// every proposal is closed once, and two adoptions in one cohort get two versions in a row.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { houseSettings, ruleChanges, ruleProposals, visits } from '../../db/schema.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { closeDueProposals } from '../../server/rules/index.ts';
import { castVote, createProposal } from '../../server/rules/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  const database = await createTestDatabase({ poolSize: 8 });
  if (database.kind !== 'postgres') throw new Error('this file needs TEST_DATABASE_URL');
  a = await buildTestApp({ database });
  b = await buildTestApp({ database });
});
afterAll(async () => {
  await b.close();
  await a.close();
  await a.database.close();
});

describe('two processes closing the same proposals', () => {
  it('close each once and number the versions without a gap or a twin', async () => {
    const db = a.database.db;
    const made = new Date('2026-03-03T10:00:00Z');
    const cohort = await createCohort(db, {
      slug: 'spring',
      courseId: 'demo',
      startsOn: '2026-03-02',
    });
    const voters = [];
    for (const n of [1, 2, 3]) {
      const user = await ensureUser(db, {
        email: `m${n}@example.org`,
        name: `M${n}`,
        locale: 'en',
      });
      voters.push(user.id);
      await db.insert(visits).values({
        cohortId: cohort.id,
        userId: user.id,
        roomId: 'welcome',
        firstAt: made,
        lastAt: made,
      });
    }
    const proposals = [];
    for (const [i, value] of ['opt-in', null, null].entries()) {
      const p = await createProposal(db, {
        cohortId: cohort.id,
        proposerId: voters[0] ?? 0,
        ruleId: value ? 'directory' : `rule-${i}`,
        isNew: !value,
        title: `Proposal ${i}`,
        body: value ? '' : 'A new rule.',
        setting: value ? 'directory' : null,
        value,
        now: made,
      });
      for (const userId of voters)
        await castVote(db, { proposalId: p.id, userId, vote: 'consent', reason: null, now: made });
      proposals.push(p.id);
    }
    const later = new Date(made.getTime() + 6 * 24 * 3600 * 1000);
    a.setNow(later);
    b.setNow(later);
    const [n1, n2] = await Promise.all([closeDueProposals(a.app), closeDueProposals(b.app)]);
    expect(n1 + n2).toBe(3);
    const versions = (await db.select().from(ruleChanges)).map((c) => c.version).sort();
    expect(versions).toEqual([2, 3, 4]);
    const closed = await db
      .select()
      .from(ruleProposals)
      .where(eq(ruleProposals.cohortId, cohort.id));
    expect(closed.every((p) => p.status === 'adopted')).toBe(true);
    const [setting] = await db.select().from(houseSettings);
    expect(setting).toMatchObject({
      key: 'directory',
      value: 'opt-in',
      votesFor: 3,
      votesTotal: 3,
    });
  });
});
