// The digest in a cohort's first two weeks: people who answered the same profile question
// (linked to who's here filtered by it) and replies to one's introduction in the icebreaker;
// sent through a real SMTP server, as every digest is.
import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { houseSettings, users } from '../../db/schema.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { formatThreadKey, icebreakerThread } from '../../server/core/thread-key.ts';
import { runDueDigests } from '../../server/digest/scheduler.ts';
import { saveProfile } from '../../server/profile/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

let sink: SmtpSink;
let t: TestApp;
let cohortId = 0;
const ids: Record<string, number> = {};
const at = (iso: string) => new Date(iso);
const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { SMTP_URL: sink.url, BASE_URL: 'https://salon.example.org' } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const profile = (who: string, answers: Record<string, string>, iso: string, listed = true) =>
  saveProfile(t.database.db, {
    cohortId,
    userId: ids[who] ?? 0,
    now: at(iso),
    intro: '',
    answers,
    languages: [],
    timeBand: null,
    link1: null,
    link2: null,
    listed,
  });

beforeEach(async () => {
  await t.reset();
  sink.clear();
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  for (const name of ['Ann', 'Bo', 'Cas', 'Dee']) {
    const email = `${name.toLowerCase()}@example.org`;
    await signIn(t, { email, name, cohorts: ['spring'] });
    const user = await findUserByEmail(t.database.db, email);
    ids[name] = user?.id ?? 0;
    // Only Ann reads digests here: the others' mails are not what this test is about.
    await t.database.db
      .update(users)
      .set({ digest: name === 'Ann' ? 'weekly' : 'off' })
      .where(eq(users.id, user?.id ?? 0));
  }
  await profile('Ann', { 'keeps-you-up': 'Marking.' }, '2026-03-01T10:00:00Z');
  await profile('Bo', { 'keeps-you-up': 'Deadlines.' }, '2026-03-04T10:00:00Z');
  // Left out of who's here: not named.
  await profile('Cas', { 'keeps-you-up': 'Noise.' }, '2026-03-05T10:00:00Z', false);
  // Another question than Ann answered.
  await profile('Dee', { 'favourite-tool': 'A pencil.' }, '2026-03-05T10:00:00Z');
  const thread = formatThreadKey(icebreakerThread('welcome'));
  const base = { cohortId, roomId: 'welcome', thread };
  const intro = await createComment(t.database.db, {
    ...base,
    parentId: null,
    authorId: ids.Ann ?? 0,
    bodyMd: 'Hello, I am Ann.',
    bodyHtml: '<p>Hello, I am Ann.</p>',
    now: at('2026-03-03T10:00:00Z'),
  });
  for (const [who, iso] of [
    ['Bo', '2026-03-04T12:00:00Z'],
    ['Dee', '2026-03-05T12:00:00Z'],
  ] as const)
    await createComment(t.database.db, {
      ...base,
      parentId: intro.id,
      authorId: ids[who] ?? 0,
      bodyMd: `Welcome, Ann! (${who})`,
      bodyHtml: `<p>Welcome, Ann! (${who})</p>`,
      now: at(iso),
    });
});

async function annsDigest(now: string): Promise<ParsedMail | undefined> {
  t.setNow(at(now));
  await runDueDigests(t.app);
  await t.app.mailer.deliverDue();
  const mails = sink.messages.length ? await sink.waitFor(1) : [];
  return mails.find((m) => to(m) === 'ann@example.org');
}

describe('the first weeks in the digest', () => {
  it('names who answered like you and who replied to your introduction', async () => {
    const mail = await annsDigest('2026-03-09T06:30:00Z');
    expect(mail).toBeDefined();
    expect(mail?.subject).toContain('2 replies to your introduction');
    const text = mail?.text ?? '';
    expect(text).toContain('== Replies to your introduction ==\n- 2 replies, from Dee, Bo\n');
    expect(text).toContain('https://salon.example.org/c/spring/welcome');
    expect(text).toContain(
      '== People who answered like you ==\n- What keeps you up at night?: Bo\n',
    );
    expect(text).toContain('https://salon.example.org/c/spring/people?prompt=keeps-you-up');
    expect(text).not.toContain('Cas');
    const html = typeof mail?.html === 'string' ? mail.html : '';
    expect(html).toContain('href="https://salon.example.org/c/spring/people?prompt=keeps-you-up"');
  });

  it('names people by first name once the cohort chose first names in digests', async () => {
    for (const [who, name] of [
      ['Bo', 'Bo Jansen'],
      ['Dee', 'Dee de Vries'],
    ] as const)
      await t.database.db
        .update(users)
        .set({ name })
        .where(eq(users.id, ids[who] ?? 0));
    await t.database.db.insert(houseSettings).values({
      cohortId,
      key: 'names_in_digests',
      value: 'first',
      ruleId: 'names_in_digests',
      version: 2,
      adoptedAt: at('2026-03-06T10:00:00Z'),
      votesFor: 3,
      votesTotal: 3,
    });
    const text = (await annsDigest('2026-03-09T06:30:00Z'))?.text ?? '';
    expect(text).toContain('- 2 replies, from Dee, Bo\n');
    expect(text).toContain('- What keeps you up at night?: Bo\n');
    expect(text).not.toContain('Jansen');
    expect(text).not.toContain('de Vries');
  });

  it('stops after the first two weeks', async () => {
    await profile('Bo', { 'keeps-you-up': 'Still deadlines.' }, '2026-03-20T10:00:00Z');
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const section = t.app.digestSections.get('faces');
    const request = (since: string, until: string) => ({
      context,
      user: { id: ids.Ann ?? 0, name: 'Ann' },
      since: at(since),
      until: at(until),
      cohortUrl: 'https://salon.example.org/c/spring',
    });
    // The same answer, in the second week and in the third.
    await profile('Bo', { 'keeps-you-up': 'Still deadlines.' }, '2026-03-12T10:00:00Z');
    expect(
      await section?.load(t.app, request('2026-03-09T06:00:00Z', '2026-03-16T06:00:00Z')),
    ).toMatchObject({ alike: [{ names: ['Bo'] }] });
    await profile('Bo', { 'keeps-you-up': 'Still deadlines.' }, '2026-03-20T10:00:00Z');
    expect(
      await section?.load(t.app, request('2026-03-16T06:00:00Z', '2026-03-23T06:00:00Z')),
    ).toBeNull();
    const mail = await annsDigest('2026-03-23T06:30:00Z');
    expect(mail?.text ?? '').not.toContain('answered like you');
  });
});
