// Cohorts in the browser: admins create them, organisers change their settings and invite
// co-organisers by e-mail (a real SMTP server receives the link).
import { and, eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enrolments, users } from '../../db/schema.ts';
import { createCohort, findCohortBySlug } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

let t: TestApp;
let smtp: SmtpSink;
let admin = '';
let organiser = '';
let learner = '';
const newForm = '/organise/cohorts/new';
const settings = '/c/spring/organise/settings';
const page = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await buildTestApp({
    env: {
      ADMIN_EMAILS: 'admin@example.org,beheer@example.org',
      SMTP_URL: smtp.url,
      BASE_URL: 'http://salon.test',
      LOG_LEVEL: 'error',
    },
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(async () => {
  await t.reset();
  smtp.clear();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  admin = await signIn(t, { email: 'admin@example.org', name: 'Ada' });
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  learner = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
});

const goodCohort = {
  course: 'demo',
  slug: 'autumn-2026',
  starts_on: '2026-09-07',
  timezone: 'Europe/London',
  capacity: '20',
  enrolment: 'closed',
};

describe('new cohorts', () => {
  it('an admin creates a cohort and lands on its organiser page', async () => {
    const { res, cookie } = await submit(t.app, newForm, newForm, goodCohort, admin);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/c/autumn-2026/organise');
    const cohort = await findCohortBySlug(t.database.db, 'autumn-2026');
    expect(cohort).toMatchObject({
      courseId: 'demo',
      startsOn: '2026-09-07',
      timezone: 'Europe/London',
      capacity: 20,
      enrolmentOpen: false,
      // Left blank: named after the course and its start month.
      name: 'A Test Museum, September 2026',
    });
    const desk = await page('/c/autumn-2026/organise', cookie);
    expect(desk.statusCode).toBe(200);
    expect(textOf(desk)).toContain('The cohort A Test Museum, September 2026 has been created.');
    expect(textOf(await page('/c/autumn-2026', ''))).toContain(
      'Enrolment for this cohort is closed.',
    );
  });

  it('refuses bad input with a message per field and keeps what was typed', async () => {
    const typed = {
      course: 'nope',
      slug: 'Bad Slug',
      starts_on: '2026-02-30',
      timezone: 'Mars/Base',
      capacity: '0',
      enrolment: 'closed',
    };
    const { res } = await submit(t.app, newForm, newForm, typed, admin);
    expect(res.statusCode).toBe(422);
    const text = textOf(res);
    for (const message of [
      'This course is not in the catalogue.',
      'Use 2 to 63 lowercase letters, digits and hyphens.',
      'Enter a date that exists, such as 2027-01-04.',
      'This is not a time zone; for example Europe/Amsterdam.',
      'Enter a whole number above 0, or leave it empty.',
    ]) {
      expect(text).toContain(message);
    }
    for (const value of ['Bad Slug', '2026-02-30', 'Mars/Base', '0']) {
      expect(res.body).toContain(`value="${value}"`);
    }
    expect(res.body).toMatch(/value="closed" checked/);
    expect(res.body).toContain('aria-invalid="true"');
    expect(await findCohortBySlug(t.database.db, 'bad-slug')).toBeNull();
  });

  it('says in the page language that an address is taken', async () => {
    const { res } = await submit(
      t.app,
      newForm,
      newForm,
      { ...goodCohort, slug: 'spring', starts_on: '', timezone: '' },
      await signIn(t, { email: 'beheer@example.org', locale: 'nl' }),
    );
    expect(res.statusCode).toBe(422);
    const text = textOf(res);
    expect(text).toContain('Er is al een groep met dit adres.');
    expect(text).toContain('Vul een startdatum in.');
    expect(text).toContain('Vul een tijdzone in.');
  });

  it('is for admins only', async () => {
    expect((await page(newForm, organiser)).statusCode).toBe(403);
    expect((await page(newForm, learner)).statusCode).toBe(403);
    const anonymous = await page(newForm, '');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Forganise%2Fcohorts%2Fnew');
    // A learner's valid form post (CSRF token from a page they can open) is refused too.
    const { res } = await submit(t.app, '/settings', newForm, goodCohort, learner);
    expect(res.statusCode).toBe(403);
    expect(await findCohortBySlug(t.database.db, 'autumn-2026')).toBeNull();
  });
});

describe('cohort settings', () => {
  it('an organiser changes start, time zone, capacity and enrolment; learners see it at once', async () => {
    expect((await page('/c/spring/walking', learner)).statusCode).toBe(200);
    const { res, cookie } = await submit(
      t.app,
      settings,
      settings,
      { starts_on: '2026-03-09', timezone: 'America/New_York', capacity: '2', enrolment: 'closed' },
      organiser,
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(settings);
    expect(await findCohortBySlug(t.database.db, 'spring')).toMatchObject({
      slug: 'spring',
      courseId: 'demo',
      startsOn: '2026-03-09',
      timezone: 'America/New_York',
      capacity: 2,
      enrolmentOpen: false,
    });
    const after = await page(settings, cookie);
    expect(textOf(after)).toContain('The settings are saved.');
    expect(after.body).toContain('value="America/New_York"');
    // Week 2 now opens a week later.
    expect((await page('/c/spring/walking', learner)).statusCode).toBe(403);
  });

  it('refuses bad settings with 422 and keeps what was typed', async () => {
    const { res } = await submit(
      t.app,
      settings,
      settings,
      { starts_on: '', timezone: 'Nowhere/City', capacity: 'many', enrolment: 'open' },
      organiser,
    );
    expect(res.statusCode).toBe(422);
    const text = textOf(res);
    expect(text).toContain('Enter a start date.');
    expect(text).toContain('This is not a time zone; for example Europe/Amsterdam.');
    expect(text).toContain('Enter a whole number above 0, or leave it empty.');
    expect(res.body).toContain('value="Nowhere/City"');
    expect(res.body).toContain('value="many"');
    expect((await findCohortBySlug(t.database.db, 'spring'))?.startsOn).toBe('2026-03-02');
  });

  it('an empty capacity means no maximum', async () => {
    await createCohort(t.database.db, {
      slug: 'small',
      courseId: 'demo',
      startsOn: '2026-03-02',
      capacity: 3,
    });
    const url = '/c/small/organise/settings';
    const { res } = await submit(
      t.app,
      url,
      url,
      { starts_on: '2026-03-02', timezone: 'Europe/Amsterdam', capacity: ' ', enrolment: 'open' },
      admin,
    );
    expect(res.statusCode).toBe(303);
    expect((await findCohortBySlug(t.database.db, 'small'))?.capacity).toBeNull();
  });
});

/** Sends what is queued and returns the one mail with the path of its link. */
async function linkFromMail(): Promise<{ mail: ParsedMail; path: string }> {
  await t.app.mailer.deliverDue();
  const [mail] = await smtp.waitFor(1);
  if (!mail) throw new Error('no mail');
  const path = /http:\/\/salon\.test(\/auth\/[a-z2-7]+)/.exec(mail.text ?? '')?.[1];
  if (!path) throw new Error(`no link in:\n${mail.text}`);
  return { mail, path };
}

async function roleOf(email: string): Promise<string | null> {
  const cohort = await findCohortBySlug(t.database.db, 'spring');
  const rows = await t.database.db
    .select({ role: enrolments.role })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohort?.id ?? 0), eq(users.email, email)));
  return rows[0]?.role ?? null;
}

