// The wall, walking together (visits, counts, progress), the digest query, and what the
// conversation contributes to "export my data" and "delete my account".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listDigestItems } from '../../server/conversation/digest.ts';
import { recordVisit, roomVisitors } from '../../server/conversation/visits.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bo = '';
let organiser = '';
let cohortId = 0;
const wall = '/c/spring/welcome/wall';
const exhibit = '/c/spring/welcome/drawing';

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  cohortId = (
    await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' })
  ).id;
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
});

const later = (seconds: number) => t.setNow(new Date(t.app.clock().getTime() + seconds * 1000));
const view = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });

describe('the wall', () => {
  it('hangs up a find with a link and a note; it gets its own thread', async () => {
    const { res } = await submit(
      t.app,
      wall,
      wall,
      {
        title: 'Knowmads in the wild',
        url: 'https://example.org/knowmads',
        note: 'A *great* example of working out loud.',
      },
      ann,
    );
    expect(res.statusCode).toBe(303);
    const id = Number(/#item-(\d+)$/.exec(res.headers.location ?? '')?.[1]);
    const page = await view(bo, wall);
    expect(textOf(page)).toContain('Knowmads in the wild');
    expect(page.body).toContain('<em>great</em>');
    expect(page.body).toContain('href="https://example.org/knowmads" rel="nofollow ugc noopener"');

    const item = `${wall}/${id}`;
    later(11);
    const comment = await submit(t.app, item, `${item}/comments`, { body: 'Thanks for this!' }, bo);
    expect(comment.res.statusCode).toBe(303);
    expect(comment.res.headers.location).toMatch(
      new RegExp(`^${item}\\?sort=newest#comment-\\d+$`),
    );
    expect(textOf(await view(ann, item))).toContain('Thanks for this!');
    expect(textOf(await view(ann, wall))).toContain('1 comment');
  });

  it('refuses a missing title or note and a bad link with 422, keeping every field', async () => {
    const { res } = await submit(
      t.app,
      wall,
      wall,
      { title: ' ', url: 'javascript:alert(1)', note: '' },
      ann,
    );
    expect(res.statusCode).toBe(422);
    const text = textOf(res);
    expect(text).toContain('Please give your find a title.');
    expect(text).toContain('This is not a valid link.');
    expect(text).toContain('Please write a few words on why it matters.');
    expect(res.body).toContain('value="javascript:alert(1)"');
  });

  it('lets organisers feature and hide; learners may not', async () => {
    const a = await submit(t.app, wall, wall, { title: 'First', note: 'one' }, ann);
    later(11);
    await submit(t.app, wall, wall, { title: 'Second', note: 'two' }, bo);
    const id = Number(/#item-(\d+)$/.exec(a.res.headers.location ?? '')?.[1]);
    expect(
      (await submit(t.app, wall, `${wall}/${id}/feature`, { on: 'on' }, bo)).res.statusCode,
    ).toBe(403);
    await submit(t.app, wall, `${wall}/${id}/feature`, { on: 'on' }, organiser);
    const featured = textOf(await view(bo, wall));
    expect(featured.indexOf('First')).toBeLessThan(featured.indexOf('Second'));
    expect(featured).toContain('Featured');
    await submit(t.app, wall, `${wall}/${id}/hide`, { on: 'on' }, organiser);
    expect(textOf(await view(bo, wall))).not.toContain('First');
    expect((await view(bo, `${wall}/${id}`)).statusCode).toBe(404);
    expect(textOf(await view(organiser, wall))).toContain('Hidden from participants');
  });
});

describe('walking together', () => {
  it('shows visitors, your progress, counts and what is new since your last visit', async () => {
    await view(ann, '/c/spring/welcome');
    await view(ann, exhibit);
    await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Mine' }, ann);
    later(60);
    await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'From Bo' }, bo);
    later(11);
    await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Bo again' }, bo);
    const room = textOf(await view(ann, '/c/spring/welcome'));
    expect(room).toContain('You have seen 1 of the 3 exhibits.');
    expect(room).toContain('You and 1 other person have been in this room. Recently: Bo.');
    expect(room).toContain('3 comments · 2 new since your last visit');
    // Visiting the exhibit catches up.
    later(5);
    await view(ann, exhibit);
    expect(textOf(await view(ann, '/c/spring/welcome'))).not.toContain('new since your last visit');
    // The counts follow removal and moderation (kept by a database trigger).
    const html = (await view(ann, exhibit)).body;
    const mine = [
      ...html.matchAll(/id="comment-(\d+)"[\s\S]*?class="prose comment-body"><p>([^<]*)/g),
    ].find((m) => m[2] === 'Mine')?.[1];
    await submit(t.app, exhibit, `/comments/${mine}/delete`, {}, ann);
    expect(textOf(await view(ann, '/c/spring/welcome'))).toContain('2 comments');
  });

  it('counts each member of the room once and names the latest by their last visit there', async () => {
    const db = t.database.db;
    const other = await createCohort(db, {
      slug: 'other',
      courseId: 'demo',
      startsOn: '2026-03-02',
    });
    const ids: number[] = [];
    for (const name of ['Cas', 'Dee', 'Eli', 'Fay']) {
      await signIn(t, { email: `${name.toLowerCase()}@example.org`, name, cohorts: ['spring'] });
      ids.push((await findUserByEmail(db, `${name.toLowerCase()}@example.org`))?.id ?? 0);
    }
    const [cas, dee, eli, fay] = ids as [number, number, number, number];
    const at = (minutes: number) => new Date(Date.UTC(2026, 2, 10, 12, minutes));
    const visit = (userId: number, exhibitId: string, minutes: number, roomId = 'welcome') =>
      recordVisit(db, { cohortId, userId, roomId, exhibitId }, at(minutes), 0);
    await visit(cas, '', 1);
    await visit(cas, 'drawing', 9); // Cas's latest visit to the room is the newest of all
    await visit(dee, '', 5);
    await visit(eli, 'drawing', 3);
    await visit(eli, '', 4);
    await visit(fay, '', 2);
    // Elsewhere: another room, another cohort; neither counts here nor moves anyone up.
    await visit(fay, '', 20, 'second');
    await recordVisit(
      db,
      { cohortId: other.id, userId: fay, roomId: 'welcome', exhibitId: '' },
      at(30),
      0,
    );

    const seen = await roomVisitors(db, cohortId, 'welcome', 3);
    expect(seen.count).toBe(4);
    expect(seen.recent).toEqual([
      { id: cas, name: 'Cas' },
      { id: dee, name: 'Dee' },
      { id: eli, name: 'Eli' },
    ]);
    expect(await roomVisitors(db, cohortId, 'nowhere')).toEqual({ count: 0, recent: [] });
  });
});

