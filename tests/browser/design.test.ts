// Every page a member, a visitor and an organiser see, on the demo with hostile content added
// (unbroken words, long URLs, Arabic and Hebrew, a 10,000-character comment, names and wall
// titles at their limits), at 320, 390, 768 and 1366 px, in the light and the dark theme.
// Each combination must not scroll sideways, must pass axe with no violation of any impact,
// must offer no pointer target smaller than 24×24 px (WCAG 2.5.8, rule below), and must keep
// its breadcrumbs to two lines. A failure lists every problem of a page at once, with width,
// theme and a selector for each.
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { buildTestApp, root, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import { launchChromium } from '../helpers/browser.ts';

const widths = [320, 390, 768, 1366];
// Axe is most of this test's time. What it checks barely moves with the width (the layout
// checks below run at every width), so it runs on the narrowest phone and the desktop only.
const axeWidths = [320, 1366];
const themes = ['light', 'dark'] as const;
type Theme = (typeof themes)[number];

// Hostile content, each at the limit the app accepts.
const word = 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen'.repeat(4);
const url = `https://example.org/${'a-very-long-path-segment/'.repeat(6)}index.html?q=${'x'.repeat(40)}`;
const arabic = 'هذا نص عربي طويل عن إدارة المعرفة الشخصية والبحث والفهم والمشاركة مع الآخرين';
const hebrew = 'זהו טקסט עברי ארוך על ניהול ידע אישי, חיפוש, הבנה ושיתוף עם אחרים';
const hostile = `Look at ${url} and read ${word} twice.\n\n${arabic}\n\n${hebrew}\n\n${word}`;
/** Exactly 10,000 characters (the comment limit), every kind of trouble repeated. */
const tenThousand = Array.from(
  Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}: ${hostile}`).join('\n\n'),
)
  .slice(0, 10_000)
  .join('');
const name80 = (prefix: string) => `${prefix}${word}`.slice(0, 80);
const cohort = 'pkm-demo';
const room = 'seek';
const assignmentRoom = 'sense-and-share';
const closedRoom = 'keep-the-loop-going';

let t: TestApp;
let browser: Browser;
let base = '';
type Who = 'visitor' | 'ann' | 'basma' | 'chana' | 'demo' | 'organiser';
const cookies: Record<Who, string> = {
  visitor: '',
  ann: '',
  basma: '',
  chana: '',
  demo: '',
  organiser: '',
};
let wallFind = '';
let reviewPage = '';
let annPage = '';
/** One page per width and theme, so no page is re-laid out between two checks. */
const slots: {
  width: number;
  theme: Theme;
  context: BrowserContext;
  page: Page;
  who: Who | null;
}[] = [];

/** Moves the app clock past the posting limit between two posts. */
const tick = () => t.setNow(new Date(t.app.clock().getTime() + 2000));

/** Posts a form as `who` and expects the redirect a success answers with. */
async function post(who: Who, page: string, action: string, fields: Record<string, string>) {
  const { res } = await submit(t.app, page, action, fields, cookies[who]);
  expect(res.statusCode, `${action}: ${res.body.slice(0, 300)}`).toBe(303);
  tick();
  return res.headers.location ?? '';
}

/** A local wall-clock time `days` from the app's now, as a datetime-local field has it. */
const inDays = (days: number, hour: number) =>
  `${new Date(t.app.clock().getTime() + days * 86_400_000).toISOString().slice(0, 10)}T${hour}:00`;

beforeAll(async () => {
  t = await buildTestApp({
    contentDir: path.join(root, 'content'),
    env: { POST_INTERVAL_SECONDS: '1' },
  });
  await seedDemo(t.database.db, t.app.content.current(), t.app.clock());
  const join = { cohorts: [cohort] };
  cookies.ann = await signIn(t, { email: 'ann@example.org', name: name80('Ann '), ...join });
  cookies.basma = await signIn(t, {
    email: 'basma@example.org',
    name: arabic.slice(0, 80),
    ...join,
  });
  cookies.chana = await signIn(t, {
    email: 'chana@example.org',
    name: hebrew.slice(0, 80),
    ...join,
  });
  cookies.organiser = await signIn(t, { email: 'organisers@example.org', name: name80('Olga ') });
  // The demo learner who handed in first: their work has received reviews, one rated.
  cookies.demo = await signIn(t, { email: 'demo-alex@example.org', ...join });

  // A conversation: a comment with a reply, a comment of 10,000 characters, one flagged.
  const exhibit = `/c/${cohort}/${room}/the-framework`;
  const posted = await post('ann', exhibit, `${exhibit}/comments`, { body: hostile });
  const commentId = Number(/#comment-(\d+)/.exec(posted)?.[1]);
  await post('basma', exhibit, `/comments/${commentId}/reply`, { body: `${arabic}\n\n${url}` });
  await post('chana', exhibit, `${exhibit}/comments`, { body: tenThousand });
  await post('basma', exhibit, `/comments/${commentId}/flag`, { reason: `${word} ${hebrew}` });

  // Wall finds with titles at their limit (200), in Latin and in Hebrew, one commented on.
  const wall = `/c/${cohort}/${room}/wall`;
  const find = await post('ann', wall, wall, {
    title: `${word} ${word}`.slice(0, 200),
    url,
    note: hostile,
  });
  wallFind = `${wall}/${/#item-(\d+)$/.exec(find)?.[1]}`;
  await post('chana', wall, wall, {
    title: `${hebrew} ${hebrew}`.slice(0, 200),
    url,
    note: arabic,
  });
  await post('basma', wallFind, `${wallFind}/comments`, { body: hostile });
  await post('chana', wallFind, `${wallFind}/flag`, { reason: word });

  // Profiles at their limits: an intro and an answer of 280 characters, a long link.
  const profile = `/c/${cohort}/profile`;
  await post('ann', profile, profile, {
    intro: `${word} ${hebrew} ${url}`.slice(0, 280),
    'answer_keeps-you-up': `${arabic} ${word}`.slice(0, 280),
    languages: 'en',
    time_band: 'evening',
    link_1: url,
    listed: 'on',
  });
  await post('basma', profile, profile, { intro: arabic, languages: 'en', listed: 'on' });
  annPage = `/c/${cohort}/people/${(await findUserByEmail(t.database.db, 'ann@example.org'))?.id}`;

  // Peer feedback: Ann and Basma hand in; Basma reviews (Ann's work, the oldest without a
  // review) with hostile answers; Chana is handed work to review and keeps its page open.
  const feedback = `/c/${cohort}/${assignmentRoom}/feedback`;
  await post('ann', feedback, feedback, { body: tenThousand, url });
  await post('basma', feedback, feedback, { body: `${arabic}\n\n${hostile}`, url });
  const given = await post('basma', feedback, `${feedback}/review`, {});
  await post('basma', given, given, {
    'criterion-what-works': `This part works: ${hostile}`,
    'criterion-question': `${hebrew} ${word}`,
    'criterion-suggestion': `${arabic} ${url}`,
    'criterion-clarity': '2',
  });
  reviewPage = await post('chana', feedback, `${feedback}/review`, {});

  // The desk: an announcement, the meet-up rewritten, answers to it.
  const announcements = `/c/${cohort}/organise/announcements`;
  await post('organiser', announcements, announcements, {
    title: `${word}`.slice(0, 120),
    body: hostile,
  });
  const meetup = `/c/${cohort}/organise/meetup`;
  await post('organiser', meetup, meetup, {
    title: `${word} ${hebrew}`.slice(0, 120),
    description: tenThousand,
    starts_at: inDays(14, 19),
    ends_at: inDays(14, 22),
    timezone: 'Europe/Amsterdam',
    place: `${word} ${arabic}`.slice(0, 200),
    address: url,
    capacity: '',
  });
  const rsvp = `/c/${cohort}/meetup`;
  for (const who of ['ann', 'basma', 'chana'] as const) {
    await post(who, rsvp, `${rsvp}/rsvp`, { answer: 'yes' });
  }

  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  // The real boot script: the pages as they first arrive, before htmx.
  for (const theme of themes) {
    for (const width of widths) {
      const context = await browser.newContext({
        locale: 'en-GB',
        colorScheme: theme,
        viewport: { width, height: 900 },
      });
      slots.push({ width, theme, context, page: await context.newPage(), who: null });
    }
  }
});

