// The safety net behind "a place opened up" mails. A promotion is committed with the answer
// that freed the place, and its mail is queued just after; a crash in between would leave
// someone going without knowing it. Every minute the scheduler looks for recent promotions
// whose mail is not in the outbox and queues it (the same idempotency key as notifyPromoted,
// so a mail already queued is never queued twice).
import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { meetups, outbox, rsvps } from '../../db/schema.ts';
import { notifyPromoted } from './mail.ts';
import type { Promoted } from './types.ts';

/** Older promotions are left alone (sent mail is pruned from the outbox after 30 days). */
const lookBackMs = 7 * 24 * 3_600_000;

export async function tellUntoldPromotions(app: FastifyInstance, now: Date): Promise<number> {
  const key = sql`'meetup-promoted:' || ${rsvps.meetupId} || ':' || ${rsvps.userId} || ':'
    || round(extract(epoch from ${rsvps.answeredAt}) * 1000)::bigint`;
  const untold: Promoted[] = await app.db
    .select({ meetupId: rsvps.meetupId, userId: rsvps.userId, answeredAt: rsvps.answeredAt })
    .from(rsvps)
    .innerJoin(meetups, eq(meetups.id, rsvps.meetupId))
    .where(
      and(
        eq(rsvps.status, 'going'),
        isNotNull(rsvps.promotedAt),
        gt(rsvps.promotedAt, new Date(now.getTime() - lookBackMs)),
        gt(meetups.endsAt, now),
        sql`NOT EXISTS (SELECT 1 FROM ${outbox} WHERE ${outbox.idempotencyKey} = ${key})`,
      ),
    );
  // notifyPromoted handles one meet-up at a time.
  const byMeetup = new Map<number, Promoted[]>();
  for (const p of untold) byMeetup.set(p.meetupId, [...(byMeetup.get(p.meetupId) ?? []), p]);
  for (const promoted of byMeetup.values()) await notifyPromoted(app, promoted);
  return untold.length;
}
