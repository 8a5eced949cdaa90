// Shared by the carnival tests: a cohort on the test course (its room "walking" holds a
// carnival open from 9 to 16 March 2026) with learners and an organiser signed in.
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

/** Tuesday 10 March 2026: the walking room opened on the 9th, its carnival closes on the 16th. */
export const today = new Date('2026-03-10T12:00:00Z');
export const afterClose = new Date('2026-03-17T12:00:00Z');
export const carnivalPage = '/c/spring/walking/carnival';
export const deskPage = '/c/spring/walking/carnival/roundup';
export const roundupPage = '/c/spring/sharing/roundup';

export interface Seeded {
  cohortId: number;
  organiser: string;
  cookie(i: number): string;
  id(i: number): number;
}

export async function seed(t: TestApp, learners: number): Promise<Seeded> {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(today);
  const cookies: string[] = [];
  const ids: number[] = [];
  for (let i = 0; i < learners; i++) {
    const email = `learner${i}@example.org`;
    cookies.push(await signIn(t, { email, name: `Learner ${i}`, cohorts: ['spring'] }));
    ids.push((await findUserByEmail(t.database.db, email))?.id ?? 0);
  }
  const organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  return {
    cohortId: cohort.id,
    organiser,
    cookie: (i) => cookies[i] ?? '',
    id: (i) => ids[i] ?? 0,
  };
}

export const goodPost = (n = 1) => ({
  url: `https://blog.example.org/walk-${n}`,
  title: `My walk ${n}`,
  note: 'I walked along the river with a colleague. We talked about what we had learned.',
});

/** Sends in a post from the carnival page, as a learner would. */
export const post = (t: TestApp, cookie: string, fields: Record<string, string>) =>
  submit(t.app, carnivalPage, carnivalPage, fields, cookie);
