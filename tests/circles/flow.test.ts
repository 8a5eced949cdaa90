// Circles end to end: opting in (with refusals that keep the answers), the organisers' seeded
// preview and forming, joining by code, a circle's space with its thread (htmx and without),
// the meeting time and its .ics, and late joiners placed at once or from the bench.

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { circleMembers, profilePhotos } from '../../db/schema.ts';
import { listCircleSummaries } from '../../server/circles/queries.ts';
import { loadCohortContext } from '../../server/core/context.ts';
import { saveProfile } from '../../server/profile/queries.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { submit } from '../helpers/auth.ts';
import {
  circlesPage,
  currentCircleId,
  form,
  learner,
  optIn,
  type Person,
  seedCohort,
} from './helpers.ts';

let t: TestApp;
let organiser = '';
beforeAll(async () => {
  t = await buildTestApp({ env: { POST_INTERVAL_SECONDS: '0' } });
});
afterAll(() => t.close());
beforeEach(async () => {
  ({ organiser } = await seedCohort(t));
});

const emptyProfile = {
  intro: '',
  answers: {},
  languages: [],
  timeBand: null,
  link1: null,
  link2: null,
  listed: true,
};
const cohortIdOf = async () => (await loadCohortContext(t.app, 'spring'))?.cohort.id ?? 0;

async function people(names: string[]) {
  const out: Person[] = [];
  for (const n of names) out.push(await learner(t, n));
  return out;
}

describe('opting in', () => {
  it('keeps what was chosen and says what is missing, in English and Dutch', async () => {
    const [ann] = await people(['Ann']);
    if (!ann) throw new Error('no Ann');
    const { res } = await submit(
      t.app,
      circlesPage,
      '/c/spring/circles/join',
      { language: 'nl', time: 'never', commitment: '' },
      ann.cookie,
    );
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Choose when your circle would usually talk.');
    expect(textOf(res)).toContain('Choose how much you mean to take part.');
    expect(res.body).toMatch(/<option value="nl" selected>/);
    const bo = await learner(t, 'Bo', 'nl');
    const nl = await submit(
      t.app,
      circlesPage,
      '/c/spring/circles/join',
      { language: 'xx', time: 'evening', commitment: 'all' },
      `${bo.cookie}; lang=nl`,
    );
    expect(nl.res.statusCode).toBe(422);
    expect(textOf(nl.res)).toContain('Kies een van de talen uit de lijst.');
    expect(nl.res.body).toMatch(/value="evening" checked/);
  });

  it('refuses a code that is too long, unknown, or of a full circle, keeping it typed', async () => {
    const [ann] = await people(['Ann']);
    if (!ann) throw new Error('no Ann');
    const long = await submit(
      t.app,
      circlesPage,
      '/c/spring/circles/join',
      { code: 'x'.repeat(40) },
      ann.cookie,
    );
    expect(long.res.statusCode).toBe(422);
    expect(textOf(long.res)).toContain('A circle code is at most 12 letters and digits.');
    const unknown = await submit(
      t.app,
      circlesPage,
      '/c/spring/circles/join',
      { code: 'abc123' },
      ann.cookie,
    );
    expect(unknown.res.statusCode).toBe(422);
    expect(unknown.res.body).toContain('value="abc123"');
    expect(textOf(unknown.res)).toContain('No circle in this cohort has that code.');
  });
});

