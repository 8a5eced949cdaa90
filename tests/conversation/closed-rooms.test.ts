// A room that has not opened is closed through every door: its comments (on exhibits and on
// wall finds) cannot be read or acted on by id before it opens; organisers can, to prepare.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createComment } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { renderBody } from '../../server/core/render.ts';
import { exhibitThread, formatThreadKey, wallThread } from '../../server/core/thread-key.ts';
import { buildTestApp, csrfFrom, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let organiser = '';
const ids = { exhibit: 0, wall: 0, open: 0 };

beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '0' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  // Day 8 of the cohort: "welcome" is open, "sharing" opens on day 10.
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  const author = (await findUserByEmail(t.database.db, 'ann@example.org'))?.id ?? 0;
  const comment = (thread: string, roomId: string, text: string) =>
    createComment(t.database.db, {
      cohortId: cohort.id,
      thread,
      roomId,
      parentId: null,
      authorId: author,
      bodyMd: text,
      bodyHtml: renderBody(text),
      now: new Date('2026-03-09T12:00:00Z'),
    });
  // Written by an organiser's preview, or left from an earlier schedule.
  ids.exhibit = (
    await comment(
      formatThreadKey(exhibitThread('sharing', 'share')),
      'sharing',
      'Secret exhibit talk',
    )
  ).id;
  const find = await createContribution(t.database.db, {
    cohortId: cohort.id,
    roomId: 'sharing',
    authorId: author,
    title: 'Early find',
    url: null,
    noteMd: 'note',
    noteHtml: renderBody('note'),
    now: new Date('2026-03-09T12:00:00Z'),
  });
  ids.wall = (
    await comment(formatThreadKey(wallThread(find.id)), 'sharing', 'Secret wall talk')
  ).id;
  ids.open = (
    await comment(formatThreadKey(exhibitThread('welcome', 'drawing')), 'welcome', 'Open talk')
  ).id;
  t.app.conversationCache.clear();
});

const actions = ['like', 'flag', 'reply', 'edit', 'delete', 'spotlight'];
const fields: Record<string, string> = { body: 'Hello', reason: 'why', like: 'on', on: 'on' };

async function post(cookie: string, id: number, action: string) {
  const { token, cookie: jar } = await csrfFrom(t.app, '/c/spring/welcome/drawing', { cookie });
  return t.app.inject({
    method: 'POST',
    url: `/comments/${id}/${action}`,
    headers: {
      cookie: `${cookie}; ${jar}`,
      'content-type': 'application/x-www-form-urlencoded',
      'accept-language': 'en',
    },
    payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}
const get = (cookie: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { cookie, 'accept-language': 'en', ...headers } });

describe('comments in a room that has not opened', () => {
  for (const kind of ['exhibit', 'wall'] as const) {
    it(`${kind}: the reply, report and edit forms are not there for a learner`, async () => {
      for (const form of ['reply', 'flag', 'edit']) {
        for (const headers of [{}, { 'hx-request': 'true' }] as Record<string, string>[]) {
          const res = await get(ann, `/comments/${ids[kind]}/${form}`, headers);
          expect(res.statusCode, form).toBe(404);
          expect(res.body).not.toContain('Secret');
          expect(textOf(res)).toContain('not found');
        }
      }
    });

    it(`${kind}: no action works on it for a learner`, async () => {
      for (const action of actions) {
        const res = await post(ann, ids[kind], action);
        expect(res.statusCode, action).toBe(404);
        expect(res.body).not.toContain('Secret');
      }
      const flagged = await get(organiser, '/c/spring/organise/moderation');
      expect(flagged.body).not.toContain('Secret');
      const thread = await get(organiser, '/c/spring/sharing/share');
      expect(textOf(thread)).toContain('Secret exhibit talk');
      expect(textOf(thread)).not.toContain('Hello');
    });
  }

  it('organisers may read and act on it, to prepare the room', async () => {
    expect((await get(organiser, `/comments/${ids.exhibit}/reply`)).statusCode).toBe(200);
    expect((await get(organiser, `/comments/${ids.wall}/flag`)).statusCode).toBe(200);
    expect((await post(organiser, ids.exhibit, 'spotlight')).statusCode).toBe(303);
  });

  it('opens with the room', async () => {
    expect((await get(ann, `/comments/${ids.open}/reply`)).statusCode).toBe(200);
    t.setNow(new Date('2026-03-12T12:00:00Z'));
    const reply = await get(ann, `/comments/${ids.exhibit}/reply`);
    expect(reply.statusCode).toBe(200);
    expect(textOf(reply)).toContain('Secret exhibit talk');
    expect((await post(ann, ids.wall, 'like')).statusCode).toBe(303);
  });
});