afterAll(async () => {
  for (const { context } of slots) await context.close();
  await browser?.close();
  await t?.close();
});

/** The slot's page, carrying `who`'s session (one context per slot, cookies swapped). */
async function pageAs(slot: (typeof slots)[number], who: Who): Promise<Page> {
  if (slot.who !== who) {
    await slot.context.clearCookies();
    const [key = '', value = ''] = cookies[who].split('=');
    if (value) await slot.context.addCookies([{ name: key, value, url: base }]);
    slot.who = who;
  }
  return slot.page;
}

// Evaluated in the page (as strings: the tests are not typed against the DOM).
const targetSelector =
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';

/** A short, readable CSS path to an element, for the failure message. */
const describeElement = `(el) => {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    const tag = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(tag + '#' + e.id); break; }
    parts.unshift(tag + [...e.classList].slice(0, 2).map((c) => '.' + c).join(''));
  }
  const label = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 40);
  return parts.join(' > ') + (label ? ' "' + label + '"' : '');
}`;

/** Horizontal overflow, with the outermost elements that stick out past the window. */
const overflowScript = `(() => {
  const describe = ${describeElement};
  const inner = window.innerWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= inner) return null;
  // Inside a container that clips or scrolls on its own, sticking out widens nothing.
  const clipped = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [...document.body.querySelectorAll('*')].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > inner + 0.5 && !clipped(e);
  });
  const outermost = out.filter((e) => !out.includes(e.parentElement));
  return { scroll, inner, culprits: outermost.slice(0, 4).map(describe) };
})()`;

