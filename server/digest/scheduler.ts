// The minute tick: for every cohort and frequency, the latest period that has ended gets its
// run once. No duplicates without any lock (docs/decisions/011): each digest's idempotency
// key makes a second enqueue a no-op, so two processes, or a restart halfway, can at worst
// compose a digest twice, never send it twice. A `digest_runs` row records a finished run so
// later ticks skip the period, and tells other processes a run is under way (a run that has
// not finished after ten minutes is presumed dead and taken over).
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { digestRuns } from '../../db/schema.ts';
import { listCohorts } from '../core/cohorts.ts';
import { loadCohortContext } from '../core/context.ts';
import { frequencies, latestPeriod, type Period } from './periods.ts';
import { type RunSummary, runDigest } from './run.ts';

const STALE_MS = 10 * 60_000;

/** Claims the period's run for this process: true when it is ours to do. */
async function claimRun(app: FastifyInstance, cohortId: number, p: Period, now: Date) {
  const key = { cohortId, frequency: p.frequency, period: p.period };
  const inserted = await app.db
    .insert(digestRuns)
    .values({ ...key, startedAt: now })
    .onConflictDoNothing()
    .returning({ period: digestRuns.period });
  if (inserted.length) return true;
  const taken = await app.db
    .update(digestRuns)
    .set({ startedAt: now })
    .where(
      and(
        eq(digestRuns.cohortId, cohortId),
        eq(digestRuns.frequency, p.frequency),
        eq(digestRuns.period, p.period),
        isNull(digestRuns.finishedAt),
        lt(digestRuns.startedAt, new Date(now.getTime() - STALE_MS)),
      ),
    )
    .returning({ period: digestRuns.period });
  return taken.length > 0;
}

async function finishRun(app: FastifyInstance, cohortId: number, p: Period, s: RunSummary) {
  await app.db
    .update(digestRuns)
    .set({
      finishedAt: app.clock(),
      queued: sql`${digestRuns.queued} + ${s.queued}`,
      empty: s.empty,
    })
    .where(
      and(
        eq(digestRuns.cohortId, cohortId),
        eq(digestRuns.frequency, p.frequency),
        eq(digestRuns.period, p.period),
      ),
    );
}

/** One tick: runs every due period not yet run; returns what each run did. */
export async function runDueDigests(app: FastifyInstance): Promise<RunSummary[]> {
  const done: RunSummary[] = [];
  for (const cohort of await listCohorts(app.db)) {
    const now = app.clock();
    const context = await loadCohortContext(app, cohort.slug);
    if (!context) continue;
    for (const frequency of frequencies) {
      const period = latestPeriod(cohort, frequency, now);
      // Nothing to tell before the first room opens.
      const first = context.schedule[0]?.opensAt;
      if (!first || period.until < first) continue;
      if (!(await claimRun(app, cohort.id, period, now))) continue;
      const summary = await runDigest(app, context, period);
      await finishRun(app, cohort.id, period, summary);
      done.push(summary);
    }
  }
  return done;
}
