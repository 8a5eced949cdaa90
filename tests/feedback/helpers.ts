// Shared by the feedback tests: a cohort on the demo course whose first room ("welcome")
// has the fixture assignment (submit_by 7 days, review_by 14, 3 reviews, 24 h leases).
import type { FastifyInstance } from 'fastify';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

export const feedback = '/c/spring/welcome/feedback';
/** The room opens 2 March 00:00 in Amsterdam; submissions close 9 March, reviews 16 March. */
export const day = (d: number, hour = 12) =>
  new Date(`2026-03-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`);

export const goodReview: Record<string, string> = {
  'criterion-works': 'Asking a stranger for help so openly is brave and concrete.',
  'criterion-question': 'What did your colleague answer?',
  'criterion-suggestion': 'Try the same question in a team meeting.',
  'criterion-clarity': '3',
  'criterion-reuse': '2',
};

export async function seedCohort(t: TestApp, names: string[]) {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(day(3));
  const cookies: Record<string, string> = {};
  for (const name of names) {
    cookies[name] = await signIn(t, {
      email: `${name.toLowerCase()}@example.org`,
      name,
      cohorts: ['spring'],
    });
  }
  return { cohortId: cohort.id, cookies };
}

export const handIn = (app: FastifyInstance, cookie: string, body: string, url = '') =>
  submit(app, feedback, feedback, { body, url }, cookie);

/** Presses "Review a peer"; returns where it leads (a submission page, or back). */
export async function reviewAPeer(app: FastifyInstance, cookie: string) {
  const { res } = await submit(app, feedback, `${feedback}/review`, {}, cookie);
  return res.headers.location ?? '';
}

export const submissionId = (location: string) =>
  Number(/\/submissions\/(\d+)$/.exec(location)?.[1] ?? Number.NaN);
