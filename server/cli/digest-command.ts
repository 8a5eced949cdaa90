// The logic behind `npm run digest`, separate from process handling so tests can call it
// with an app and read what it prints: one digest run by hand, for the latest period(s)
// that ended at --now. Safe to repeat: a learner's digest for a period is queued once (its
// idempotency key), whoever runs it and however often.
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { countLearners } from '../core/accounts.ts';
import { loadCohortContext } from '../core/context.ts';
import { type Frequency, frequencies, latestPeriod } from '../digest/periods.ts';
import { type RunSummary, runDigest } from '../digest/run.ts';
import { UsageError } from './cohort-command.ts';

export const digestUsage =
  'usage: npm run digest -- --cohort <slug> [--frequency daily|weekly] [--dry-run] [--now <ISO time>]';

export interface DigestArgs {
  cohort: string;
  frequencies: Frequency[];
  dryRun: boolean;
  now: Date;
}

/** Reads the command line; throws UsageError with a sentence saying what is wrong. */
export function parseDigestArgs(argv: string[], now = new Date()): DigestArgs {
  let values: { cohort?: string; frequency?: string; 'dry-run'?: boolean; now?: string };
  try {
    values = parseArgs({
      args: argv,
      options: {
        cohort: { type: 'string' },
        frequency: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        now: { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.cohort) throw new UsageError('Which cohort? Give --cohort <slug>.');
  const at = values.now ? new Date(values.now) : now;
  if (Number.isNaN(at.getTime()))
    throw new UsageError(
      `--now must be a date and time, e.g. 2026-03-09T07:00:00+01:00 (got "${values.now}").`,
    );
  if (values.frequency && !frequencies.includes(values.frequency as Frequency))
    throw new UsageError(`--frequency must be daily or weekly (got "${values.frequency}").`);
  return {
    cohort: values.cohort,
    frequencies: values.frequency ? [values.frequency as Frequency] : [...frequencies],
    dryRun: values['dry-run'] ?? false,
    now: at,
  };
}

export interface DigestIo {
  out(line: string): void;
  /** Progress as it goes (a bar on a terminal). */
  progress?(label: string, done: number, total: number): void;
}

/** Runs the digest(s); the app's clock should read `args.now`. Throws UsageError for an unknown cohort. */
export async function runDigestCommand(
  app: FastifyInstance,
  args: DigestArgs,
  io: DigestIo,
): Promise<void> {
  const context = await loadCohortContext(app, args.cohort);
  if (!context)
    throw new UsageError(
      `There is no cohort "${args.cohort}" (npm run cohort -- list shows them).`,
    );
  const total = await countLearners(app.db, context.cohort.id);
  const results: [Frequency, string, RunSummary][] = [];
  for (const frequency of args.frequencies) {
    const period = latestPeriod(context.cohort, frequency, args.now);
    const label = `${frequency} digest for ${period.period}`;
    const summary = await runDigest(app, context, period, {
      dryRun: args.dryRun,
      onProgress: (done) => io.progress?.(label, done, total),
    });
    results.push([frequency, period.period, summary]);
  }
  const sent = args.dryRun ? 0 : await app.mailer.deliverDue();
  for (const [frequency, period, s] of results) {
    io.out(
      `${frequency} ${period}: ${s.members} members · ${s.queued} ${args.dryRun ? 'would be queued' : 'queued'} · ${s.already} already queued · ${s.empty} skipped as empty · ${s.optedOut} opted out · ${s.other} on the other frequency`,
    );
  }
  if (!args.dryRun) io.out(`${sent} mails sent now.`);
}
