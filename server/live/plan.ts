// The plan of a live hour as steps (icebreaker, questions, closing) and the rules of time:
// when it starts, when a step is over, when the hour ends. Pure, so tests and the tick agree.
import { DateTime } from 'luxon';
import type { LiveSession } from '../../db/schema.ts';
import { closingMinutes } from '../content/live.ts';
import type { LivePlan } from '../content/types.ts';

export type StepKind = 'icebreaker' | 'question' | 'closing';

export interface Step {
  kind: StepKind;
  text: string;
  minutes: number;
  /** Questions count from 1; the icebreaker and the closing have 0. */
  number: number;
}

export function stepsOf(plan: LivePlan): Step[] {
  const steps: Step[] = [];
  if (plan.icebreaker)
    steps.push({
      kind: 'icebreaker',
      text: plan.icebreaker.prompt,
      minutes: plan.icebreaker.minutes,
      number: 0,
    });
  for (const [i, q] of plan.questions.entries())
    steps.push({ kind: 'question', text: q.text, minutes: q.minutes, number: i + 1 });
  if (plan.closing)
    steps.push({ kind: 'closing', text: plan.closing, minutes: closingMinutes, number: 0 });
  return steps;
}

/** live.md's start: `day` days after the room opens, at `time` in the cohort's time zone. */
export function plannedStart(plan: LivePlan, roomOpensAt: Date, timezone: string): Date {
  // Every room page asks, always with the same few answers; the zone arithmetic is not free.
  const key = `${plan.startsDay}|${plan.startsTime}|${roomOpensAt.getTime()}|${timezone}`;
  const known = starts.get(key);
  if (known !== undefined) return new Date(known);
  const [hour, minute] = plan.startsTime.split(':').map(Number) as [number, number];
  const start = DateTime.fromJSDate(roomOpensAt, { zone: timezone })
    .startOf('day')
    .plus({ days: plan.startsDay })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toJSDate();
  if (starts.size >= 1_000) starts.clear();
  starts.set(key, start.getTime());
  return start;
}
const starts = new Map<string, number>();

export const startOf = (session: LiveSession, planned: Date) => session.startsAt ?? planned;

const minute = 60_000;

/** When the hour is over: its length after it began, or later if the host extended a step. */
export function endOf(session: LiveSession, plan: LivePlan, planned: Date): Date {
  const began = session.startedAt ?? startOf(session, planned);
  const byLength = began.getTime() + plan.minutes * minute;
  const step = stepsOf(plan)[session.step];
  const stepEnd =
    step && session.stepStartedAt
      ? session.stepStartedAt.getTime() + (step.minutes + session.stepExtraMinutes) * minute
      : 0;
  return new Date(Math.max(byLength, stepEnd));
}

export type Phase = 'before' | 'running' | 'over';

export function phaseOf(session: LiveSession, plan: LivePlan, planned: Date, now: Date): Phase {
  if (session.endedAt) return 'over';
  if (session.startedAt) return 'running';
  const start = startOf(session, planned);
  if (now.getTime() < start.getTime()) return 'before';
  // Time has come but the tick has not started it yet: it counts as running (the tick or the
  // first page view starts it), unless its hour has already passed.
  return now.getTime() < endOf(session, plan, planned).getTime() ? 'running' : 'over';
}

/** The step that should be current now, moving on from the session's step when its time is up. */
export function dueStep(session: LiveSession, plan: LivePlan, now: Date): number | null {
  const steps = stepsOf(plan);
  if (!steps.length) return null;
  if (session.step < 0) return 0;
  const step = steps[session.step];
  if (!step || !session.stepStartedAt || session.step >= steps.length - 1) return null;
  const over = session.stepStartedAt.getTime() + (step.minutes + session.stepExtraMinutes) * minute;
  return now.getTime() >= over ? session.step + 1 : null;
}