/**
 * Pointer targets under 24×24 px. Targets are the elements of `targetSelector` that are
 * rendered: visible (checkVisibility, including opacity and visibility), larger than the 1×1
 * box of visually hidden text, and not parked outside the page (a skip link until focused).
 * An element matched only by a negative tabindex is left out: it is a place focus is moved
 * to by script, neither in the tab order nor something to click.
 *
 * A target's size is its border box. A link laid out inline that wraps is as tall as its
 * shortest line (each line is a strip that high to aim at), and as large as any box inside
 * it (an icon or an avatar drawn in the link is part of it).
 *
 * Exempt, following WCAG 2.5.8:
 * - Inline: a link laid out inline (display: inline) in running text, whose height the
 *   line-height of that text sets: anywhere in .prose (what people and the course write, where
 *   a pasted URL may stand alone in its paragraph), and elsewhere when its nearest non-inline
 *   ancestor also holds visible non-target text with a letter or digit in it (a link inside a
 *   sentence or a line of text). A link alone in its paragraph, heading or table cell, one
 *   among links separated only by "·", or a flex or grid item (laid out as a box of its own,
 *   not as text) is not inline in this sense.
 * - User agent control: an input or select the size of which is exactly the browser's own
 *   (the same element measured in a shadow root, where no stylesheet of ours reaches), such
 *   as an unstyled date field. Checkboxes and radio buttons instead pass when one of their
 *   labels, which toggles them too, is itself at least 24×24.
 * The spacing and equivalent-target exceptions are deliberately not used: every target is
 * to be 24×24 in its own right.
 */
