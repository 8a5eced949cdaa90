// An urgent announcement goes out at once: one mail per current member, in their language,
// queued in the outbox under `announcement:<id>:<user>` (pressing twice or a retry after a
// crash queues nothing new) with the one-click unsubscribe headers. Members are read in
// batches by id, so a large cohort is never loaded at once.
//
// Like the meet-up invitation, it goes to every member whatever their digest setting: the
// organiser marked it urgent. The unsubscribe link still turns their digests off.
import type { FastifyInstance } from 'fastify';
import type { Announcement, Cohort } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import { unsubscribeHeaders, unsubscribeUrl } from '../digest/unsubscribe.ts';
import { isLocale } from '../i18n/index.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { markMailed, type Recipient, recipientBatch } from './queries.ts';

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
  const batchSize = options.batchSize ?? 200;
  const cohortUrl = `${app.config.baseUrl}/c/${cohort.slug}`;
  let queued = 0;
  let members = 0;

  const one = async (user: Recipient) => {
    const locale = isLocale(user.locale) ? user.locale : course.language;
    const mail = app.renderMail(
      'announcement',
      locale,
      { key: 'announce.mail.subject', params: { title: announcement.title } },
      {
        name: user.name,
        course: course.title,
        authorName: options.authorName,
        announcement,
        cohortUrl,
        settingsUrl: `${app.config.baseUrl}/settings`,
        unsubscribeUrl: unsubscribeUrl(app, user.id),
      },
    );
    const fresh = await enqueueMail(
      app.db,
      {
        key: announcementKey(announcement.id, user.id),
        kind: 'announcement',
        userId: user.id,
        to: { address: user.email, name: user.name },
        ...mail,
        headers: unsubscribeHeaders(app, user.id),
      },
      app.clock(),
    );
    if (fresh) queued++;
  };

  let after = 0;
  for (;;) {
    const batch = await recipientBatch(app.db, cohort.id, after, batchSize);
    if (batch.length === 0) break;
    for (const user of batch) await one(user);
    members += batch.length;
    after = batch[batch.length - 1]?.id ?? after;
    // The worker may start on the first batch while later ones are queued.
    app.mailer.nudge();
  }
  await markMailed(app.db, announcement.id, app.clock());
  app.mailer.nudge();
  return { queued, members };
}
