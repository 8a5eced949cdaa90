// Results: shown as the poll's `results` says, never a bar that points at a person (the
// small-number rule at its edges, organisers included), reasons under their bar, the shift
// between a poll and its repeat, and relabelling an option keeping its votes.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkPollVotes } from '../../server/cli/content-check-command.ts';
import { loadContent } from '../../server/content/loader.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { castVote, findBallots } from '../../server/polls/queries.ts';
import { enoughToShow } from '../../server/polls/results.ts';
import { buildTestApp, fixtures, type TestApp, textOf } from '../helpers/app.ts';
import {
  drawing,
  firstLook,
  pollSection,
  type Seeded,
  seed,
  talk,
  today,
  video,
  vote,
  walking,
  welcome,
} from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, 2);
});

const get = (url: string, cookie = s.cookie(0)) => t.app.inject({ url, headers: { cookie } });

/** Others' votes, cast with the app's own query: `counts` per option, in order. */
async function others(
  poll: string,
  counts: Record<string, number>,
  options: { question?: string; prefix?: string; reason?: (i: number) => string | null } = {},
) {
  let i = 0;
  for (const [option, n] of Object.entries(counts)) {
    for (let k = 0; k < n; k++, i++) {
      const user = await ensureUser(t.database.db, {
        email: `${options.prefix ?? poll}-${i}@example.org`,
        name: `Other ${i}`,
        locale: 'en',
      });
      await castVote(t.database.db, {
        cohortId: s.cohortId,
        pollId: poll,
        userId: user.id,
        ballots: [{ question: options.question ?? '', options: [option] }],
        reason: options.reason?.(i) ?? null,
        now: new Date('2026-03-09T12:00:00Z'),
      });
    }
  }
}

describe('the small-number rule', () => {
  it('at its edges', () => {
    expect(enoughToShow(4, [4, 0])).toBe(false);
    expect(enoughToShow(5, [5, 0])).toBe(true);
    expect(enoughToShow(5, [3, 2])).toBe(false);
    expect(enoughToShow(19, [17, 2])).toBe(false);
    expect(enoughToShow(19, [16, 3])).toBe(true);
    expect(enoughToShow(20, [18, 2])).toBe(true);
    expect(enoughToShow(20, [19, 1])).toBe(true);
    expect(enoughToShow(0, [])).toBe(false);
  });

  it('four answers in all: "too few", no counts, no chart', async () => {
    await others('tools', { paper: 4 });
    const poll = pollSection((await get(drawing)).body, 'tools');
    expect(textOf(poll)).toContain('Too few answers yet');
    expect(poll).not.toContain('<svg');
  });

  it('five answers for one option: the chart and its table', async () => {
    await others('tools', { paper: 5 });
    const poll = pollSection((await get(drawing)).body, 'tools');
    expect(textOf(poll)).not.toContain('Too few answers yet');
    expect(poll).toMatch(
      /<svg class="poll-chart" role="img" aria-labelledby="poll-tools-chart-0-title"/,
    );
    expect(poll).toContain('<title id="poll-tools-chart-0-title">');
    expect(poll).toMatch(/<th scope="row">Paper<\/th><td>5<\/td><td>100%<\/td>/);
    expect(poll).toMatch(/<th scope="row">A wiki<\/th><td>0<\/td>/);
  });

  it('nineteen answers with an option of two: too few; twenty: shown', async () => {
    await others('tools', { paper: 17, wiki: 2 });
    expect(textOf(pollSection((await get(drawing)).body, 'tools'))).toContain('Too few answers');
    await vote(t, s.cookie(0), drawing, 'tools', [['option', 'paper']]);
    const poll = pollSection((await get(drawing)).body, 'tools');
    expect(textOf(poll)).not.toContain('Too few answers');
    expect(poll).toMatch(/<th scope="row">A wiki<\/th><td>2<\/td>/);
    expect(poll).toMatch(/<th scope="row">Paper \(you\)<\/th><td>18<\/td>/);
  });

  it('organisers see the same numbers: too few is too few for them as well', async () => {
    await others('stance', { blended: 3, experiment: 1 });
    const poll = pollSection((await get(firstLook, s.organiser)).body, 'stance');
    expect(textOf(poll)).toContain('Too few answers yet');
    const desk = await get('/c/spring/organise/dashboard', s.organiser);
    expect(desk.statusCode).toBe(200);
    expect(textOf(desk)).toContain('Polls and self-scans');
    expect(textOf(desk)).toContain('4 of 2 members answered');
    expect(textOf(desk)).toContain('too few answers');
    const csv = await get('/c/spring/organise/polls.csv', s.organiser);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(
      'welcome,first-look,stance,single,,Which stage is your organisation in?,blended,Blended,4,\r\n',
    );
    expect((await get('/c/spring/organise/polls.csv')).statusCode).toBe(403);
  });
});