const targetScript = `(() => {
  const describe = ${describeElement};
  const selector = ${JSON.stringify(targetSelector)};
  const min = 24 - 0.01;
  const big = (r) => r.width >= min && r.height >= min;
  const visible = (e) => e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const shown = (e) => {
    if (!visible(e)) return false;
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    return r.bottom + scrollY > 0 && r.right + scrollX > 0;
  };
  const size = (el) => {
    const box = el.getBoundingClientRect();
    let { width, height } = box;
    if (getComputedStyle(el).display === 'inline') {
      const lines = [...el.getClientRects()].filter((r) => r.width > 0);
      if (lines.length > 1) height = Math.min(...lines.map((r) => r.height));
      for (const inside of el.querySelectorAll('*')) {
        const r = inside.getBoundingClientRect();
        width = Math.max(width, r.width);
        height = Math.max(height, r.height);
      }
    }
    return { width, height };
  };
  const inTarget = (node, block) => {
    for (let e = node.parentElement; e && e !== block; e = e.parentElement) {
      if (e.matches(selector)) return true;
    }
    return false;
  };
  const inline = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    if (el.closest('.prose')) return true;
    let block = el.parentElement;
    while (block && ['inline', 'contents'].includes(getComputedStyle(block).display)) {
      block = block.parentElement;
    }
    if (!block) return false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!/[\\p{L}\\p{N}]/u.test(n.data) || inTarget(n, block)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width > 1 && r.height > 1 && visible(n.parentElement)) return true;
    }
    return false;
  };
  const choice = (el) => el.matches('input[type=checkbox], input[type=radio]');
  const labelled = (el) => [...(el.labels || [])].some((l) => big(l.getBoundingClientRect()));
  const browserSized = (el) => {
    if (!el.matches('input, select')) return false;
    const host = document.createElement('div');
    host.style.all = 'initial';
    document.body.append(host);
    const copy = el.cloneNode(true);
    host.attachShadow({ mode: 'open' }).append(copy);
    const own = copy.getBoundingClientRect();
    host.remove();
    const r = el.getBoundingClientRect();
    return Math.abs(own.width - r.width) < 0.5 && Math.abs(own.height - r.height) < 0.5;
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const onlyTabindex = !el.matches(selector.replace(', [tabindex]', ''));
    if (onlyTabindex && el.tabIndex < 0) continue;
    if (!shown(el)) continue;
    const r = size(el);
    if (big(r) || inline(el)) continue;
    if (choice(el) ? labelled(el) : browserSized(el)) continue;
    small.push(describe(el) + ' is ' + r.width.toFixed(1) + '×' + r.height.toFixed(1));
  }
  return small;
})()`;

/** How many lines the breadcrumb trail takes, 0 when the page has none. */
const crumbLinesScript = `(() => {
  const list = document.querySelector('.breadcrumb ol');
  if (!list) return 0;
  const range = document.createRange();
  range.selectNodeContents(list);
  const tops = [...range.getClientRects()].filter((r) => r.height > 0).map((r) => r.top);
  return tops.sort((a, b) => a - b).filter((top, i, all) => i === 0 || top - all[i - 1] > 4).length;
})()`;

interface Visit {
  name: string;
  who: Who;
  path: () => string;
  status?: number;
  /** Text the hostile content puts on the page, so a page that lost it cannot pass. */
  shows?: string;
}

