// A digest run loads what every member shares once (sharedInRun) and each member's own part
// for a batch of members at once (perMemberInRun). What one member's digest leaves out (their
// own finds, answers and replies) must never shape another's, and one member's part never
// lands in another's: each member's digest in a run is the one they would get alone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DigestTalk } from '../../server/conversation/digest-section.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { DigestRun } from '../../server/core/digest-sections.ts';
import { exhibitThread, formatThreadKey, icebreakerThread } from '../../server/core/thread-key.ts';
import { composeDigest, type Digest } from '../../server/digest/compose.ts';
import { latestPeriod } from '../../server/digest/periods.ts';
import { runDigest } from '../../server/digest/run.ts';
import type { DigestMeetup } from '../../server/meetup/digest-section.ts';
import { markInvited, saveMeetup } from '../../server/meetup/queries.ts';
import { answerMeetup } from '../../server/meetup/rsvp.ts';
import type { FacesDigest } from '../../server/profile/digest-section.ts';
import { saveProfile } from '../../server/profile/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
let cohortId = 0;
const names = ['Ann', 'Bo', 'Cas', 'Dee'] as const;
const ids: Record<string, number> = {};
const at = (iso: string) => new Date(iso);
const mondayMorning = at('2026-03-09T06:30:00Z');

