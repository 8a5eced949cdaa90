// The live hour on pages other features own: the room page and the cohort home.
import type { FastifyInstance } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import type { ScheduledRoom } from '../core/model.ts';
import { paths } from '../core/paths.ts';
import type { CohortHomeView, PlaceView } from '../core/plugin.ts';
import { type Locale, translator } from '../i18n/index.ts';
import { phaseOf, plannedStart } from './plan.ts';
import { countStoryComments } from './queries.ts';
import { recentSession } from './session-cache.ts';

export interface LivePanel {
  room: string;
  title: string;
  href: string;
  calendar: string;
  when: string;
  startsAt: Date;
  phase: 'before' | 'running' | 'over';
  /** The published story, once there is one, and how many comments it has drawn. */
  story: { href: string; comments: number } | null;
}

async function panelFor(
  app: FastifyInstance,
  cohort: Cohort,
  entry: ScheduledRoom,
  locale: Locale,
): Promise<LivePanel | null> {
  const plan = entry.room.live;
  if (!plan) return null;
  const planned = plannedStart(plan, entry.opensAt, cohort.timezone);
  const session = await recentSession(app, cohort.id, entry.room.id);
  const now = app.clock();
  const startsAt = session?.startedAt ?? session?.startsAt ?? planned;
  const phase = session
    ? phaseOf(session, plan, planned, now)
    : now < planned
      ? 'before'
      : now.getTime() < planned.getTime() + plan.minutes * 60_000
        ? 'running'
        : 'over';
  return {
    room: entry.room.id,
    title: plan.title,
    href: paths.live(cohort.slug, entry.room.id),
    calendar: paths.liveCalendar(cohort.slug, entry.room.id),
    when: translator(locale).dateTime(startsAt, cohort.timezone),
    startsAt,
    phase,
    story: session?.storyPublishedAt
      ? {
          href: paths.live(cohort.slug, entry.room.id, 'story'),
          comments: await countStoryComments(app.db, cohort.id, entry.room.id),
        }
      : null,
  };
}

export async function roomPanel({ app, request, member, room }: PlaceView) {
  const entry = member.schedule.find((s) => s.room.id === room.id);
  if (!entry) return null;
  return panelFor(app, member.cohort, entry, request.localeFor(member.course.language));
}

/** On the cohort home, for members: the hour that is on now, else the next one. */
export async function cohortPanel({ app, context, role, locale }: CohortHomeView) {
  if (!role) return null;
  const visible = context.schedule.filter((s) => s.room.live && (s.open || role !== 'learner'));
  const panels = (
    await Promise.all(visible.map((e) => panelFor(app, context.cohort, e, locale)))
  ).filter((p): p is LivePanel => p !== null);
  return (
    panels.find((p) => p.phase === 'running') ?? panels.find((p) => p.phase === 'before') ?? null
  );
}