describe('when results show', () => {
  it('after_vote: hidden until the member answered', async () => {
    await others('stance', { blended: 5, experiment: 5 });
    expect(pollSection((await get(firstLook)).body, 'stance')).not.toContain('<svg');
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    const poll = pollSection((await get(firstLook)).body, 'stance');
    expect(poll).toContain('<svg');
    expect(textOf(poll)).toContain('11 answers');
  });

  it('after_close: hidden until the poll closed, then shown to all', async () => {
    t.setNow(new Date('2026-03-03T12:00:00Z'));
    await others('early', { yes: 6, no: 4 });
    await vote(t, s.cookie(0), talk, 'early', [['option', 'yes']]);
    const open = pollSection((await get(talk)).body, 'early');
    expect(textOf(open)).toContain('once the poll closes');
    expect(open).not.toContain('<svg');
    t.setNow(new Date('2026-03-10T12:00:00Z'));
    const closed = pollSection((await get(talk, s.cookie(1))).body, 'early');
    expect(closed).toContain('<svg');
    expect(closed).toMatch(/<th scope="row">Yes<\/th><td>7<\/td>/);
  });

  it('reasons stand under their bar, without names', async () => {
    await others(
      'stance',
      { blended: 5, experiment: 5 },
      {
        reason: (i) => (i === 6 ? 'We try things in small teams' : null),
      },
    );
    await vote(t, s.cookie(0), firstLook, 'stance', [
      ['option', 'blended'],
      ['reason', 'Courses plus coaching'],
    ]);
    const poll = textOf(pollSection((await get(firstLook)).body, 'stance'));
    expect(poll).toContain('6 chose Blended; read why Courses plus coaching');
    expect(poll).toContain('5 chose Experimenting; read why We try things in small teams');
    expect(poll).not.toContain('Learner 0');
    expect(poll).not.toContain('Other 6');
  });
});

describe('before and after (repeat_of)', () => {
  it('the member sees their own move; the cohort shift counts only members who answered both', async () => {
    // Eight answered the first poll; six of them answer again; two new ones only the repeat.
    const both: number[] = [];
    for (let i = 0; i < 8; i++) {
      const u = await ensureUser(t.database.db, {
        email: `both-${i}@example.org`,
        name: `B ${i}`,
        locale: 'en',
      });
      both.push(u.id);
      const cast = (pollId: string, option: string) =>
        castVote(t.database.db, {
          cohortId: s.cohortId,
          pollId,
          userId: u.id,
          ballots: [{ question: '', options: [option] }],
          reason: null,
          now: new Date('2026-03-09T12:00:00Z'),
        });
      await cast('stance', 'blended');
      if (i < 6) await cast('stance-again', i < 3 ? 'experiment' : 'blended');
    }
    await others('stance-again', { social: 2 }, { prefix: 'late' });
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    await vote(t, s.cookie(0), video, 'stance-again', [['option', 'experiment']]);
    const poll = pollSection((await get(video)).body, 'stance-again');
    const text = textOf(poll);
    expect(text).toContain('you moved from Blended to Experimenting');
    expect(text).toContain('(only you see this)');
    expect(text).toContain('7 members answered both times.');
    expect(text).toContain('4 moved from Blended to Experimenting');
    // Another member sees the same shift but not Learner 0's move.
    const other = textOf(pollSection((await get(video, s.cookie(1))).body, 'stance-again'));
    expect(other).toContain('7 members answered both times.');
    expect(other).not.toContain('you moved');
  });

  it('after answering the repeat, the first answer can no longer be changed', async () => {
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    const changed = await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'experiment']]);
    expect(changed.statusCode).toBe(303);
    await vote(t, s.cookie(0), video, 'stance-again', [['option', 'social']]);
    const refused = await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('your first answer stays as it was');
    const kept = await findBallots(t.database.db, s.cohortId, s.id(0), ['stance']);
    expect(kept.get('stance')?.[0]?.options).toEqual(['experiment']);
  });

  it('too few members who answered both: the shift is not shown', async () => {
    await others('stance', { blended: 10 }, { prefix: 'a' });
    await vote(t, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
    await vote(t, s.cookie(0), video, 'stance-again', [['option', 'social']]);
    const text = textOf(pollSection((await get(video)).body, 'stance-again'));
    expect(text).toContain('you moved from Blended to Social learning');
    expect(text).toContain('Too few members answered both times yet');
  });

  it('a scan and its repeat: the profile of answers, statement by statement', async () => {
    await vote(t, s.cookie(0), welcome, 'scan', [
      ['option_learn', '2'],
      ['option_share', '3'],
    ]);
    await vote(t, s.cookie(0), walking, 'scan-again', [
      ['option_learn', '4'],
      ['option_share', '3'],
    ]);
    const text = textOf(pollSection((await get(walking)).body, 'scan-again'));
    expect(text).toContain(
      'I learn something new for my work every week.: you moved from A little to Mostly',
    );
    expect(text).toContain('you chose Somewhat again');
    expect(text).toContain('You chose: Mostly');
  });
});