describe('forming', () => {
  it('previews the same circles for the same seed, forms them once, and then shows only sizes', async () => {
    const group = await people(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9']);
    for (const p of group) expect((await optIn(t, p)).res.statusCode).toBe(303);
    const preview = (seed: number) =>
      t.app.inject({
        url: `/c/spring/organise/circles?seed=${seed}`,
        headers: { cookie: organiser },
      });
    const first = await preview(7);
    expect(first.statusCode).toBe(200);
    const again = await preview(7);
    const list = (html: string) => /<ol class="circle-preview">[\s\S]*?<\/ol>/.exec(html)?.[0];
    expect(list(again.body)).toBe(list(first.body));
    // Nine make a circle of five and one of four (4 ≥ 70 % of 5).
    expect(textOf(first)).toContain('Circle 1 · 5 people');
    expect(textOf(first)).toContain('Circle 2 · 4 people');
    const bad = await preview(-3 as number);
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad)).toContain('The seed is a whole number from 1 to 999999.');

    const { res } = await form(t, organiser, 7);
    expect(res.statusCode).toBe(303);
    const twice = await form(t, organiser, 7);
    expect(twice.res.statusCode).toBe(303);
    const desk = await t.app.inject({
      url: '/c/spring/organise/circles',
      headers: { cookie: organiser },
    });
    expect(textOf(desk)).toContain('Circle 1');
    expect(textOf(desk)).toContain('Circle 2');
    expect(textOf(desk)).not.toContain('Circle 3');
    expect(textOf(desk)).not.toContain('A1');
    const ids = await Promise.all(group.map((p) => currentCircleId(t, p.id)));
    expect(ids.every((id) => id !== null)).toBe(true);
    expect(new Set(ids).size).toBe(2);
  });

  it('signals a new circle healthy, quiet after a week without a post, stalled after two', async () => {
    const group = await people(['S1', 'S2', 'S3', 'S4']);
    for (const p of group) await optIn(t, p);
    await form(t, organiser);
    const cohortId = await cohortIdOf();
    const days = (n: number) => new Date(t.app.clock().getTime() + n * 24 * 3600 * 1000);
    const health = async (at: Date) =>
      (await listCircleSummaries(t.database.db, cohortId, at)).map((c) => c.health);
    expect(await health(days(0))).toEqual(['healthy']);
    expect(await health(days(8))).toEqual(['quiet']);
    expect(await health(days(15))).toEqual(['stalled']);
    const desk = await t.app.inject({
      url: '/c/spring/organise/circles',
      headers: { cookie: organiser },
    });
    expect(textOf(desk)).toContain('healthy');
  });

  it('places a newcomer at once where there is room, and on the bench when every circle is full', async () => {
    const group = await people(['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
    for (const p of group) await optIn(t, p);
    await form(t, organiser);
    // Six make one circle of six: full.
    const late = await learner(t, 'Late');
    const { res } = await optIn(t, late);
    expect(res.headers.location).toBe(circlesPage);
    expect(await currentCircleId(t, late.id)).toBeNull();
    const page = await t.app.inject({ url: circlesPage, headers: { cookie: late.cookie } });
    expect(textOf(page)).toContain('You are on the bench');
    // Someone leaves the cohort: the place is free at once, and the tick fills it.
    const leaving = group[0] as Person;
    await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, leaving.cookie);
    expect(await currentCircleId(t, leaving.id)).toBeNull();
    await t.app.ticks.tick();
    expect(await currentCircleId(t, late.id)).not.toBeNull();
  });
});

describe('late joiners', () => {
  it('go to the circle with the fewest active members, not merely the first with room', async () => {
    const en = await people(['G1', 'G2', 'G3', 'G4']);
    const nl = await people(['H1', 'H2', 'H3', 'H4']);
    for (const p of en) await optIn(t, p, { language: 'en' });
    for (const p of nl) await optIn(t, p, { language: 'nl' });
    await form(t, organiser);
    const ids = [
      await currentCircleId(t, (en[0] as Person).id),
      await currentCircleId(t, (nl[0] as Person).id),
    ];
    // Two circles of four; the newer one's members have not come by for eleven days.
    const quiet = Math.max(...ids.map(Number));
    await t.database.db
      .update(circleMembers)
      .set({ seenAt: new Date(t.app.clock().getTime() - 11 * 24 * 3600 * 1000) })
      .where(eq(circleMembers.circleId, quiet));
    const late = await learner(t, 'Late');
    const { res } = await optIn(t, late, { language: 'en' });
    expect(res.headers.location).toBe(`/c/spring/circles/${quiet}`);
    expect(await currentCircleId(t, late.id)).toBe(quiet);
  });
});