const visits: Visit[] = [
  { name: 'home', who: 'ann', path: () => '/' },
  { name: 'home (visitor)', who: 'visitor', path: () => '/' },
  { name: 'cohort (visitor)', who: 'visitor', path: () => `/c/${cohort}` },
  { name: 'cohort (member)', who: 'ann', path: () => `/c/${cohort}`, shows: word.slice(0, 60) },
  { name: 'room', who: 'ann', path: () => `/c/${cohort}/${room}` },
  {
    name: 'exhibit with a conversation',
    who: 'ann',
    path: () => `/c/${cohort}/${room}/the-framework`,
    shows: hebrew,
  },
  { name: 'wall', who: 'ann', path: () => `/c/${cohort}/${room}/wall`, shows: hebrew },
  { name: "a find's page", who: 'ann', path: () => wallFind, shows: arabic },
  {
    name: 'peer feedback: assignment',
    who: 'chana',
    path: () => `/c/${cohort}/${assignmentRoom}/feedback`,
  },
  { name: 'peer feedback: review', who: 'chana', path: () => reviewPage, shows: arabic },
  {
    name: 'peer feedback: received (hostile)',
    who: 'ann',
    path: () => `/c/${cohort}/${assignmentRoom}/feedback`,
    shows: 'This part works:',
  },
  {
    name: 'peer feedback: received (demo)',
    who: 'demo',
    path: () => `/c/${cohort}/${assignmentRoom}/feedback`,
    shows: 'The number 2,400 makes the point',
  },
  { name: 'meet-up', who: 'ann', path: () => `/c/${cohort}/meetup`, shows: arabic },
  { name: 'profile', who: 'ann', path: () => `/c/${cohort}/profile`, shows: arabic },
  { name: "who's here", who: 'ann', path: () => `/c/${cohort}/people`, shows: word },
  { name: 'circles', who: 'ann', path: () => `/c/${cohort}/circles` },
  { name: 'house rules', who: 'ann', path: () => `/c/${cohort}/rules` },
  { name: 'desk: circles', who: 'organiser', path: () => `/c/${cohort}/organise/circles` },
  {
    name: "who's here, by a prompt",
    who: 'chana',
    path: () => `/c/${cohort}/people?prompt=keeps-you-up`,
  },
  { name: "a member's page", who: 'chana', path: () => annPage, shows: hebrew },
  { name: 'settings', who: 'ann', path: () => '/settings' },
  { name: 'sign-in', who: 'visitor', path: () => '/sign-in' },
  { name: 'desk: all cohorts', who: 'organiser', path: () => '/organise' },
  { name: 'desk: schedule', who: 'organiser', path: () => `/c/${cohort}/organise` },
  { name: 'desk: settings', who: 'organiser', path: () => `/c/${cohort}/organise/settings` },
  {
    name: 'desk: moderation',
    who: 'organiser',
    path: () => `/c/${cohort}/organise/moderation`,
    shows: hebrew,
  },
  {
    name: 'desk: announcements',
    who: 'organiser',
    path: () => `/c/${cohort}/organise/announcements`,
  },
  { name: 'desk: feedback', who: 'organiser', path: () => `/c/${cohort}/organise/feedback` },
  { name: 'desk: meet-up', who: 'organiser', path: () => `/c/${cohort}/organise/meetup` },
  { name: 'desk: dashboard', who: 'organiser', path: () => `/c/${cohort}/organise/dashboard` },
  { name: 'error: not found', who: 'ann', path: () => '/no-such-page', status: 404 },
  {
    name: 'error: room not open yet',
    who: 'ann',
    path: () => `/c/${cohort}/${closedRoom}`,
    status: 403,
  },
];

/** Every problem of the page as it is laid out now, one line each. */
async function problemsOf(page: Page, where: string, width: number): Promise<string[]> {
  const problems: string[] = [];
  const overflow = await page.evaluate<{ scroll: number; inner: number; culprits: string[] }>(
    overflowScript,
  );
  if (overflow) {
    problems.push(
      `scrolls sideways (${overflow.scroll}px in a ${overflow.inner}px window); sticking out: ${overflow.culprits.join(' | ')}`,
    );
  }
  if (axeWidths.includes(width)) {
    // Legacy mode runs axe in the page itself instead of finishing in a new blank page each
    // time (our pages have no frames to combine), which halves the time of this test.
    const axe = await new AxeBuilder({ page })
      .options({ resultTypes: ['violations'] })
      .setLegacyMode(true)
      .analyze();
    expect(axe.passes.length, `${where}: axe ran`).toBeGreaterThan(10);
    for (const v of axe.violations) {
      const nodes = v.nodes.map((n) => n.target.join(' '));
      const more = nodes.length > 5 ? ` (+${nodes.length - 5})` : '';
      problems.push(`axe ${v.id} (${v.impact}) ${v.help}: ${nodes.slice(0, 5).join(' | ')}${more}`);
    }
  }
  // Breadcrumbs flow as text: one or two lines on a phone, never a line per crumb.
  const crumbLines = await page.evaluate<number>(crumbLinesScript);
  if (crumbLines > 2) problems.push(`breadcrumbs on ${crumbLines} lines`);
  const small = await page.evaluate<string[]>(targetScript);
  const counted = new Map<string, number>();
  for (const s of small) counted.set(s, (counted.get(s) ?? 0) + 1);
  for (const [s, n] of counted) problems.push(`small target ${s}${n > 1 ? ` (${n} of them)` : ''}`);
  return problems;
}

