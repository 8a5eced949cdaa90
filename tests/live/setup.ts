// Shared by the live-hour tests: a cohort on the demo course whose first room has a live.md
// (day 1 after opening, 20:00 Amsterdam: 19:00 UTC on 3 March 2026), two learners and the
// course organiser, and posting helpers.

import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

export const page = '/c/spring/live/welcome';
/** The hour's planned start: 3 March 2026, 20:00 in Amsterdam. */
export const start = new Date('2026-03-03T19:00:00Z');
export const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

export interface Seeded {
  cohortId: number;
  ana: string;
  bo: string;
  olga: string;
  outsider: string;
  ids: { ana: number; bo: number };
}

/** Signs everyone in at `now` (an hour before the start unless told). */
export async function seed(t: TestApp, now = at(-60)): Promise<Seeded> {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(now);
  const ana = await signIn(t, { email: 'ana@example.org', name: 'Ana', cohorts: ['spring'] });
  const bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  const olga = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  const outsider = await signIn(t, { email: 'out@example.org', name: 'Out' });
  const id = async (email: string) => (await findUserByEmail(t.database.db, email))?.id ?? 0;
  return {
    cohortId: cohort.id,
    ana,
    bo,
    olga,
    outsider,
    ids: { ana: await id('ana@example.org'), bo: await id('bo@example.org') },
  };
}

export const post = (
  t: TestApp,
  cookie: string,
  body: string,
  extra: Record<string, string> = {},
) => submit(t.app, page, `${page}/messages`, { body, reply_to: '', ...extra }, cookie);

export const act = (
  t: TestApp,
  cookie: string,
  action: string,
  fields: Record<string, string> = {},
) => submit(t.app, page, `${page}/${action}`, fields, cookie);
