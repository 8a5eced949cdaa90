import { chromium } from 'playwright-core';
import { signInThroughMail } from './sign-in.ts';
const base = 'http://127.0.0.1:3000';
const dataDir = process.env.APPDIR ?? '';
const cohort = process.env.COHORT ?? '/c/pkm-demo';
const cookie = await signInThroughMail(base, dataDir, cohort, process.env.EMAIL ?? 'shots@example.org');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const pages = (process.env.PAGES ?? '').split(',');
for (const width of [390, 1366]) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addCookies(cookie.split('; ').map((c) => { const [name, ...v] = c.split('='); return { name: name!, value: v.join('='), url: base }; }));
  const page = await ctx.newPage();
  for (const p of pages) {
    await page.goto(base + p);
    if (process.env.CLICK) await page.click(process.env.CLICK);
    const sel = process.env.SEL;
    const name = `/tmp/shots/${p.replace(/\W+/g, '_')}-${width}.png`;
    if (sel) await (await page.$(sel))?.screenshot({ path: name });
    else await page.screenshot({ path: name, fullPage: true });
    console.log(name);
  }
  await ctx.close();
}
await browser.close();
