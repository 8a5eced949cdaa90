// What a thread is made of, as a browser and a screen reader get it: every comment with its
// author's face, one row of actions that each say what they do (the like button with its
// pressed state), and others' comments since the reader's last visit marked as new.
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

type AnyNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<AnyNode, { attribs: Record<string, string> }>;

let t: TestApp;
let ann = '';
let bo = '';
let olga = '';
const page = '/c/spring/welcome/drawing';
const htmx = { 'hx-request': 'true' };
let annsId = 0;
let bosId = 0;

const at = (time: string) => t.setNow(new Date(`2026-03-10T${time}:00Z`));
const view = async (cookie: string) =>
  (await t.app.inject({ url: page, headers: { cookie } })).body;

beforeAll(async () => {
  // Visits written again only after five minutes, as in production.
  t = await buildTestApp({
    env: { POST_INTERVAL_SECONDS: '1' },
    visitRewriteMs: 5 * 60_000,
  });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  at('11:00');
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann Smit', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
  olga = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  const post = async (cookie: string, body: string) => {
    const { res } = await submit(t.app, page, `${page}/comments`, { body }, cookie);
    return Number(/#comment-(\d+)/.exec(res.headers.location ?? '')?.[1]);
  };
  bosId = await post(bo, 'A first thought.');
  at('11:01');
  await submit(t.app, page, `/comments/${bosId}/like`, { like: 'on' }, ann);
  // Bo was here at 11:00 (posting); Ann writes after that, with a reply from Olga.
  at('12:00');
  annsId = await post(ann, 'A second thought.');
  at('12:01');
  await submit(t.app, page, `/comments/${annsId}/reply`, { body: 'Yes.' }, olga);
});
afterAll(() => t.close());

const byClass = (root: AnyNode[] | AnyNode, tag: string, cls: string): Element[] =>
  DomUtils.findAll(
    (e) => e.name === tag && (e.attribs.class ?? '').split(' ').includes(cls),
    Array.isArray(root) ? root : [root],
  );
const children = (e: Element) => e.children.filter((c): c is Element => c.type === 'tag');

/** The accessible name from content: aria-label, else the text outside aria-hidden parts. */
function nameOf(e: Element): string {
  if (e.attribs['aria-label']) return e.attribs['aria-label'];
  const text = (n: AnyNode): string => {
    if (n.type === 'text') return (n as unknown as { data: string }).data;
    if (n.type !== 'tag') return '';
    const el = n as Element;
    return el.attribs['aria-hidden'] === 'true' ? '' : el.children.map(text).join('');
  };
  return text(e).replace(/\s+/g, ' ').trim();
}

function comments(html: string) {
  return byClass(parseDocument(html).children, 'li', 'comment').map((li) => {
    const main = children(li).find((c) => c.attribs.class === 'comment-main') as Element;
    const meta = byClass(main, 'p', 'comment-meta')[0] as Element;
    const actions = byClass(main, 'div', 'comment-actions')[0];
    return {
      id: Number(li.attribs.id?.replace('comment-', '')),
      classes: (li.attribs.class ?? '').split(' '),
      avatar: children(main)[0],
      author: nameOf(DomUtils.findOne((e) => e.name === 'strong', [meta]) as Element),
      meta: nameOf(meta),
      controls: actions
        ? DomUtils.findAll((e) => e.name === 'a' || e.name === 'button', [actions])
        : [],
    };
  });
}

describe('new since your last visit', () => {
  it("marks others' comments since the reader's visit before this one, through a reload", async () => {
    at('12:10');
    const first = comments(await view(bo));
    const fresh = first.filter((c) => c.classes.includes('fresh')).map((c) => c.author);
    expect(fresh).toEqual(['Ann Smit', 'Olga']);
    expect(first[0]?.meta).toContain('New');
    expect(first[2]?.meta).not.toContain('New'); // his own
    // A reload a minute later is still the same visit: the marks stay.
    at('12:11');
    const again = comments(await view(bo));
    expect(again.filter((c) => c.classes.includes('fresh'))).toHaveLength(2);
    // So does a like swapped in place.
    const liked = await submit(t.app, page, `/comments/${annsId}/like`, { like: 'on' }, bo, htmx);
    expect(comments(liked.res.body)[0]?.classes).toContain('fresh');
  });

  it('marks nothing on a first visit, nor your own, nor what you have seen', async () => {
    const cy = await signIn(t, { email: 'cy@example.org', name: 'Cy', cohorts: ['spring'] });
    at('12:12');
    expect((await view(cy)).includes('class="badge new"')).toBe(false);
    // Ann was last here when she posted at 12:00: only Olga's reply came after.
    const anns = comments(await view(ann));
    expect(anns.filter((c) => c.classes.includes('fresh')).map((c) => c.author)).toEqual(['Olga']);
    // Bo's next visit, long after the last one was written, starts from there.
    at('13:00');
    const later = await view(bo);
    expect(later.includes('class="badge new"')).toBe(false);
  });
});

describe('a comment in the thread', () => {
  it("starts with its author's face: their initials, hidden from screen readers", async () => {
    const all = comments(await view(bo));
    expect(all.map((c) => c.author)).toEqual(['Ann Smit', 'Olga', 'Bo']);
    const initials = { 'Ann Smit': 'AS', Olga: 'O', Bo: 'B' };
    for (const c of all) {
      expect(c.avatar?.attribs.class).toMatch(/^avatar avatar-[sm] tone-\d+$/);
      expect(c.avatar?.attribs['aria-hidden']).toBe('true');
      expect(DomUtils.textContent(c.avatar as Element)).toBe(
        initials[c.author as keyof typeof initials],
      );
    }
    // Replies get the small face.
    expect(all[1]?.avatar?.attribs.class).toContain('avatar-s');
  });

  it('ends with one row of named icon buttons; like says whether it is pressed', async () => {
    const [annC, olgaC, boC] = comments(await view(ann));
    for (const c of [annC, olgaC, boC]) {
      expect(c?.controls.length).toBeGreaterThan(0);
      for (const control of c?.controls ?? []) expect(nameOf(control)).not.toBe('');
    }
    const names = (c: typeof annC) => c?.controls.map(nameOf);
    // Her own: likes are not hers to give; she may edit and delete it.
    expect(names(annC)).toEqual(['Reply', 'Edit', 'Delete']);
    expect(names(olgaC)).toEqual(['Like · 0 likes', 'Report']);
    expect(names(boC)).toEqual(['Like · 1 like', 'Reply', 'Report']);
    const like = (c: typeof annC) => c?.controls.find((e) => e.name === 'button');
    expect(like(olgaC)?.attribs['aria-pressed']).toBe('false');
    expect(like(boC)?.attribs['aria-pressed']).toBe('true');
    // Buttons that change something sit in a form that posts without JavaScript.
    for (const c of [annC, olgaC, boC]) {
      for (const b of c?.controls.filter((e) => e.name === 'button') ?? []) {
        const form = b.parent as Element;
        expect(form.name).toBe('form');
        expect(form.attribs.method).toBe('post');
        expect(b.attribs.type).toBe('submit');
      }
    }
  });

  it('offers organisers the spotlight, named', async () => {
    const [annC, , boC] = comments(await view(olga));
    expect(annC?.controls.map(nameOf)).toEqual(['Like · 1 like', 'Reply', 'Spotlight', 'Report']);
    expect(boC?.controls.map(nameOf)).toContain('Spotlight');
  });
});
