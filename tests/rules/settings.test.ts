// The settings the house rules decide, end to end: adopted by vote, then the behaviour
// changes where Salon applies them (who's here, the digest's names and quotes); the page says
// which rule set each, when and by how many votes. Also: newcomers accept the current version,
// a report cites a rule, the digest lists proposals, and export and deletion cover votes.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  circleMembers,
  enrolments,
  outbox,
  ruleProposals,
  ruleVotes,
  users,
} from '../../db/schema.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { readHouseSettings } from '../../server/core/house-settings.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import {
  closeVotes,
  type Member,
  proposalIdOf,
  propose,
  rulesPage,
  seed,
  vote,
} from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Ann proposes `value` for the rule `setting`; all three consent; five days pass. */
async function adopt(members: Record<string, Member>, setting: string, value: string) {
  const made = await propose(t, members.Ann?.cookie ?? '', {
    rule: setting,
    title: `Set ${setting}`,
    value,
  });
  expect(made.res.statusCode).toBe(303);
  const id = proposalIdOf(made.res.headers.location);
  for (const m of Object.values(members)) await vote(t, m.cookie, id, { vote: 'consent' });
  await closeVotes(t);
  return id;
}

const trio = ['Ann', 'Bo Jansen', 'Cy'];

describe('the settings page', () => {
  it('shows the draft defaults, then who set a setting, when and by how many votes', async () => {
    const { members, cohortId } = await seed(t, trio);
    expect(await readHouseSettings(t.database.db, cohortId)).toEqual({
      directory: 'opt-out',
      organisers_read_circles: 'when-invited',
      quotes_outside: 'yes',
      names_in_digests: 'full',
    });
    const before = textOf(
      await t.app.inject({ url: rulesPage, headers: { cookie: members.Ann?.cookie ?? '' } }),
    );
    expect(before).toContain(
      'Organisers read circles when the circle invites them organisers_read_circles (version 1) in the first draft',
    );

    await adopt(members, 'organisers_read_circles', 'never');
    expect((await readHouseSettings(t.database.db, cohortId)).organisers_read_circles).toBe(
      'never',
    );
    const after = textOf(
      await t.app.inject({ url: rulesPage, headers: { cookie: members.Ann?.cookie ?? '' } }),
    );
    expect(after).toContain(
      'Organisers read circles never organisers_read_circles (version 2) Sunday, 8 March 2026 3 of 3 consented',
    );
    expect(after).toContain('version 2, Sunday, 8 March 2026: Set organisers_read_circles');
  });
});

describe('directory', () => {
  it('opt-in lists only who ticked the box, and the form starts unticked', async () => {
    const { members } = await seed(t, trio);
    const ann = members.Ann?.cookie ?? '';
    const people = async () =>
      textOf(await t.app.inject({ url: '/c/spring/people', headers: { cookie: ann } }));
    expect(await people()).toContain('Cy');
    const form = await t.app.inject({
      url: '/c/spring/profile',
      headers: { cookie: members.Cy?.cookie ?? '' },
    });
    expect(form.body).toMatch(/name="listed" value="1"[^>]*checked/);

    await adopt(members, 'directory', 'opt-in');
    expect(await people()).not.toContain('Cy');
    const optIn = await t.app.inject({
      url: '/c/spring/profile',
      headers: { cookie: members.Cy?.cookie ?? '' },
    });
    expect(optIn.body).not.toMatch(/name="listed" value="1"[^>]*checked/);
    expect(textOf(optIn)).toContain('This cohort lists only those who tick this box');
    expect(
      (await t.app.inject({ url: `/c/spring/people/${members.Cy?.id}`, headers: { cookie: ann } }))
        .statusCode,
    ).toBe(404);
    // Cy ticks it: listed again.
    await submit(
      t.app,
      '/c/spring/profile',
      '/c/spring/profile',
      { listed: '1' },
      members.Cy?.cookie ?? '',
    );
    expect(await people()).toContain('Cy');
  });

  it('opt-in leaves out a profile saved under opt-out with the box as it came, until saved again', async () => {
    const { members, cohortId } = await seed(t, trio);
    const ann = members.Ann?.cookie ?? '';
    const bo = members['Bo Jansen'];
    const people = async () =>
      textOf(await t.app.inject({ url: '/c/spring/people', headers: { cookie: ann } }));
    const fields = { intro: 'I map rivers.', listed: '1' };
    const saved = await submit(
      t.app,
      '/c/spring/profile',
      '/c/spring/profile',
      fields,
      bo?.cookie ?? '',
    );
    expect(saved.res.statusCode).toBe(303);
    expect(await people()).toContain('Bo Jansen');

    await adopt(members, 'directory', 'opt-in');
    expect(await people()).not.toContain('Bo Jansen');
    const personPage = `/c/spring/people/${bo?.id}`;
    expect((await t.app.inject({ url: personPage, headers: { cookie: ann } })).statusCode).toBe(
      404,
    );
    const form = await t.app.inject({
      url: '/c/spring/profile',
      headers: { cookie: bo?.cookie ?? '' },
    });
    expect(form.body).toContain('I map rivers.');
    expect(form.body).not.toMatch(/name="listed" value="1"[^>]*checked/);
    // Beside an introduction, the card keeps the photo but neither intro nor link.
    const cards = await t.app.people.of(t.app, { id: cohortId, slug: 'spring' }, [bo?.id ?? 0]);
    expect(cards.get(bo?.id ?? 0)).toMatchObject({ intro: '', href: null });

    // Bo ticks the box under opt-in: that is a choice, and Bo is listed again.
    await submit(t.app, '/c/spring/profile', '/c/spring/profile', fields, bo?.cookie ?? '');
    expect(await people()).toContain('Bo Jansen');
    expect((await t.app.inject({ url: personPage, headers: { cookie: ann } })).statusCode).toBe(
      200,
    );
  });
});

