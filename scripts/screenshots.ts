// npm run screenshots: the demo as a newcomer meets it, photographed for the README and for
// design reviews. The app runs in this process on a fresh embedded database (a temp dir),
// seeded with the demo; a demo learner and the demo admin are signed in by creating their
// sessions directly, so no mail is involved. Writes docs/screenshots/<page>-<phone|desktop>.png
// (390×844 and 1366×900, the full page up to 2,500 px), in the light theme, plus a few dark.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createContentStore } from '../server/content/store.ts';
import { ensureUser, findUserByEmail, updateUser } from '../server/core/accounts.ts';
import { loadCohortContext } from '../server/core/context.ts';
import { createSession, sessionCookieName } from '../server/core/sessions.ts';
import { demoCourses } from '../server/demo/data.ts';
import { demoSlug, seedDemo } from '../server/demo/seed.ts';
import { runDigest } from '../server/digest/run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs/screenshots');
const port = 3904;
const base = `http://127.0.0.1:${port}`;
const sizes = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } };
type Size = keyof typeof sizes;
/** Long pages are cut here: the top of a page is what a picture in the README is for. */
const maxHeight = 2500;
// The English sample course: the README is in English.
const courseId = 'pkm';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'salon-shots-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(port),
  HOST: '127.0.0.1',
  BASE_URL: base,
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  SMTP_URL: '',
  LOG_LEVEL: 'warn',
});
const database = await openDatabase({ databaseUrl: null, dataDir });
await database.migrate();
const content = createContentStore(config.contentDir);
// Mail is only looked at, never delivered: a queued mail that gets nudged out goes nowhere.
const app = await buildApp(config, {
  database,
  content,
  transport: { send: async () => {}, close: () => {} },
});
const db = database.db;
let browser: Browser | undefined;

try {
  await seedDemo(db, content.current(), app.clock());
  const slug = demoSlug({ id: courseId });
  const context = await loadCohortContext(app, slug);
  const course = context?.course;
  const rooms = course?.rooms ?? [];
  const firstRoom = rooms[0];
  const assignmentRoom = rooms.find((r) => r.assignment) ?? firstRoom;
  const exhibitId = demoCourses.get(courseId)?.comments[0]?.exhibit;
  if (!context || !firstRoom || !assignmentRoom || !exhibitId) {
    throw new Error(`the ${courseId} demo has no room, assignment or conversation to show`);
  }

  // A demo learner who talked, handed in work and got it reviewed; and the demo admin.
  const learnerEmail = demoCourses.get(courseId)?.learners[0]?.email ?? '';
  const learner = await findUserByEmail(db, learnerEmail);
  if (!learner || !config.demoAdmin) throw new Error('no demo learner or demo admin');
  const admin = await ensureUser(db, {
    email: config.demoAdmin,
    name: 'Demo Admin',
    locale: 'en',
  });
  const cookieFor = async (userId: number) => ({
    name: sessionCookieName(config.secure),
    value: (await createSession(db, userId, app.clock())).token,
    url: base,
  });

  // The digest this learner would get for the week up to now, composed and queued by the
  // digest run itself; its HTML is read back from the outbox.
  await updateUser(db, learner.id, { digest: 'weekly' });
  const now = app.clock();
  await runDigest(app, context, {
    frequency: 'weekly',
    period: now.toISOString().slice(0, 10),
    since: new Date(now.getTime() - 7 * 86_400_000),
    until: now,
  });
  const [digest] = await db
    .select({ html: outbox.htmlBody })
    .from(outbox)
    .where(and(eq(outbox.kind, 'digest'), eq(outbox.userId, learner.id)));
  const digestHtml = digest?.html;
  if (!digestHtml) throw new Error('the demo learner has no digest to show');

  await app.listen({ port, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const cohort = `/c/${slug}`;
  const room = `${cohort}/${firstRoom.id}`;
  const shots: { name: string; as: 'learner' | 'admin'; path: string; dark?: Size[] }[] = [
    { name: 'home', as: 'learner', path: '/' },
    { name: 'cohort', as: 'learner', path: cohort, dark: ['desktop'] },
    { name: 'room', as: 'learner', path: room },
    { name: 'exhibit', as: 'learner', path: `${room}/${exhibitId}`, dark: ['phone'] },
    { name: 'wall', as: 'learner', path: `${room}/wall` },
    { name: 'feedback', as: 'learner', path: `${cohort}/${assignmentRoom.id}/feedback` },
    { name: 'people', as: 'learner', path: `${cohort}/people` },
    { name: 'desk', as: 'admin', path: `${cohort}/organise` },
    { name: 'dashboard', as: 'admin', path: `${cohort}/organise/dashboard` },
  ];
  const people = { learner: await cookieFor(learner.id), admin: await cookieFor(admin.id) };
  const written: string[] = [];

  for (const theme of ['light', 'dark'] as const) {
    for (const [size, viewport] of Object.entries(sizes) as [Size, typeof sizes.phone][]) {
      const contexts = new Map<string, Page>();
      for (const who of ['learner', 'admin'] as const) {
        const browserContext = await browser.newContext({
          viewport,
          colorScheme: theme,
          locale: 'en-GB',
        });
        await browserContext.addCookies([people[who]]);
        contexts.set(who, await browserContext.newPage());
      }
      const file = (name: string) => `${name}-${size}${theme === 'dark' ? '-dark' : ''}.png`;
      for (const shot of shots) {
        if (theme === 'dark' && !shot.dark?.includes(size)) continue;
        const page = contexts.get(shot.as) as Page;
        const res = await page.goto(`${base}${shot.path}`);
        if (res?.status() !== 200) throw new Error(`${shot.path} answered ${res?.status()}`);
        written.push(await photograph(page, file(shot.name)));
      }
      if (theme === 'light') {
        // The mail as a mail client shows it: its own HTML, nothing of the site around it.
        // Served as a page of its own, without the site's content security policy (which
        // refuses the mail's own styles), from the site's origin (so its images load).
        const page = contexts.get('learner') as Page;
        const mailUrl = `${base}/__digest-screenshot`;
        await page.route(mailUrl, (route) =>
          route.fulfill({ body: digestHtml, contentType: 'text/html; charset=utf-8' }),
        );
        await page.goto(mailUrl, { waitUntil: 'load' });
        written.push(await photograph(page, file('digest')));
      }
      for (const page of contexts.values()) await page.context().close();
    }
  }
  console.log(`Wrote ${written.length} screenshots to ${path.relative(root, outDir)}/:`);
  for (const name of written) console.log(`  ${name}`);
} finally {
  await browser?.close();
  await app.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}

/** The page as it is, images below the fold included, cut at `maxHeight`. */
async function photograph(page: Page, name: string): Promise<string> {
  // Lazy images below the fold would be blank in a full-page picture: load them all first.
  await page.evaluate(`Promise.all([...document.images].map((img) => {
    img.loading = 'eager';
    return img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; });
  })).then(() => document.fonts.ready)`);
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  const width = page.viewportSize()?.width ?? sizes.desktop.width;
  await page.screenshot({
    path: path.join(outDir, name),
    type: 'png',
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) },
  });
  return name;
}