describe('relabelling', () => {
  let dir = '';
  afterAll(() => rm(path.dirname(dir), { recursive: true, force: true }));

  it('a new label keeps the votes; a removed key, statement or poll is named by content:check --db', async () => {
    await others('stance', { blended: 6, adhoc: 5 });
    await others('scan', { 3: 2 }, { question: 'share' });
    await others('gone', { yes: 1 });
    const scratch = await mkdtemp(path.join(tmpdir(), 'salon-polls-'));
    dir = path.join(scratch, 'content');
    await cp(path.join(fixtures, 'content-valid'), dir, { recursive: true });
    // The repeat has to keep the same keys, so the option goes from both.
    for (const name of ['01-welcome/01-first-look.md', '02-walking/01-video.md']) {
      const file = path.join(dir, 'demo', name);
      const text = await readFile(file, 'utf8');
      await writeFile(
        file,
        text.replace('blended: Blended', 'blended: Half and half').replace('  adhoc: Ad hoc\n', ''),
      );
    }
    // A scan's statement renamed, in the scan and in its repeat.
    for (const name of ['01-welcome/room.md', '02-walking/room.md']) {
      const file = path.join(dir, 'demo', name);
      await writeFile(file, (await readFile(file, 'utf8')).replace('id: share', 'id: sharing'));
    }
    const second = await buildTestApp({ contentDir: dir, database: t.database });
    second.setNow(today);
    try {
      await vote(second, s.cookie(0), firstLook, 'stance', [['option', 'blended']]);
      const poll = pollSection(
        (await second.app.inject({ url: firstLook, headers: { cookie: s.cookie(0) } })).body,
        'stance',
      );
      expect(poll).toMatch(/<th scope="row">Half and half \(you\)<\/th><td>7<\/td>/);
      expect(poll).not.toContain('Ad hoc');
    } finally {
      await second.close();
    }
    const loaded = loadContent(dir);
    if (!loaded.ok) throw new Error('content should load');
    const err: string[] = [];
    const out: string[] = [];
    const n = await checkPollVotes(t.database.db, loaded.catalogue, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(n).toBe(3);
    expect(err).toEqual([
      'content: poll demo/gone has 1 vote in cohort spring but is not in the content any more: if you renamed it, give it back its id "gone"',
      'content: statement "share" of scan demo/scan has 2 votes in cohort spring but is not in the scan any more: keep its id "share" and change only its text',
      'content: option "adhoc" of poll demo/stance has 5 votes in cohort spring but is not in the poll any more: keep the key "adhoc" and change only its label',
    ]);
  });
});