describe("a circle's space", () => {
  it('shows members, the prompt, the meeting with its .ics, and its own thread with and without htmx', async () => {
    const group = await people(['C1', 'C2', 'C3', 'C4']);
    for (const p of group) await optIn(t, p);
    await form(t, organiser);
    const [c1, c2] = group as [Person, Person];
    const id = await currentCircleId(t, c1.id);
    const url = `/c/spring/circles/${id}`;
    // C2 has a photo: the members' list shows it instead of the initials.
    await saveProfile(t.database.db, {
      cohortId: await cohortIdOf(),
      userId: c2.id,
      now: t.app.clock(),
      ...emptyProfile,
    });
    await t.database.db.insert(profilePhotos).values({
      cohortId: await cohortIdOf(),
      userId: c2.id,
      hash: 'c'.repeat(32),
      large: new Uint8Array([1]),
      small: new Uint8Array([1]),
    });
    const page = await t.app.inject({ url, headers: { cookie: c1.cookie } });
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('C2');
    expect(page.body).toMatch(
      new RegExp(
        `<img class="avatar avatar-s avatar-photo" src="/c/spring/people/photos/${'c'.repeat(32)}-s\\.webp"[^>]+alt="C2"`,
      ),
    );
    expect(textOf(page)).toContain('Which exhibit would you walk past, and why?');

    const posted = await submit(t.app, url, `${url}/comments`, { body: 'Hello circle' }, c1.cookie);
    expect(posted.res.statusCode).toBe(303);
    expect(posted.res.headers.location).toMatch(new RegExp(`^${url}\\?sort=newest#comment-\\d+$`));
    const empty = await submit(t.app, url, `${url}/comments`, { body: '  ' }, c1.cookie);
    expect(empty.res.statusCode).toBe(422);
    expect(textOf(empty.res)).toContain('Members');
    const htmx = await submit(t.app, url, `${url}/comments`, { body: 'With htmx' }, c2.cookie, {
      'hx-request': 'true',
    });
    expect(htmx.res.statusCode).toBe(200);
    expect(htmx.res.body).not.toContain('<html');
    expect(textOf(htmx.res)).toContain('Hello circle');
    const commentId = /id="comment-(\d+)"/.exec(htmx.res.body)?.[1];
    const reply = await submit(
      t.app,
      url,
      `/comments/${commentId}/reply`,
      { body: 'A reply' },
      c1.cookie,
    );
    expect(reply.res.statusCode).toBe(303);
    // Likes and edits work as on any thread, back to the circle.
    const like = await submit(
      t.app,
      url,
      `/comments/${commentId}/like`,
      { like: 'on' },
      c1.cookie,
      { 'hx-request': 'true' },
    );
    expect(like.res.statusCode).toBe(200);
    expect(like.res.body).toContain('aria-pressed="true"');
    const edit = await submit(
      t.app,
      url,
      `/comments/${commentId}/edit`,
      { body: 'With htmx, edited' },
      c2.cookie,
    );
    expect(edit.res.statusCode).toBe(303);
    expect(edit.res.headers.location).toMatch(new RegExp(`^${url}`));
    expect(textOf(await t.app.inject({ url, headers: { cookie: c1.cookie } }))).toContain(
      'With htmx, edited',
    );

    const meeting = await submit(
      t.app,
      url,
      `${url}/meeting`,
      { when: 'tomorrow', note: 'Video' },
      c1.cookie,
    );
    expect(meeting.res.statusCode).toBe(422);
    expect(meeting.res.body).toContain('value="Video"');
    const ok = await submit(
      t.app,
      url,
      `${url}/meeting`,
      { when: '2026-03-12T19:30', note: 'Video call' },
      c1.cookie,
    );
    expect(ok.res.statusCode).toBe(303);
    const shown = await t.app.inject({ url, headers: { cookie: c2.cookie } });
    expect(shown.body).toContain('datetime="2026-03-12T18:30:00.000Z"');
    expect(textOf(shown)).toContain('Europe/Amsterdam');
    const ics = await t.app.inject({ url: `${url}/meeting.ics`, headers: { cookie: c2.cookie } });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain('DTSTART:20260312T183000Z');
  });

  it('lets a friend join by code while the circle has room', async () => {
    const group = await people(['D1', 'D2', 'D3', 'D4']);
    for (const p of group) await optIn(t, p);
    await form(t, organiser);
    const id = await currentCircleId(t, (group[0] as Person).id);
    const page = await t.app.inject({
      url: `/c/spring/circles/${id}`,
      headers: { cookie: (group[0] as Person).cookie },
    });
    const code = /<code>([^<]+)<\/code>/.exec(page.body)?.[1] ?? '';
    const friend = await learner(t, 'Friend');
    const { res } = await submit(
      t.app,
      circlesPage,
      '/c/spring/circles/join',
      { code: code.toUpperCase() },
      friend.cookie,
    );
    expect(res.statusCode).toBe(303);
    expect(await currentCircleId(t, friend.id)).toBe(id);
  });
});

