// The reminder two days before, called every minute by the scheduler. Outside the last two
// days before a meet-up it costs one query on the small meetups table (one row per cohort);
// inside, one more for answers since the reminders went out. When a meet-up is due, each
// member who is going gets one mail, keyed on the start time: a second run or process sends
// nothing twice, and a meet-up moved to another day reminds again.
import { and, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { meetups } from '../../db/schema.ts';
import { sendReminders } from './mail.ts';

export const reminderLeadMs = 48 * 3_600_000;

/**
 * Queues the reminders that are due at `now`; returns how many were queued. Inside the last
 * 48 hours a "yes" (or a place from the waitlist) that comes after the reminders went out
 * gets its reminder on the next tick.
 */
export async function sendDueReminders(app: FastifyInstance, now: Date): Promise<number> {
  const due = await app.db
    .select()
    .from(meetups)
    .where(
      and(
        isNotNull(meetups.invitedAt),
        gt(meetups.startsAt, now),
        lte(meetups.startsAt, new Date(now.getTime() + reminderLeadMs)),
      ),
    );
  let queued = 0;
  for (const meetup of due) {
    queued += await sendReminders(app, meetup, meetup.remindedAt);
    if (meetup.remindedAt) continue;
    // Only if the start did not move meanwhile (an edit clears remindedAt for the new date).
    await app.db
      .update(meetups)
      .set({ remindedAt: now })
      .where(and(eq(meetups.id, meetup.id), eq(meetups.startsAt, meetup.startsAt)));
  }
  return queued;
}
