// Numbers from the client that the database cannot hold, or that are not plain whole numbers,
// are a page that does not exist (404) or a field error (422): never a database error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../../server/conversation/queries.ts';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { renderBody } from '../../server/core/render.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { maxInt, readId, wholeNumber } from '../../server/http/params.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

const badIds = [
  '2147483648',
  '9999999999',
  '99999999999',
  '0',
  '-1',
  '1.5',
  '0x10',
  '1e3',
  '+5',
  '016',
];
const en = { 'accept-language': 'en' };

let t: TestApp;
let organiser = '';
let learner = '';
let sixteen = 0;

beforeAll(async () => {
  t = await buildTestApp();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  learner = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
  const author = (await findUserByEmail(t.database.db, 'ann@example.org'))?.id ?? 0;
  // Sixteen comments, so that a "0x10" read as 16 would find one.
  for (let i = 1; i <= 16; i++) {
    const c = await createComment(t.database.db, {
      cohortId: cohort.id,
      thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
      roomId: 'welcome',
      parentId: null,
      authorId: author,
      bodyMd: `comment ${i}`,
      bodyHtml: renderBody(`comment ${i}`),
      now: new Date(`2026-03-09T12:${String(i).padStart(2, '0')}:00Z`),
    });
    if (i === 16) sixteen = c.id;
  }
});
afterAll(() => t.close());

function expectFriendly404(res: { statusCode: number; body: string }, what: string) {
  expect(res.statusCode, what).toBe(404);
  expect(textOf(res.body), what).toContain('not found');
}

describe('the number helper', () => {
  it('reads only plain whole numbers in range', () => {
    expect(readId('1')).toBe(1);
    expect(readId(String(maxInt))).toBe(maxInt);
    for (const bad of [...badIds, '', ' 1', '1 ', 'NaN', 'Infinity', '１', undefined, 5, ['1']]) {
      expect(readId(bad), String(bad)).toBeNull();
    }
    expect(wholeNumber('0')).toBe(0);
    expect(wholeNumber('7', 1, 5)).toBeNull();
  });
});

describe('ids in URLs', () => {
  it('every route with an :id answers 404 for ids that cannot be', async () => {
    const routes = t.app.routeTable.filter((r) => r.includes(':id'));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const [method = 'GET', pattern = ''] = route.split(' ');
      for (const id of badIds) {
        const url = pattern
          .replace(':cohort', 'spring')
          .replace(':room', 'welcome')
          .replace(':exhibit', 'drawing')
          .replace(':id', id);
        const res = await t.app.inject({
          method: method as 'GET' | 'POST',
          url,
          headers: { cookie: organiser, ...en },
        });
        expectFriendly404(res, `${method} ${url}`);
      }
    }
  });

  it('"0x10" is not comment 16', async () => {
    const real = await t.app.inject({
      url: `/comments/${sixteen}/reply`,
      headers: { cookie: learner },
    });
    expect(real.statusCode).toBe(200);
    expect(sixteen).toBe(16);
  });
});

describe('cursors', () => {
  const pages = [
    '/c/spring/welcome/drawing',
    '/c/spring/welcome/wall',
    '/c/spring/welcome/drawing/comments',
  ];
  const bad = [
    '1.5.3',
    '9007199254740992.1',
    '1.9999999999',
    '1.2147483648',
    '1',
    'x.1',
    '-1.1',
    '1.0x10',
  ];
  it('a cursor we cannot have written is a page that does not exist', async () => {
    for (const page of pages) {
      for (const after of bad) {
        for (const sort of ['newest', 'liked']) {
          const res = await t.app.inject({
            url: `${page}?sort=${sort}&after=${encodeURIComponent(after)}`,
            headers: { cookie: learner, 'hx-request': 'true', ...en },
          });
          expectFriendly404(res, `${page} ${after}`);
        }
      }
    }
  });

  it('the largest cursor we accept reaches the database safely', async () => {
    for (const sort of ['newest', 'oldest', 'liked']) {
      const res = await t.app.inject({
        url: `/c/spring/welcome/drawing?sort=${sort}&after=9007199254740991.2147483647`,
        headers: { cookie: learner },
      });
      expect(res.statusCode, sort).toBe(200);
    }
  });
});

describe('numbers in organiser forms', () => {
  it('moderation: a comment field that is no id is 404', async () => {
    for (const comment of [...badIds, '', 'abc']) {
      const { res } = await submit(
        t.app,
        '/c/spring/organise/moderation',
        '/c/spring/organise/moderation',
        { comment, action: 'hide' },
        organiser,
        en,
      );
      expectFriendly404(res, comment);
    }
  });

  it('a cohort capacity too large for the database is a field error', async () => {
    for (const capacity of ['9999999999', '2147483648', '1.5', '0x10', '1e3']) {
      const { res } = await submit(
        t.app,
        '/c/spring/organise/settings',
        '/c/spring/organise/settings',
        { starts_on: '2026-03-02', timezone: 'Europe/Amsterdam', capacity },
        organiser,
        en,
      );
      expect(res.statusCode, capacity).toBe(422);
      expect(textOf(res)).toContain('Enter a whole number above 0, or leave it empty.');
      expect(res.body).toContain(`value="${capacity}"`);
    }
  });
});