describe('co-organisers', () => {
  it('get a link by mail; following it signs them in as an organiser', async () => {
    const invite = await submit(
      t.app,
      settings,
      '/c/spring/organise/organisers',
      { email: ' Cora@Example.org ', name: 'Cora' },
      organiser,
    );
    expect(invite.res.statusCode).toBe(303);
    expect(invite.res.headers.location).toBe(`${settings}#organisers`);
    expect(textOf(await page(settings, invite.cookie))).toContain(
      'The invitation has been sent to cora@example.org.',
    );

    const { mail, path } = await linkFromMail();
    expect(mail.subject).toBe('Organise A Test Museum with us');
    expect(mail.to && 'value' in mail.to ? mail.to.value[0] : null).toEqual({
      name: 'Cora',
      address: 'cora@example.org',
    });
    expect(mail.text).toContain('Hello Cora,');
    expect(mail.text).toContain(
      'Olga invites you to organise the cohort spring of ‘A Test Museum’.',
    );
    expect(mail.html).toContain(`href="http://salon.test${path}"`);
    expect(mail.text).toContain('The link works once, for 7 days.');
    expect(textOf(await page(settings, organiser))).toContain(
      'Invitations not accepted yet cora@example.org · the link works until Tuesday, 17 March 2026 at 13:00',
    );

    // The link only shows a button; pressing it (days later) enrols as an organiser.
    expect(await roleOf('cora@example.org')).toBeNull();
    t.setNow(new Date('2026-03-16T12:00:00Z'));
    const confirm = await submit(t.app, path, path, {}, '');
    expect(confirm.res.statusCode).toBe(303);
    expect(confirm.res.headers.location).toBe('/c/spring/organise');
    expect(await roleOf('cora@example.org')).toBe('organiser');
    const desk = await page('/c/spring/organise', confirm.cookie);
    expect(desk.statusCode).toBe(200);
    expect(textOf(desk)).toContain('Welcome! You now organise this cohort.');
    // Closed rooms are a preview for them, and they are listed as organisers.
    expect((await page('/c/spring/sharing', confirm.cookie)).statusCode).toBe(200);
    const after = textOf(await page(settings, organiser));
    expect(after).toContain('Cora (cora@example.org)');
    expect(after).not.toContain('Invitations not accepted yet');
  });

  it('can be withdrawn before they are accepted: the link stops working', async () => {
    await submit(
      t.app,
      settings,
      '/c/spring/organise/organisers',
      { email: 'dora@example.org' },
      organiser,
    );
    const { path } = await linkFromMail();
    const withdraw = await submit(
      t.app,
      settings,
      '/c/spring/organise/invitations/withdraw',
      { email: 'dora@example.org' },
      organiser,
    );
    expect(withdraw.res.headers.location).toBe(`${settings}#organisers`);
    const text = textOf(await page(settings, withdraw.cookie));
    expect(text).toContain('The invitation to dora@example.org is withdrawn');
    expect(text).not.toContain('Invitations not accepted yet');
    await submit(t.app, path, path, {}, '');
    expect(await roleOf('dora@example.org')).toBeNull();
    const again = await submit(
      t.app,
      settings,
      '/c/spring/organise/invitations/withdraw',
      { email: 'dora@example.org' },
      organiser,
    );
    expect(textOf(await page(settings, again.cookie))).toContain(
      'There is no open invitation for that address',
    );
  });

  it('can be removed by another organiser, who loses the desk at once, but not by themselves', async () => {
    await submit(
      t.app,
      settings,
      '/c/spring/organise/organisers',
      { email: 'cora@example.org', name: 'Cora' },
      organiser,
    );
    const { path } = await linkFromMail();
    // A second invitation mail, sent before she accepted the first.
    smtp.clear();
    await submit(
      t.app,
      settings,
      '/c/spring/organise/organisers',
      { email: 'cora@example.org' },
      organiser,
    );
    const { path: second } = await linkFromMail();
    const cora = (await submit(t.app, path, path, {}, '')).cookie;
    expect((await page('/c/spring/organise', cora)).statusCode).toBe(200);
    const [row] = await t.database.db
      .select()
      .from(users)
      .where(eq(users.email, 'cora@example.org'));
    const remove = `/c/spring/organise/organisers/${row?.id}/remove`;

    // Cora's own settings page has no button for herself, and the route refuses it too.
    const own = await page(settings, cora);
    expect(own.body).not.toContain(`action="${remove}"`);
    const self = await submit(t.app, settings, remove, {}, cora);
    expect(textOf(await page(settings, self.cookie))).toContain('You cannot remove yourself');
    expect(await roleOf('cora@example.org')).toBe('organiser');
    // A learner cannot.
    expect((await submit(t.app, '/c/spring/welcome', remove, {}, learner)).res.statusCode).toBe(
      403,
    );

    expect((await page(settings, organiser)).body).toContain(`action="${remove}"`);
    const removed = await submit(t.app, settings, remove, {}, organiser);
    expect(textOf(await page(settings, removed.cookie))).toContain('Removed from the organisers');
    expect(await roleOf('cora@example.org')).toBeNull();
    expect((await page('/c/spring/organise', cora)).statusCode).toBe(403);
    expect(textOf(await page(settings, organiser))).not.toContain('cora@example.org');
    // The second mail's link was spent when she accepted: it does not bring her back.
    await submit(t.app, second, second, {}, '');
    expect(await roleOf('cora@example.org')).toBeNull();
  });

  it('promotes a learner who accepts, without a name given', async () => {
    await submit(
      t.app,
      settings,
      '/c/spring/organise/organisers',
      { email: 'ann@example.org' },
      admin,
    );
    const { mail, path } = await linkFromMail();
    expect(mail.text).toContain('Hello,');
    expect((await page('/c/spring/organise', learner)).statusCode).toBe(403);
    await submit(t.app, path, path, {}, '');
    expect(await roleOf('ann@example.org')).toBe('organiser');
    expect((await page('/c/spring/organise', learner)).statusCode).toBe(200);
  });

  it('refuses a bad address with 422 and keeps it', async () => {
    const { res } = await submit(
      t.app,
      settings,
      '/c/spring/organise/organisers',
      { email: 'not an address', name: 'Cora' },
      organiser,
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="not an address"');
    expect(res.body).toContain('value="Cora"');
    await t.app.mailer.deliverDue();
    expect(smtp.messages).toHaveLength(0);
  });

  it('are not invited twice: someone who organises already gets a message, no mail', async () => {
    for (const email of ['Organisers@example.org', 'admin@example.org']) {
      const { res } = await submit(
        t.app,
        settings,
        '/c/spring/organise/organisers',
        { email, name: 'Again' },
        organiser,
      );
      expect(res.statusCode).toBe(422);
      expect(textOf(res)).toContain('This person already organises this cohort.');
      expect(res.body).toContain(`value="${email.toLowerCase()}"`);
    }
    await t.app.mailer.deliverDue();
    expect(smtp.messages).toHaveLength(0);
  });

  it('cannot be invited by a learner', async () => {
    const { res } = await submit(
      t.app,
      '/c/spring/welcome',
      '/c/spring/organise/organisers',
      { email: 'friend@example.org' },
      learner,
    );
    expect(res.statusCode).toBe(403);
    await t.app.mailer.deliverDue();
    expect(smtp.messages).toHaveLength(0);
  });
});
