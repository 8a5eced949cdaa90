// Mail to the members of a cohort: read in batches, one outbox row per key (a second run
// queues nothing), learners unless everyone is asked for, and the worker nudged only when a
// batch queued something.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outbox, users } from '../../db/schema.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { type Member, mailMembers } from '../../server/core/member-mail.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
let cohortId = 0;

beforeAll(async () => {
  t = await buildTestApp();
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  await createCohort(t.database.db, { slug: 'other', courseId: 'demo', startsOn: '2026-03-02' });
  for (const name of ['ann', 'bo', 'cas', 'dee', 'eve']) {
    await signIn(t, { email: `${name}@example.org`, name, cohorts: ['spring'] });
  }
  await signIn(t, { email: 'org@example.org', cohorts: ['spring'], role: 'organiser' });
  await signIn(t, { email: 'out@example.org', cohorts: ['other'] });
});
afterAll(() => t.close());

const compose = (member: Member) => ({
  key: `test:${member.id}`,
  kind: 'test',
  subject: `Hello ${member.name}`,
  text: 'text',
  html: '<p>html</p>',
});

describe('mailing the members of a cohort', () => {
  it('queues one mail per learner in batches, each key once, nudging after batches that queued', async () => {
    const nudge = vi.spyOn(t.app.mailer, 'nudge');
    const batches: number[] = [];
    const first = await mailMembers(t.app, {
      cohortId,
      batchSize: 2,
      // One member gets nothing: not read as queued, nor as queued before.
      compose: (m) => (m.name === 'cas' ? undefined : compose(m)),
      onBatch: (progress) => batches.push(progress.members),
    });
    expect(first).toEqual({ members: 5, queued: 4, already: 0 });
    expect(batches).toEqual([2, 4, 5]);
    expect(nudge).toHaveBeenCalledTimes(3);

    const rows = await t.database.db
      .select({ to: outbox.toAddress, subject: outbox.subject, headers: outbox.headers })
      .from(outbox)
      .orderBy(asc(outbox.id));
    expect(rows.map((r) => r.to)).toEqual([
      'ann@example.org',
      'bo@example.org',
      'dee@example.org',
      'eve@example.org',
    ]);
    expect(rows[0]?.subject).toBe('Hello ann');
    expect(rows[0]?.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    nudge.mockClear();
    const again = await mailMembers(t.app, { cohortId, compose });
    expect(again).toEqual({ members: 5, queued: 1, already: 4 });
    expect(nudge).toHaveBeenCalledTimes(1);
    nudge.mockRestore();
  });

  it('includes organisers for everyone, and narrows with a condition', async () => {
    const everyone = await mailMembers(t.app, { cohortId, audience: 'everyone', compose });
    expect(everyone).toEqual({ members: 6, queued: 1, already: 5 });

    const before = await t.database.db.$count(outbox);
    const one = await mailMembers(t.app, {
      cohortId,
      audience: 'everyone',
      where: eq(users.email, 'org@example.org'),
      compose: (m) => ({ ...compose(m), key: `other:${m.id}` }),
    });
    expect(one).toEqual({ members: 1, queued: 1, already: 0 });
    expect(await t.database.db.$count(outbox)).toBe(before + 1);
  });
});