/** Where a problem was seen, shortest first: "every width, both themes", "320, 390px dark". */
function placesOf(seen: { width: number; theme: Theme }[]): string {
  const widthsIn = (theme: Theme) => seen.filter((s) => s.theme === theme).map((s) => s.width);
  const light = widthsIn('light').join(', ');
  const dark = widthsIn('dark').join(', ');
  const all = widths.join(', ');
  if (light === dark) return `${light === all ? 'every width' : `${light}px`}, both themes`;
  return [light && `${light}px light`, dark && `${dark}px dark`].filter(Boolean).join('; ');
}

describe('every page at every width, in both themes', () => {
  for (const visit of visits) {
    it(`the ${visit.name} page`, async () => {
      // A problem seen at several widths or in both themes is one line saying where.
      const seen = new Map<
        string,
        { places: { width: number; theme: Theme }[]; sizes: string[] }
      >();
      const pathname = visit.path();
      const check = async (slot: (typeof slots)[number]) => {
        const { width, theme } = slot;
        const page = await pageAs(slot, visit.who);
        const res = await page.goto(`${base}${pathname}`);
        expect(res?.status(), `${pathname} as ${visit.who}`).toBe(visit.status ?? 200);
        if (visit.shows) {
          expect(await page.locator('body').textContent(), pathname).toContain(visit.shows);
        }
        return {
          width,
          theme,
          problems: await problemsOf(page, `${pathname} ${width}px ${theme}`, width),
        };
      };
      // The two themes side by side (a page each per width), as many as the two cores take;
      // collected in a fixed order, so the report reads the same whichever finished first.
      const inTheme = async (theme: Theme) => {
        const results = [];
        for (const slot of slots.filter((s) => s.theme === theme)) results.push(await check(slot));
        return results;
      };
      for (const { width, theme, problems } of (await Promise.all(themes.map(inTheme))).flat()) {
        for (const problem of problems) {
          // A small target's size changes with the width; the element is the same one.
          const size = / is ([\d.]+×[\d.]+)/.exec(problem)?.[1];
          const key = problem.replace(/ is [\d.]+×[\d.]+/, '');
          const entry = seen.get(key) ?? { places: [], sizes: [] };
          entry.places.push({ width, theme });
          if (size && !entry.sizes.includes(size)) entry.sizes.push(size);
          seen.set(key, entry);
        }
      }
      const problems = [...seen].map(([problem, { places, sizes }]) => {
        const size = sizes.length ? ` (${sizes.join(', ')} px)` : '';
        return `${visit.name} (${pathname}) at ${placesOf(places)}: ${problem}${size}`;
      });
      expect(problems).toEqual([]);
    });
  }
});

describe('a comment field at its limit', () => {
  it('counts a paste over the limit under the field, and keeps all of it', async () => {
    const slot = slots.find((s) => s.theme === 'light' && s.width === 390);
    if (!slot) throw new Error('no phone page');
    const page = await pageAs(slot, 'ann');
    await page.goto(`${base}/c/${cohort}/${room}/the-framework`);
    const counter = page.locator('#comment-body ~ .counter');
    expect(await counter.textContent()).toBe('0 of 10,000 characters');
    await page.locator('#comment-body').fill('x'.repeat(10_050));
    await expect
      .poll(() => counter.textContent())
      .toBe('50 characters too many: shorten it to send it.');
    expect((await page.locator('#comment-body').inputValue()).length).toBe(10_050);
  });
});
