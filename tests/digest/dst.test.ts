// The minute tick across the end of summer time in Amsterdam (Sunday 25 October 2026, 03:00
// CEST → 02:00 CET): digests go at 07:00 local, which is 05:00 UTC the day before and 06:00
// UTC from that Sunday on. Daily (Eve) and weekly (Ann, on the cohort's start weekday,
// Monday), over real SMTP.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, users } from '../../db/schema.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { runDueDigests } from '../../server/digest/scheduler.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

let sink: SmtpSink;
let t: TestApp;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { SMTP_URL: sink.url } });
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02', // a Monday
    timezone: 'Europe/Amsterdam',
  });
  for (const [name, digest] of [
    ['Ann', 'weekly'],
    ['Eve', 'daily'],
    ['Bo', 'off'],
  ] as const) {
    await signIn(t, { email: `${name.toLowerCase()}@example.org`, name, cohorts: ['spring'] });
    await t.database.db
      .update(users)
      .set({ digest })
      .where(eq(users.email, `${name.toLowerCase()}@example.org`));
  }
  const bo = await findUserByEmail(t.database.db, 'bo@example.org');
  // The only news of those weeks: Bo's find on the wall, on Saturday 24 October.
  await createContribution(t.database.db, {
    cohortId: cohort.id,
    roomId: 'welcome',
    authorId: bo?.id ?? 0,
    title: 'An autumn find',
    url: null,
    noteMd: 'x',
    noteHtml: '<p>x</p>',
    now: at('2026-10-24T12:00:00Z'),
  });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

async function digestsFor(name: string): Promise<number> {
  const user = await findUserByEmail(t.database.db, `${name.toLowerCase()}@example.org`);
  return t.database.db.$count(
    outbox,
    and(eq(outbox.kind, 'digest'), eq(outbox.userId, user?.id ?? 0)),
  );
}

async function tick(iso: string) {
  t.setNow(at(iso));
  await runDueDigests(t.app);
}

describe('digests across the end of summer time', () => {
  it('go at 07:00 in Amsterdam: 06:00 UTC once the clocks have gone back', async () => {
    // Sunday 25 October, 06:59 CET: Eve's day is not over yet.
    await tick('2026-10-25T05:59:00Z');
    expect(await digestsFor('Eve')).toBe(0);
    await tick('2026-10-25T06:00:00Z');
    expect(await digestsFor('Eve')).toBe(1);

    // Monday 26 October: 05:00 UTC would be 07:00 in summer time; it is 06:00 now.
    await tick('2026-10-26T05:00:00Z');
    expect(await digestsFor('Ann')).toBe(0);
    await tick('2026-10-26T05:59:00Z');
    expect(await digestsFor('Ann')).toBe(0);
    await tick('2026-10-26T06:00:00Z');
    expect(await digestsFor('Ann')).toBe(1);
    // Eve's Monday has nothing new; Bo chose no digests.
    expect(await digestsFor('Eve')).toBe(1);
    expect(await digestsFor('Bo')).toBe(0);

    await t.app.mailer.deliverDue();
    const mails = await sink.waitFor(2);
    const subjects = mails.map((m) => m.subject).toSorted();
    expect(subjects).toEqual(['1 new find on the wall', '1 new find on the wall']);
    expect(mails.every((m) => m.text?.includes('An autumn find'))).toBe(true);
  });
});
