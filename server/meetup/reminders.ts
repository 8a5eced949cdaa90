// The reminder two days before, called every minute by the scheduler. When nothing is due it
// costs one query on the small meetups table (one row per cohort). When a meet-up is due, each
// member who is going gets one mail, keyed on the start time: a second run or process sends
// nothing twice, and a meet-up moved to another day reminds again.
import { and, eq, gt, isNotNull, isNull, lte } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { meetups } from '../../db/schema.ts';
import { placeOf, queueReminder } from './mail.ts';
import { listGoing } from './queries.ts';

export const reminderLeadMs = 48 * 3_600_000;

/** Queues the reminders that are due at `now`; returns how many were queued. */
export async function sendDueReminders(app: FastifyInstance, now: Date): Promise<number> {
  const due = await app.db
    .select()
    .from(meetups)
    .where(
      and(
        isNull(meetups.remindedAt),
        isNotNull(meetups.invitedAt),
        gt(meetups.startsAt, now),
        lte(meetups.startsAt, new Date(now.getTime() + reminderLeadMs)),
      ),
    );
  let queued = 0;
  for (const meetup of due) {
    const place = await placeOf(app, meetup);
    if (!place) continue;
    for (const user of await listGoing(app.db, meetup)) {
      if (await queueReminder(app, meetup, place, user)) queued++;
    }
    // Only if the start did not move meanwhile (an edit clears remindedAt for the new date).
    await app.db
      .update(meetups)
      .set({ remindedAt: now })
      .where(and(eq(meetups.id, meetup.id), eq(meetups.startsAt, meetup.startsAt)));
  }
  if (queued) app.mailer.nudge();
  return queued;
}