describe('drop-outs', () => {
  it('offers a quiet circle a merge by mail, moves nobody before most chose, and keeps the old thread readable', async () => {
    const { outbox } = await import('../../db/schema.ts');
    const { eq } = await import('drizzle-orm');
    const a = await people(['E1', 'E2', 'E3', 'E4']);
    const b = await people(['F1', 'F2', 'F3', 'F4']);
    for (const p of a) await optIn(t, p, { language: 'en' });
    for (const p of b) await optIn(t, p, { language: 'nl' });
    await form(t, organiser);
    const small = await currentCircleId(t, (a[0] as Person).id);
    const big = await currentCircleId(t, (b[0] as Person).id);
    const url = `/c/spring/circles/${small}`;
    await submit(
      t.app,
      url,
      `${url}/comments`,
      { body: 'Before the merge' },
      (a[0] as Person).cookie,
    );
    // Two of the small circle leave; the other circle keeps coming by.
    for (const p of a.slice(2))
      await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, p.cookie);
    // Eleven days on: nobody in the small circle came by (two members, both inactive now).
    t.setNow(new Date('2026-03-21T12:00:00Z'));
    for (const p of b)
      await t.app.inject({ url: `/c/spring/circles/${big}`, headers: { cookie: p.cookie } });
    await t.app.ticks.tick();
    await t.app.ticks.tick();
    const offers = await t.database.db.select().from(outbox).where(eq(outbox.kind, 'circle-offer'));
    expect(offers.map((o) => o.userId).sort()).toEqual([a[0]?.id, a[1]?.id].sort());
    expect(offers[0]?.textBody).toContain('merge with another small circle, or stay');
    // The first choice is counted; the second makes the majority.
    const first = await submit(
      t.app,
      url,
      `${url}/offer`,
      { choice: 'merge' },
      (a[0] as Person).cookie,
    );
    expect(first.res.headers.location).toBe(url);
    expect(await currentCircleId(t, (a[1] as Person).id)).toBe(small);
    const second = await submit(
      t.app,
      url,
      `${url}/offer`,
      { choice: 'merge' },
      (a[1] as Person).cookie,
    );
    expect(second.res.headers.location).toBe(`/c/spring/circles/${big}`);
    expect(await currentCircleId(t, (a[0] as Person).id)).toBe(big);
    const merged = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.kind, 'circle-merged'));
    expect(merged).toHaveLength(6);
    // The old thread is still theirs to read, not to post in.
    const old = await t.app.inject({ url, headers: { cookie: (a[0] as Person).cookie } });
    expect(old.statusCode).toBe(200);
    expect(textOf(old)).toContain('Before the merge');
    expect(old.body).not.toContain('class="comment-form"');
    const post = await submit(
      t.app,
      url,
      `${url}/comments`,
      { body: 'late' },
      (a[0] as Person).cookie,
    );
    expect(post.res.statusCode).toBe(403);
    // The new circle's members cannot read the old thread.
    expect(
      (await t.app.inject({ url, headers: { cookie: (b[0] as Person).cookie } })).statusCode,
    ).toBe(403);
  });
});