describe('the digest', () => {
  async function digestFor(cohortId: number, members: Record<string, Member>) {
    const db = t.database.db;
    await db
      .update(users)
      .set({ digest: 'daily' })
      .where(eq(users.id, members.Ann?.id ?? 0));
    const thread = formatThreadKey(exhibitThread('welcome', 'drawing'));
    const base = { cohortId, thread, roomId: 'welcome' };
    const mine = await createComment(db, {
      ...base,
      parentId: null,
      authorId: members.Ann?.id ?? 0,
      bodyMd: 'A first thought',
      bodyHtml: '<p>A first thought</p>',
      now: new Date('2026-03-10T09:00:00Z'),
    });
    await createComment(db, {
      ...base,
      parentId: mine.id,
      authorId: members['Bo Jansen']?.id ?? 0,
      bodyMd: 'A secret reply',
      bodyHtml: '<p>A secret reply</p>',
      now: new Date('2026-03-10T12:00:00Z'),
    });
    t.setNow(new Date('2026-03-11T06:30:00Z'));
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    // The minute tick that closed the vote may have sent the weekly digest already.
    await db.delete(outbox);
    await runDigest(t.app, context, latestPeriod(context.cohort, 'daily', t.app.clock()));
    const [mail] = await db.select().from(outbox).where(eq(outbox.kind, 'digest'));
    return mail?.textBody ?? '';
  }

  it('quotes with full names by default', async () => {
    const { members, cohortId } = await seed(t, trio);
    const text = await digestFor(cohortId, members);
    expect(text).toContain('- Bo Jansen: A secret reply');
  });

  it('shows first names only once the cohort adopts it', async () => {
    const { members, cohortId } = await seed(t, trio);
    await adopt(members, 'names_in_digests', 'first');
    const text = await digestFor(cohortId, members);
    expect(text).toContain('- Bo: A secret reply');
    expect(text).not.toContain('Jansen');
  });

  it('says who replied but quotes nothing when the cohort asks first', async () => {
    const { members, cohortId } = await seed(t, trio);
    await adopt(members, 'quotes_outside', 'ask-first');
    const text = await digestFor(cohortId, members);
    expect(text).toContain('- Bo Jansen: wrote (this cohort asks before quoting');
    expect(text).not.toContain('A secret reply');
  });

  it('lists open proposals with their closing date and counts, and adopted rules', async () => {
    const { members, cohortId } = await seed(t, trio);
    await adopt(members, 'names_in_digests', 'first');
    // A second proposal made after the first closed would be past the first week; write it
    // as it would have been made on the last day.
    await t.database.db.insert(ruleProposals).values({
      cohortId,
      proposerId: members.Cy?.id ?? 0,
      ruleId: 'tea',
      isNew: true,
      title: 'Tea at the meet-up',
      body: 'There is tea.',
      closesAt: new Date('2026-03-13T10:00:00Z'),
      createdAt: new Date('2026-03-08T10:00:00Z'),
    });
    const text = await digestFor(cohortId, members);
    expect(text).toContain('== House rules ==');
    expect(text).toContain(
      '- Tea at the meet-up: closes Friday, 13 March 2026, 0 consent, 0 abstain, 0 object',
    );
  });
});

