// The carnival's Atom feed: the carnival page gives each member a link signed for them, so a
// feed reader needs no session; a forged token, another cohort's, or one of a member who left
// gets nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { leaveCohort } from '../../server/core/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { carnivalPage, goodPost, post, type Seeded, seed } from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, 2);
});

/** The member's own feed link, from the carnival page. */
async function feedLink(cookie: string) {
  const page = await t.app.inject({ url: carnivalPage, headers: { cookie } });
  const href = /href="(\/c\/spring\/walking\/carnival\.atom\?token=[^"]+)"/.exec(page.body)?.[1];
  if (!href) throw new Error('no feed link');
  return href.replace(/&amp;/g, '&');
}

describe('the feed', () => {
  it('lists every post, newest first, without a session', async () => {
    await post(t, s.cookie(0), goodPost(1));
    await post(t, s.cookie(1), { ...goodPost(2), title: 'Rain & <wind>' });
    const res = await t.app.inject({ url: await feedLink(s.cookie(1)) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/atom+xml');
    expect(res.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(res.body.indexOf('Rain &amp; &lt;wind&gt;')).toBeLessThan(res.body.indexOf('My walk 1'));
    expect(res.body).toContain('<link rel="alternate" href="https://blog.example.org/walk-1"/>');
    expect(res.body).toContain('<name>Learner 0</name>');
    expect(res.body).toContain('<summary>I walked along the river');
  });

  it('refuses a forged token and a token of someone who left the cohort', async () => {
    const link = await feedLink(s.cookie(0));
    const forged = link.replace(/token=[^&]+/, 'token=1-2.forged');
    expect((await t.app.inject({ url: forged })).statusCode).toBe(404);
    await leaveCohort(t.database.db, s.cohortId, s.id(0));
    expect((await t.app.inject({ url: link })).statusCode).toBe(404);
  });

  it('without a token needs a session', async () => {
    const res = await t.app.inject({ url: '/c/spring/walking/carnival.atom' });
    expect(res.statusCode).not.toBe(200);
    const member = await t.app.inject({
      url: '/c/spring/walking/carnival.atom',
      headers: { cookie: s.cookie(0) },
    });
    expect(member.statusCode).toBe(200);
  });
});
