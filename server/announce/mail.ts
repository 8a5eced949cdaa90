// An urgent announcement goes out at once: one mail per current member, in their language,
// queued in the outbox under `announcement:<id>:<user>` (pressing twice or a retry after a
// crash queues nothing new) with the one-click unsubscribe headers. Members are read in
// batches by id, so a large cohort is never loaded at once.
//
// Like the meet-up invitation, it goes to every member whatever their digest setting: the
// organiser marked it urgent. The unsubscribe link still turns their digests off.
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type Announcement, announcements, type Cohort, cohorts, users } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import { loadCohortContext } from '../core/context.ts';
import { mailMembers } from '../core/member-mail.ts';
import { cohortTitle } from '../core/model.ts';
import { absolute, paths } from '../core/paths.ts';
import { unsubscribeUrl } from '../core/unsubscribe-links.ts';
import { isLocale } from '../i18n/index.ts';
import { markMailed } from './queries.ts';

export const announcementKey = (announcementId: number, userId: number) =>
  `announcement:${announcementId}:${userId}`;

export interface MailOptions {
  authorName: string;
  batchSize?: number;
}

/** Queues the mail for every current member and marks it mailed; returns how many were queued. */
export async function mailAnnouncement(
  app: FastifyInstance,
  announcement: Announcement,
  place: { cohort: Cohort; course: Course },
  options: MailOptions,
): Promise<{ queued: number; members: number }> {
  const { cohort, course } = place;
  const cohortUrl = absolute(app.config.baseUrl, paths.cohort(cohort.slug));
  const { queued, members } = await mailMembers(app, {
    cohortId: cohort.id,
    batchSize: options.batchSize,
    compose: (user) => ({
      key: announcementKey(announcement.id, user.id),
      kind: 'announcement',
      ...app.renderMail(
        'announcement',
        isLocale(user.locale) ? user.locale : course.language,
        { key: 'announce.mail.subject', params: { title: announcement.title } },
        {
          name: user.name,
          course: cohortTitle(cohort, course),
          authorName: options.authorName,
          announcement,
          cohortUrl,
          settingsUrl: absolute(app.config.baseUrl, paths.settings()),
          unsubscribeUrl: unsubscribeUrl(app, user.id),
        },
      ),
    }),
  });
  await markMailed(app.db, announcement.id, app.clock());
  return { queued, members };
}

/** An urgent announcement younger than this is still being sent by the request that made it. */
const fanOutGraceMs = 2 * 60_000;
/** Older than this, it is no longer urgent: members who joined since never get it by mail. */
const fanOutLimitMs = 24 * 3_600_000;

/**
 * The minute tick's safety net: an urgent announcement whose fan-out stopped half-way (the
 * process died during the request) is finished. Members who already have their mail get
 * nothing new (the keys), the others get theirs, and then it is marked mailed.
 */
export async function finishUrgentAnnouncements(app: FastifyInstance, now: Date): Promise<number> {
  const unfinished = await app.db
    .select({ announcement: announcements, slug: cohorts.slug, authorName: users.name })
    .from(announcements)
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(
      and(
        eq(announcements.urgent, true),
        isNull(announcements.mailedAt),
        lt(announcements.createdAt, new Date(now.getTime() - fanOutGraceMs)),
        gt(announcements.createdAt, new Date(now.getTime() - fanOutLimitMs)),
      ),
    );
  let queued = 0;
  for (const { announcement, slug, authorName } of unfinished) {
    try {
      const place = await loadCohortContext(app, slug);
      if (!place) continue; // its course is gone from the content: nothing to link to
      const result = await mailAnnouncement(app, announcement, place, {
        authorName: authorName ?? '',
      });
      queued += result.queued;
    } catch (err) {
      app.log.error(
        { err, announcementId: announcement.id },
        'finishing an urgent announcement failed',
      );
    }
  }
  return queued;
}
