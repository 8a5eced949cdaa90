// Chromium for the browser tests (Debian's /usr/bin/chromium, see STACK.md) and the axe
// check every page of theirs goes through.
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { htmxFile } from '../../server/http/assets.ts';

export const launchChromium = () =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });

/** Fails on any serious or critical axe violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  // Legacy mode: axe runs in the page instead of finishing in a new blank page each time (our
  // pages have no frames whose results would need combining).
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  expect(results.passes.length).toBeGreaterThan(10); // axe really ran on a real page
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary}`).join(', ')})`,
    );
  expect(bad, page.url()).toEqual([]);
}

/**
 * A context for flow tests: htmx is there from the start, as it was before static/boot.js
 * deferred it to the first interaction (these tests click at machine speed). The boot
 * script itself is tested in tests/browser/walk.test.ts.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  await context.route(/\/static\/boot\.js/, (route) =>
    route.fulfill({ path: htmxFile, contentType: 'text/javascript; charset=utf-8' }),
  );
  return context;
}
