// The minute tick of live hours: every cohort's planned hours get their row, start when their
// time comes, release the step that is due, and end; those coming are reminded an hour
// before. Several processes may run it at once: each change only happens from the state its
// caller saw.
import type { FastifyInstance } from 'fastify';
import { listCohorts } from '../core/cohorts.ts';
import { loadCohortContext } from '../core/context.ts';
import { remindAttendees } from './attendance.ts';
import { plannedStart } from './plan.ts';
import { ensureSession, findSession } from './queries.ts';
import { advance } from './session.ts';

export async function runLiveHours(app: FastifyInstance): Promise<number> {
  let changed = 0;
  const now = app.clock();
  for (const cohort of await listCohorts(app.db)) {
    const context = await loadCohortContext(app, cohort.slug);
    if (!context) continue;
    for (const entry of context.schedule) {
      const plan = entry.room.live;
      if (!plan) continue;
      const planned = plannedStart(plan, entry.opensAt, cohort.timezone);
      // Hours far off need no row yet (a moved one has its row already).
      const existing = await findSession(app.db, cohort.id, entry.room.id);
      const start = existing?.startedAt ?? existing?.startsAt ?? planned;
      if (start.getTime() - now.getTime() > 86_400_000) continue;
      const session = existing ?? (await ensureSession(app.db, cohort.id, entry.room.id));
      if (session.endedAt) continue;
      changed += await remindAttendees(app, cohort, session, plan, start, now);
      if (await advance(app, session, plan, planned, now)) changed++;
    }
  }
  return changed;
}
