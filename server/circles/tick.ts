// The minute tick's circle work: learners who opted in after the circles were formed are
// placed from the bench, and a circle that fell below three active members is asked, by mail,
// whether it wants to merge with another small circle or stay as it is.
import type { FastifyInstance } from 'fastify';
import type { Circle } from '../../db/schema.ts';
import { findCohortById } from '../core/cohorts.ts';
import { type CohortContext, loadCohortContext } from '../core/context.ts';
import { mailMerged, mailOffer } from './mail.ts';
import {
  answerOffer,
  circlesToOffer,
  cohortsWithBench,
  findCircle,
  listMembers,
  markOffered,
  type OfferOutcome,
  placeBench,
} from './queries.ts';

async function contextOf(app: FastifyInstance, cohortId: number): Promise<CohortContext | null> {
  const cohort = await findCohortById(app.db, cohortId);
  return cohort ? loadCohortContext(app, cohort.slug) : null;
}

export async function placeWaiting(app: FastifyInstance): Promise<number> {
  let placed = 0;
  for (const { id } of await cohortsWithBench(app.db)) {
    const context = await contextOf(app, id);
    const max = context?.course.circles?.max;
    if (!max) continue;
    placed += (await placeBench(app.db, id, max, app.clock())).length;
  }
  return placed;
}

export async function offerMerges(app: FastifyInstance): Promise<number> {
  let offered = 0;
  for (const circle of await circlesToOffer(app.db, app.clock())) {
    const context = await contextOf(app, circle.cohortId);
    if (!context?.course.circles) continue;
    if (!(await markOffered(app.db, circle.id, app.clock()))) continue;
    const members = await listMembers(app.db, circle.id);
    await mailOffer(
      app,
      context,
      circle,
      members.map((m) => m.userId),
    );
    offered++;
  }
  return offered;
}

/** A member's answer; after a merge everyone it touched is told by mail. */
export async function decideOffer(
  app: FastifyInstance,
  context: CohortContext,
  circle: Circle,
  userId: number,
  choice: 'merge' | 'stay',
): Promise<OfferOutcome> {
  const max = context.course.circles?.max ?? 6;
  const target = await answerOffer(app.db, { circle, userId, choice, max, now: app.clock() });
  if (target.kind === 'merged') {
    const into = await findCircle(app.db, target.into);
    if (into) {
      const everyone = await listMembers(app.db, into.id);
      await mailMerged(
        app,
        context,
        circle,
        into,
        everyone.map((m) => m.userId),
      );
    }
  }
  return target;
}
