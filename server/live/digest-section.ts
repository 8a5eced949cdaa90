// The live hour in the digest: an hour coming in the next week (a reminder), and a story
// published in the period, which carries the hour to everyone who was not there.
import { and, eq, gt, lte } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { liveSessions } from '../../db/schema.ts';
import { type DigestRequest, type DigestSection, sharedInRun } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { plannedStart } from './plan.ts';

export interface DigestLive {
  coming: { title: string; startsAt: Date; timezone: string; href: string }[];
  stories: { title: string; href: string }[];
}

const week = 7 * 86_400_000;

// The same for every member: the cohort's live hours.
async function loadLive(
  app: FastifyInstance,
  { context, since, until }: DigestRequest,
): Promise<DigestLive | null> {
  const { cohort } = context;
  const rows = await app.db.select().from(liveSessions).where(eq(liveSessions.cohortId, cohort.id));
  const byRoom = new Map(rows.map((r) => [r.roomId, r]));
  const coming: DigestLive['coming'] = [];
  for (const entry of context.schedule) {
    const plan = entry.room.live;
    if (!plan) continue;
    const row = byRoom.get(entry.room.id);
    const at = row?.startsAt ?? plannedStart(plan, entry.opensAt, cohort.timezone);
    if (row?.startedAt || at <= until || at.getTime() > until.getTime() + week) continue;
    coming.push({
      title: plan.title,
      startsAt: at,
      timezone: cohort.timezone,
      href: absolute(app.config.baseUrl, paths.live(cohort.slug, entry.room.id)),
    });
  }
  const published = await app.db
    .select({ roomId: liveSessions.roomId })
    .from(liveSessions)
    .where(
      and(
        eq(liveSessions.cohortId, cohort.id),
        gt(liveSessions.storyPublishedAt, since),
        lte(liveSessions.storyPublishedAt, until),
      ),
    );
  const stories = published.flatMap((p) => {
    const room = context.course.rooms.find((r) => r.id === p.roomId);
    return room?.live
      ? [
          {
            title: room.live.title,
            href: absolute(app.config.baseUrl, paths.live(cohort.slug, room.id, 'story')),
          },
        ]
      : [];
  });
  return coming.length || stories.length ? { coming, stories } : null;
}

export const liveDigest: DigestSection<DigestLive> = {
  name: 'live',
  order: 55,
  view: 'live/_digest',
  load: (app, request) => sharedInRun(request, 'live', () => loadLive(app, request)),
  subject: (_d, tr) => [{ rank: 75, text: tr.t('live.digest.subject') }],
};