beforeAll(async () => {
  t = await buildTestApp({ env: { BASE_URL: 'https://salon.example.org' } });
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  const db = t.database.db;
  cohortId = (await createCohort(db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' }))
    .id;
  for (const name of names) {
    const email = `${name.toLowerCase()}@example.org`;
    await signIn(t, { email, name, cohorts: ['spring'] });
    ids[name] = (await findUserByEmail(db, email))?.id ?? 0;
  }
  const id = (who: string) => ids[who] ?? 0;
  // Ann hung up more of the week's newest finds than the wall shows; Bo one, before hers.
  const find = (who: string, title: string, iso: string) =>
    createContribution(db, {
      cohortId,
      roomId: 'welcome',
      authorId: id(who),
      title,
      url: null,
      noteMd: 'x',
      noteHtml: '<p>x</p>',
      now: at(iso),
    });
  await find('Bo', 'Bo’s map', '2026-03-03T09:00:00Z');
  for (let i = 0; i < 45; i++)
    await find('Ann', `Ann’s find ${i}`, new Date(Date.UTC(2026, 2, 4, 9, i)).toISOString());
  // Ann and Bo answered the same question in the week.
  for (const [who, iso] of [
    ['Ann', '2026-03-03T10:00:00Z'],
    ['Bo', '2026-03-04T10:00:00Z'],
  ] as const)
    await saveProfile(db, {
      cohortId,
      userId: id(who),
      now: at(iso),
      intro: '',
      answers: { 'keeps-you-up': `${who} has deadlines.` },
      languages: [],
      timeBand: null,
      link1: null,
      link2: null,
      listed: true,
    });
  // Bo welcomes Ann's introduction, Ann welcomes Cas's.
  const base = {
    cohortId,
    roomId: 'welcome',
    thread: formatThreadKey(icebreakerThread('welcome')),
  };
  const say = (who: string, text: string, iso: string, parentId: number | null = null) =>
    createComment(db, {
      ...base,
      parentId,
      authorId: id(who),
      bodyMd: text,
      bodyHtml: `<p>${text}</p>`,
      now: at(iso),
    });
  const ann = await say('Ann', 'Hello, I am Ann.', '2026-03-03T11:00:00Z');
  const cas = await say('Cas', 'Hello, I am Cas.', '2026-03-03T12:00:00Z');
  await say('Bo', 'Welcome, Ann!', '2026-03-04T11:00:00Z', ann.id);
  await say('Ann', 'Welcome, Cas!', '2026-03-04T12:00:00Z', cas.id);
  // Talk about an exhibit: Bo answers Ann, Cas joins in.
  const talk = {
    cohortId,
    roomId: 'welcome',
    thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
  };
  const note = (who: string, text: string, iso: string, parentId: number | null = null) =>
    createComment(db, {
      ...talk,
      parentId,
      authorId: id(who),
      bodyMd: text,
      bodyHtml: `<p>${text}</p>`,
      now: at(iso),
    });
  const first = await note('Ann', 'What a drawing.', '2026-03-05T09:00:00Z');
  await note('Bo', 'I see a map in it.', '2026-03-05T10:00:00Z', first.id);
  await note('Cas', 'A map of what?', '2026-03-05T11:00:00Z');
  // An invited meet-up that Bo said yes to.
  const { meetup } = await saveMeetup(
    db,
    cohortId,
    {
      title: 'Spring meet-up',
      startsAt: at('2026-03-20T18:00:00Z'),
      endsAt: at('2026-03-20T21:00:00Z'),
      timezone: 'Europe/Amsterdam',
      place: 'Café De Zon',
      address: 'Zonstraat 1',
      descriptionMd: '',
      capacity: null,
      descriptionHtml: '',
    },
    at('2026-03-05T10:00:00Z'),
  );
  await markInvited(db, meetup.id, at('2026-03-05T10:00:00Z'));
  await answerMeetup(db, {
    meetupId: meetup.id,
    userId: id('Bo'),
    answer: 'yes',
    now: at('2026-03-05T11:00:00Z'),
  });
  t.setNow(mondayMorning);
});

interface Shown {
  conversation?: DigestTalk;
  faces?: FacesDigest;
  meetup?: DigestMeetup;
}
const shown = (digest: Digest) =>
  Object.fromEntries(digest.sections.map((s) => [s.name, s.data])) as Shown;

async function compose(run?: DigestRun) {
  const context = await loadCohortContext(t.app, 'spring');
  if (!context) throw new Error('no cohort');
  const period = latestPeriod(context.cohort, 'weekly', mondayMorning);
  // All at once, as a run composes a batch: the first to ask fills what they share.
  const digests = await Promise.all(
    names.map((name) => composeDigest(t.app, context, { id: ids[name] ?? 0, name }, period, run)),
  );
  return Object.fromEntries(names.map((name, i) => [name, shown(digests[i] as Digest)]));
}

describe('what a digest run shares between members', () => {
  it('gives every member the digest they would get alone', async () => {
    const run = new DigestRun();
    // Cas is not in the batch: what is theirs is asked for them alone.
    run.startBatch(['Ann', 'Bo', 'Dee'].map((name) => ids[name] ?? 0));
    const together = await compose(run);
    expect(run.size).toBeGreaterThan(0);
    expect(together).toEqual(await compose());

    const { Ann, Bo, Cas } = together;
    // The wall shows what others hung up: Bo's one find for Ann, twenty of Ann's for Bo.
    expect(Ann?.conversation?.wall.map((f) => f.title)).toEqual(['Bo’s map']);
    expect(Bo?.conversation?.wall).toHaveLength(20);
    expect(Bo?.conversation?.wall[0]?.title).toBe('Ann’s find 44');
    // Replies to oneself, and others' talk in the threads one joined.
    expect(Ann?.conversation?.replies.map((r) => r.excerpt)).toEqual(['I see a map in it.']);
    expect(Bo?.conversation?.replies ?? []).toEqual([]);
    for (const who of [Ann, Bo, Cas])
      expect(who?.conversation?.threads.map((th) => th.count)).toEqual([2]);
    expect(together.Dee?.conversation?.threads ?? []).toEqual([]);
    // Who answered alike never includes oneself.
    expect(Ann?.faces?.alike[0]?.names).toEqual(['Bo']);
    expect(Bo?.faces?.alike[0]?.names).toEqual(['Ann']);
    expect(Cas?.faces?.alike ?? []).toEqual([]);
    // Replies to one's own introduction only.
    expect(Ann?.faces?.replies[0]).toMatchObject({ count: 1, names: ['Bo'] });
    expect(Cas?.faces?.replies[0]).toMatchObject({ count: 1, names: ['Ann'] });
    expect(Bo?.faces?.replies ?? []).toEqual([]);
    // The same meet-up for everyone, with each one's own answer.
    expect(Bo?.meetup?.status).toBe('going');
    expect(Ann?.meetup?.status).toBeNull();
    expect(Ann?.meetup?.title).toBe('Spring meet-up');
  });

  it('queues each member the mail composed alone', async () => {
    const context = await loadCohortContext(t.app, 'spring');
    if (!context) throw new Error('no cohort');
    const period = latestPeriod(context.cohort, 'weekly', mondayMorning);
    const summary = await runDigest(t.app, context, period, { batchSize: 3, parallel: 2 });
    expect(summary.queued).toBe(names.length);
    const alone = await compose();
    const rows = await t.database.db.query.outbox.findMany();
    for (const name of names) {
      const row = rows.find((r) => r.userId === ids[name]);
      const titles = (alone[name]?.conversation?.wall ?? []).map((f) => f.title);
      // The first and last find the member's own digest lists are in their mail, and no own find.
      expect(row?.textBody).toContain(titles[0] ?? '-');
      expect(row?.textBody).toContain(titles.at(-1) ?? '-');
      if (name === 'Ann') expect(row?.textBody).not.toContain('Ann’s find');
    }
  });
});
