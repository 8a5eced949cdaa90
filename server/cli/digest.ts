// npm run digest -- --cohort <slug> [--frequency daily|weekly] [--dry-run] [--now <ISO time>]
// One digest run by hand, for the latest period(s) that ended at --now (default: now), with
// a progress bar and a summary. Safe to repeat: a learner's digest for a period is queued
// once (its idempotency key), whoever runs it and however often.
import { parseArgs } from 'node:util';
import { buildApp } from '../app.ts';
import { createContentStore } from '../content/store.ts';
import { type Frequency, frequencies, latestPeriod } from '../digest/periods.ts';
import { countMembers, type RunSummary, runDigest } from '../digest/run.ts';
import { loadCohortContext } from '../museum/context.ts';
import { configOrExit, openDatabaseOrExit } from './shared.ts';

const usage =
  'usage: npm run digest -- --cohort <slug> [--frequency daily|weekly] [--dry-run] [--now <ISO time>]';
function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
const parse = () =>
  parseArgs({
    options: {
      cohort: { type: 'string' },
      frequency: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      now: { type: 'string' },
    },
  }).values;
try {
  args = parse();
} catch (err) {
  fail((err as Error).message);
}
if (!args.cohort) fail('Which cohort? Give --cohort <slug>.');
const now = args.now ? new Date(args.now) : new Date();
if (Number.isNaN(now.getTime()))
  fail(`--now must be a date and time, e.g. 2026-03-09T07:00:00+01:00 (got "${args.now}").`);
if (args.frequency && !frequencies.includes(args.frequency as Frequency))
  fail(`--frequency must be daily or weekly (got "${args.frequency}").`);
const chosen = args.frequency ? [args.frequency as Frequency] : frequencies;

const config = configOrExit();
const database = await openDatabaseOrExit(config, 4);
const app = await buildApp(
  { ...config, logLevel: 'warn' },
  {
    database,
    content: createContentStore(config.contentDir),
    clock: () => now,
  },
);
await app.ready();

const context = await loadCohortContext(app, args.cohort);
if (!context) {
  await app.close();
  await database.close();
  fail(`There is no cohort "${args.cohort}" (npm run cohort -- list shows them).`);
}

const tty = process.stderr.isTTY;
function progress(label: string, done: number, total: number) {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
  if (tty) process.stderr.write(`\r${line}`);
  else if (done === total) process.stderr.write(`${line}\n`);
}

const total = await countMembers(app.db, context.cohort.id);
const results: [Frequency, string, RunSummary][] = [];
for (const frequency of chosen) {
  const period = latestPeriod(context.cohort, frequency, now);
  const label = `${frequency} digest for ${period.period}`;
  const summary = await runDigest(app, context, period, {
    dryRun: args['dry-run'],
    onProgress: (done) => progress(label, done, total),
  });
  if (tty) process.stderr.write('\n');
  results.push([frequency, period.period, summary]);
}
const sent = args['dry-run'] ? 0 : await app.mailer.deliverDue();
for (const [frequency, period, s] of results) {
  console.log(
    `${frequency} ${period}: ${s.members} members · ${s.queued} ${args['dry-run'] ? 'would be queued' : 'queued'} · ${s.already} already queued · ${s.empty} skipped as empty · ${s.optedOut} opted out · ${s.other} on the other frequency`,
  );
}
if (!args['dry-run']) console.log(`${sent} mails sent now.`);
await app.close();
await database.close();
process.exit(0);
