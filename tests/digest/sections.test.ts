// A feature adds to the digest with one registration: its section is loaded for each member,
// rendered in its place in both parts of the mail, named in the subject by rank, and makes an
// otherwise empty period worth a mail, unless it says it alone is not.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, users } from '../../db/schema.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { BASE_URL: 'https://salon.example.org' } });
});
afterAll(() => t.close());

describe('a digest section', () => {
  it('is added with one registration', async () => {
    const db = t.database.db;
    await createCohort(db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
    await signIn(t, { email: 'eve@example.org', name: 'Eve', cohorts: ['spring'] });
    const eve = await findUserByEmail(db, 'eve@example.org');
    await db
      .update(users)
      .set({ digest: 'daily' })
      .where(eq(users.id, eve?.id ?? 0));
    // 10–11 March: no room opens and nobody says anything.
    t.setNow(new Date('2026-03-11T06:30:00Z'));
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const run = () =>
      runDigest(t.app, context, latestPeriod(context.cohort, 'daily', t.app.clock()));
    expect(await run()).toMatchObject({ queued: 0, empty: 1 });

    // Something to show that is no reason to write (as a meet-up already answered).
    t.app.digestSections.add({
      name: 'quiet',
      order: 60,
      view: 'meetup/_digest',
      load: (_app, { cohortUrl }) => ({
        title: 'The quiet news',
        startsAt: new Date('2026-03-20T18:00:00Z'),
        timezone: 'Europe/Amsterdam',
        place: 'Café De Zon',
        status: 'going',
        href: `${cohortUrl}/quiet`,
      }),
      worthSending: () => false,
      subject: () => [{ rank: 95, text: 'Quiet' }],
    });
    expect(await run()).toMatchObject({ queued: 0, empty: 1 });

    // The rooms partial stands in for the partials a new feature would bring.
    t.app.digestSections.add({
      name: 'guestbook',
      order: 25,
      view: 'digest/_rooms',
      load: (_app, { user, cohortUrl }) => [
        { week: 9, title: `A page for ${user.name}`, href: `${cohortUrl}/guestbook`, exhibits: [] },
      ],
      subject: () => [{ rank: 5, text: 'Sign the guestbook' }],
    });
    expect(await run()).toMatchObject({ queued: 1, empty: 0 });
    const [mail] = await db.select().from(outbox).where(eq(outbox.kind, 'digest'));
    expect(mail?.subject).toBe('Sign the guestbook · Quiet');
    expect(mail?.textBody).toContain(
      '== Newly opened ==\nWeek 9: A page for Eve: https://salon.example.org/c/spring/guestbook\n\n== The meet-up ==\nThe quiet news, Friday, 20 March 2026 at 19:00, Café De Zon. You are coming.\nhttps://salon.example.org/c/spring/quiet\n',
    );
    const html = mail?.htmlBody ?? '';
    expect(html).toContain('<a href="https://salon.example.org/c/spring/guestbook">');
    expect(html.indexOf('guestbook')).toBeLessThan(html.indexOf('The quiet news'));
  });

  it('has a name of its own', () => {
    const again = { name: 'rooms', order: 1, view: 'digest/_rooms', load: () => null };
    expect(() => t.app.digestSections.add({ ...again, subject: () => [] })).toThrow(
      'digest section "rooms" registered twice',
    );
  });
});
