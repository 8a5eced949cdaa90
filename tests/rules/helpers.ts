// Shared by the house-rules tests: a cohort on the demo course (its draft is the fixture's
// house-rules.md) with learners who have been around (active), and the three forms posted from
// the rules page with its CSRF token.

import { visits } from '../../db/schema.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

export const rulesPage = '/c/spring/rules';
/** Tuesday 3 March 2026: the cohort started on Monday, so proposals are open. */
export const firstWeek = new Date('2026-03-03T10:00:00Z');
export const dayMs = 24 * 3600 * 1000;

export interface Member {
  id: number;
  cookie: string;
}

export const emailOf = (name: string) => `${name.toLowerCase()}@example.org`;

/** A fresh cohort and `names` learners, each with a visit (active) unless `inactive`. */
export async function seed(
  t: TestApp,
  names: string[],
  options: { inactive?: string[]; locale?: 'nl' | 'en'; courseId?: string } = {},
): Promise<{ cohortId: number; members: Record<string, Member> }> {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: options.courseId ?? 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(firstWeek);
  const members: Record<string, Member> = {};
  for (const name of names) {
    const cookie = await signIn(t, {
      email: emailOf(name),
      name,
      cohorts: ['spring'],
      locale: options.locale,
    });
    const id = (await findUserByEmail(t.database.db, emailOf(name)))?.id ?? 0;
    members[name] = { id, cookie };
    if (!options.inactive?.includes(name))
      await t.database.db.insert(visits).values({
        cohortId: cohort.id,
        userId: id,
        roomId: 'welcome',
        firstAt: firstWeek,
        lastAt: firstWeek,
      });
  }
  return { cohortId: cohort.id, members };
}

export function propose(t: TestApp, cookie: string, fields: Record<string, string>) {
  return submit(t.app, rulesPage, '/c/spring/rules/proposals', fields, cookie);
}

export function vote(
  t: TestApp,
  cookie: string,
  proposalId: number,
  fields: Record<string, string>,
) {
  return submit(t.app, rulesPage, `/c/spring/rules/proposals/${proposalId}/vote`, fields, cookie);
}

export function answer(
  t: TestApp,
  cookie: string,
  proposalId: number,
  fields: Record<string, string>,
) {
  return submit(t.app, rulesPage, `/c/spring/rules/proposals/${proposalId}/answer`, fields, cookie);
}

/** The proposal id a successful post redirected to (…/rules#proposal-<id>). */
export function proposalIdOf(location: unknown): number {
  const m = /#proposal-(\d+)$/.exec(String(location));
  if (!m) throw new Error(`not a proposal address: ${String(location)}`);
  return Number(m[1]);
}

/** Five days on, and the minute tick runs. */
export async function closeVotes(t: TestApp, from = firstWeek) {
  t.setNow(new Date(from.getTime() + 5 * dayMs + 60_000));
  await t.app.ticks.tick();
}