describe('the digest query', () => {
  it('lists replies to me, activity in my threads, spotlights and new finds in a window', async () => {
    const ada = await findUserByEmail(t.database.db, 'ann@example.org');
    await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'My thought' }, ann);
    const html = (await view(bo, exhibit)).body;
    const mine = Number(/id="comment-(\d+)"/.exec(html)?.[1]);
    later(60);
    const since = t.app.clock();
    later(60);
    await submit(t.app, exhibit, `/comments/${mine}/reply`, { body: 'A reply to Ann' }, bo);
    later(11);
    await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Another voice' }, bo);
    await submit(t.app, exhibit, `/comments/${mine}/spotlight`, { on: 'on' }, organiser);
    later(11);
    await submit(t.app, wall, wall, { title: 'A find', note: 'why' }, bo);
    later(60);
    const items = await listDigestItems(t.database.db, {
      cohortId,
      userId: ada?.id ?? 0,
      since,
      until: t.app.clock(),
    });
    expect(items.replies.map((r) => r.bodyHtml)).toEqual(['<p>A reply to Ann</p>\n']);
    expect(items.threadActivity).toEqual([
      { thread: formatThreadKey(exhibitThread('welcome', 'drawing')), roomId: 'welcome', count: 2 },
    ]);
    expect(items.spotlighted.map((c) => c.id)).toEqual([mine]);
    expect(items.wall.map((w) => w.title)).toEqual(['A find']);
    const before = await listDigestItems(t.database.db, {
      cohortId,
      userId: ada?.id ?? 0,
      since: new Date('2026-03-01'),
      until: since,
    });
    expect(before.replies).toEqual([]);
  });
});

describe('personal data', () => {
  it('exports what a learner wrote, and deletion leaves placeholders only where others replied', async () => {
    await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Keep the thread' }, ann);
    later(11);
    await submit(t.app, exhibit, `${exhibit}/comments`, { body: 'Alone' }, ann);
    const html = (await view(bo, exhibit)).body;
    const ids = [...html.matchAll(/id="comment-(\d+)"/g)].map((m) => Number(m[1]));
    const keep = Math.min(...ids);
    await submit(t.app, exhibit, `/comments/${keep}/reply`, { body: 'Bo answers' }, bo);
    later(11);
    await submit(t.app, wall, wall, { title: 'My find', note: 'mine' }, ann);

    const data = (await view(ann, '/settings/export')).json();
    expect(data.comments.map((c: { text: string }) => c.text)).toEqual([
      'Keep the thread',
      'Alone',
    ]);
    expect(data.contributions.map((c: { title: string }) => c.title)).toEqual(['My find']);

    await submit(t.app, '/settings/delete', '/settings/delete', { email: 'ann@example.org' }, ann);
    const text = textOf(await view(bo, exhibit));
    expect(text).not.toContain('Keep the thread');
    expect(text).not.toContain('Alone');
    expect(text).toContain('This comment was removed.');
    expect(text).toContain('Bo answers');
    expect(textOf(await view(bo, wall))).not.toContain('My find');
  });
});
