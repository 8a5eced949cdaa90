// Shared by the circles tests: a cohort on the demo course (circles of 5, 4 to 6, formed by
// language and time), learners who opt in, and forming the circles as an organiser would.
import { eq } from 'drizzle-orm';
import { circleMembers, circles } from '../../db/schema.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

/** Tuesday 10 March 2026: rooms "welcome" and "walking" are open, "walking" is this week's. */
export const today = new Date('2026-03-10T12:00:00Z');
export const circlesPage = '/c/spring/circles';

export interface Person {
  name: string;
  id: number;
  cookie: string;
}

export async function seedCohort(t: TestApp) {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(today);
  const organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  return { cohortId: cohort.id, organiser };
}

export async function learner(t: TestApp, name: string, locale: 'en' | 'nl' = 'en') {
  const email = `${name.toLowerCase().replace(/\W/g, '')}@example.org`;
  const cookie = await signIn(t, { email, name, cohorts: ['spring'], locale });
  const id = (await findUserByEmail(t.database.db, email))?.id ?? 0;
  return { name, id, cookie };
}

export async function optIn(
  t: TestApp,
  person: Person,
  answers: { language?: string; time?: string; commitment?: string } = {},
) {
  return submit(
    t.app,
    circlesPage,
    '/c/spring/circles/join',
    {
      language: answers.language ?? 'en',
      time: answers.time ?? 'evening',
      commitment: answers.commitment ?? 'all',
    },
    person.cookie,
  );
}

export async function form(t: TestApp, organiser: string, seed = 1) {
  return submit(
    t.app,
    '/c/spring/organise/circles',
    '/c/spring/organise/circles',
    { seed: String(seed) },
    organiser,
  );
}

/** Each circle's current members (user ids), by circle number. */
export async function circleMap(t: TestApp) {
  const rows = await t.database.db
    .select({ number: circles.number, id: circles.id, userId: circleMembers.userId })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(eq(circleMembers.leftAt, circleMembers.leftAt));
  return rows;
}

export async function currentCircleId(t: TestApp, userId: number): Promise<number | null> {
  const rows = await t.database.db
    .select({ id: circleMembers.circleId, leftAt: circleMembers.leftAt })
    .from(circleMembers)
    .where(eq(circleMembers.userId, userId));
  return rows.find((r) => r.leftAt === null)?.id ?? null;
}
