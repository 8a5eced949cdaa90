// A room's live hour for one member: the plan from live.md, the cohort's row, where the hour
// is, and whether this member facilitates it. Also moves the hour on (start, next step, end),
// which the minute tick does for everyone and a page view does for itself.
import type { FastifyInstance } from 'fastify';
import type { LiveSession } from '../../db/schema.ts';
import type { LivePlan } from '../content/types.ts';
import type { Membership } from '../core/access.ts';
import type { ScheduledRoom } from '../core/model.ts';
import { renderBody } from '../core/render.ts';
import { openRoom } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import { dueStep, endOf, type Phase, phaseOf, plannedStart, type Step, stepsOf } from './plan.ts';
import { endSession, ensureSession, releaseStep } from './queries.ts';

export interface Live {
  member: Membership;
  entry: ScheduledRoom;
  plan: LivePlan;
  session: LiveSession;
  steps: Step[];
  planned: Date;
  startsAt: Date;
  endsAt: Date;
  phase: Phase;
  facilitator: boolean;
}

/**
 * Organisers facilitate; so does anyone live.md names by address. Organisers steer every hour
 * of their cohort (they move and start them on the desk too), so "organisers" in live.md, its
 * default, says in the file what holds anyway.
 */
export function facilitates(
  plan: Pick<LivePlan, 'facilitators'>,
  member: Pick<Membership, 'organises'>,
  email: string,
): boolean {
  return member.organises || plan.facilitators.includes(email.toLowerCase());
}

export function describe(
  member: Membership,
  entry: ScheduledRoom,
  plan: LivePlan,
  session: LiveSession,
  email: string,
  now: Date,
): Live {
  const planned = plannedStart(plan, entry.opensAt, member.cohort.timezone);
  return {
    member,
    entry,
    plan,
    session,
    steps: stepsOf(plan),
    planned,
    startsAt: session.startedAt ?? session.startsAt ?? planned,
    endsAt: endOf(session, plan, planned),
    phase: phaseOf(session, plan, planned, now),
    facilitator: facilitates(plan, member, email),
  };
}

/** The live hour of a room the member may see; 404 when the room has none. */
export async function liveFor(
  app: FastifyInstance,
  member: Membership,
  roomId: string,
  email: string,
): Promise<Live> {
  const { entry } = openRoom(member, roomId);
  const plan = entry.room.live;
  if (!plan) throw new NotFoundError();
  const session = await ensureSession(app.db, member.cohort.id, roomId);
  const now = app.clock();
  const live = describe(member, entry, plan, session, email, now);
  if (await advance(app, session, plan, live.planned, now)) {
    const fresh = await ensureSession(app.db, member.cohort.id, roomId);
    return describe(member, entry, plan, fresh, email, now);
  }
  return live;
}

/** The host's question as it appears in the stream. */
const questionMessage = (step: Step) => ({ bodyMd: step.text, bodyHtml: renderBody(step.text) });

/**
 * Starts the hour when its time has come, releases the step that is due, and ends it when
 * its time is up. True when something changed. Safe to run in several processes at once.
 */
export async function advance(
  app: FastifyInstance,
  session: LiveSession,
  plan: LivePlan,
  planned: Date,
  now: Date,
): Promise<boolean> {
  const phase = phaseOf(session, plan, planned, now);
  if (phase === 'before' || session.endedAt) return false;
  if (phase === 'over' || now.getTime() >= endOf(session, plan, planned).getTime()) {
    return endSession(app.db, session.id, now);
  }
  const next = dueStep(session, plan, now);
  const step = next === null ? undefined : stepsOf(plan)[next];
  if (next === null || !step) return false;
  return releaseStep(app.db, session, next, questionMessage(step), now);
}

/** The host's hand on the plan: the next step now, or the one after it (skipping one). */
export async function releaseByHand(
  app: FastifyInstance,
  live: Live,
  how: 'next' | 'skip',
): Promise<boolean> {
  const target = live.session.step + (how === 'skip' ? 2 : 1);
  const step = live.steps[target];
  if (!step || live.phase === 'over') return false;
  return releaseStep(app.db, live.session, target, questionMessage(step), app.clock());
}

/** "Start a session now": the hour begins at once with its first step. */
export async function startNow(app: FastifyInstance, live: Live): Promise<boolean> {
  if (live.session.startedAt || live.session.endedAt) return false;
  const step = live.steps[0];
  return releaseStep(app.db, live.session, 0, step ? questionMessage(step) : null, app.clock());
}