describe('versions', () => {
  it('a newcomer accepts the current version on enrolment', async () => {
    const { members, cohortId } = await seed(t, trio);
    await adopt(members, 'names_in_digests', 'first');
    const newcomer = await signIn(t, { email: 'dee@example.org', name: 'Dee' });
    const home = await t.app.inject({ url: '/c/spring', headers: { cookie: newcomer } });
    expect(textOf(home)).toContain("By joining you accept this cohort's house rules (version 2).");
    const joined = await submit(t.app, '/c/spring', '/c/spring/enrol', {}, newcomer);
    expect(joined.res.statusCode).toBe(303);
    const dee = await ensureUser(t.database.db, {
      email: 'dee@example.org',
      name: 'Dee',
      locale: 'en',
    });
    const [row] = await t.database.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, dee.id)));
    expect(row?.rulesVersion).toBe(2);
    expect(row?.rulesAcceptedAt).toBeInstanceOf(Date);
  });

  it('a report can cite a rule, and moderation shows it', async () => {
    const { members, cohortId } = await seed(t, trio);
    const comment = await createComment(t.database.db, {
      cohortId,
      thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
      roomId: 'welcome',
      parentId: null,
      authorId: members.Ann?.id ?? 0,
      bodyMd: 'Rude',
      bodyHtml: '<p>Rude</p>',
      now: new Date('2026-03-03T09:00:00Z'),
    });
    const form = await t.app.inject({
      url: `/comments/${comment.id}/flag`,
      headers: { cookie: members.Cy?.cookie ?? '' },
    });
    expect(form.body).toContain('<option value="listen-first">');
    const sent = await submit(
      t.app,
      `/comments/${comment.id}/flag`,
      `/comments/${comment.id}/flag`,
      { reason: 'Not kind', rule: 'listen-first' },
      members.Cy?.cookie ?? '',
    );
    expect(sent.res.statusCode).toBe(303);
    const organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
    const queue = await t.app.inject({
      url: '/c/spring/organise/moderation',
      headers: { cookie: organiser },
    });
    expect(textOf(queue)).toContain('Cites house rule listen-first');
  });
});

describe('personal data', () => {
  it('exports proposals and votes; deleting keeps the vote counted without a name', async () => {
    const { members } = await seed(t, trio);
    const id = proposalIdOf(
      (
        await propose(t, members.Ann?.cookie ?? '', {
          rule: 'new',
          title: 'Tea',
          body: 'There is tea.',
        })
      ).res.headers.location,
    );
    await vote(t, members.Cy?.cookie ?? '', id, { vote: 'object', reason: 'Coffee, please.' });
    const exported = await t.app.personalData.exportFor(t.database.db, {
      id: members.Cy?.id ?? 0,
      email: 'cy@example.org',
    });
    expect(exported.houseRules).toMatchObject({
      votes: [{ proposal: 'Tea', vote: 'object', reason: 'Coffee, please.' }],
    });
    await t.app.personalData.eraseFor(t.database.db, {
      id: members.Cy?.id ?? 0,
      email: 'cy@example.org',
    });
    await t.database.db.delete(users).where(eq(users.id, members.Cy?.id ?? 0));
    const votes = await t.database.db.select().from(ruleVotes).where(eq(ruleVotes.proposalId, id));
    expect(votes).toMatchObject([{ userId: null, vote: 'object', reason: '' }]);
  });
});

describe('organisers_read_circles', () => {
  const four = ['Ann', 'Bo Jansen', 'Cy', 'Dee'];
  const secret = 'Only the circle knows this';

  /** The cohort adopts `value`, four members form a circle and Ann posts in its thread. */
  async function circleUnder(value: string) {
    const { members } = await seed(t, four);
    await adopt(members, 'organisers_read_circles', value);
    const organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
    const join = { language: 'en', time: 'evening', commitment: 'all' };
    for (const m of Object.values(members))
      await submit(t.app, '/c/spring/circles', '/c/spring/circles/join', join, m.cookie);
    const formed = await submit(
      t.app,
      '/c/spring/organise/circles',
      '/c/spring/organise/circles',
      { seed: '1' },
      organiser,
    );
    expect(formed.res.statusCode).toBe(303);
    const [row] = await t.database.db
      .select({ id: circleMembers.circleId })
      .from(circleMembers)
      .where(eq(circleMembers.userId, members.Ann?.id ?? 0));
    const url = `/c/spring/circles/${row?.id}`;
    const ann = members.Ann?.cookie ?? '';
    const posted = await submit(t.app, url, `${url}/comments`, { body: secret }, ann);
    expect(posted.res.statusCode).toBe(303);
    return { url, ann, organiser };
  }

  it('never: organisers cannot read a circle, not even when it invites them', async () => {
    const { url, ann, organiser } = await circleUnder('never');
    expect((await t.app.inject({ url, headers: { cookie: organiser } })).statusCode).toBe(403);
    const invited = await submit(t.app, url, `${url}/invite`, { invite: 'on' }, ann);
    expect(invited.res.statusCode).toBe(303);
    const res = await t.app.inject({ url, headers: { cookie: organiser } });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain(secret);
  });

  it('always: organisers read a circle’s thread without an invitation', async () => {
    const { url, organiser } = await circleUnder('always');
    const res = await t.app.inject({ url, headers: { cookie: organiser } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(secret);
  });
});
