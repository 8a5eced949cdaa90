// Sessions served from memory for a few seconds: changes in this process apply at once,
// changes made by another process (here: straight in the database) within the TTL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
const ttl = 300;

beforeAll(async () => {
  t = await buildTestApp({ sessionCacheMs: ttl });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
});
afterAll(() => t.close());

const status = async (url: string, cookie: string) =>
  (await t.app.inject({ url, headers: { cookie } })).statusCode;

describe('session cache', () => {
  it('applies sign-out in this process at once', async () => {
    const cookie = await signIn(t, { email: 'ann@example.org' });
    expect(await status('/settings', cookie)).toBe(200);
    await submit(t.app, '/settings', '/sign-out', {}, cookie);
    expect(await status('/settings', cookie)).toBe(303);
  });

  it('applies leaving a cohort in this process at once', async () => {
    const cookie = await signIn(t, { email: 'bo@example.org', cohorts: ['spring'] });
    expect(await status('/c/spring/welcome', cookie)).toBe(200);
    await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, cookie);
    expect(await status('/c/spring/welcome', cookie)).toBe(403);
  });

  it('sees a change made by another process within the TTL', async () => {
    const cookie = await signIn(t, { email: 'cy@example.org' });
    expect(await status('/settings', cookie)).toBe(200);
    await t.database.db.execute(sql`DELETE FROM sessions`);
    // Still served from memory right after…
    expect(await status('/settings', cookie)).toBe(200);
    await new Promise((r) => setTimeout(r, ttl + 50));
    // …and refused once the entry is older than the TTL.
    expect(await status('/settings', cookie)).toBe(303);
  });
});
