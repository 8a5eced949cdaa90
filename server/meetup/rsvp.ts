// Answering the meet-up, with its waitlist. Every change runs in one transaction that first
// locks the meet-up row (FOR UPDATE), so two answers for the last place are taken one after
// the other: the second sees the first and goes on the waitlist. A place that frees up (a
// "no" from someone going, or more places) goes to the oldest waitlisted answer at once.
import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Meetup, meetups, rsvps } from '../../db/schema.ts';
import type { Promoted, RsvpStatus } from './types.ts';

export type Answer = 'yes' | 'no';

export const isAnswer = (v: unknown): v is Answer => v === 'yes' || v === 'no';

/**
 * Moves the oldest waitlisted answers to going while there is room. Call inside the
 * transaction that holds the meet-up's row lock.
 */
export async function fillPlaces(
  tx: Db,
  meetup: Pick<Meetup, 'id' | 'capacity'>,
  now: Date,
): Promise<Promoted[]> {
  let room: number | undefined;
  if (meetup.capacity !== null) {
    const [row] = await tx
      .select({ n: count() })
      .from(rsvps)
      .where(and(eq(rsvps.meetupId, meetup.id), eq(rsvps.status, 'going')));
    room = meetup.capacity - Number(row?.n ?? 0);
    if (room <= 0) return [];
  }
  const waiting = tx
    .select({ userId: rsvps.userId, answeredAt: rsvps.answeredAt })
    .from(rsvps)
    .where(and(eq(rsvps.meetupId, meetup.id), eq(rsvps.status, 'waitlisted')))
    .orderBy(asc(rsvps.answeredAt), asc(rsvps.userId));
  const next = room === undefined ? await waiting : await waiting.limit(room);
  const promoted: Promoted[] = [];
  for (const w of next) {
    await tx
      .update(rsvps)
      .set({ status: 'going', promotedAt: now })
      .where(and(eq(rsvps.meetupId, meetup.id), eq(rsvps.userId, w.userId)));
    promoted.push({ meetupId: meetup.id, userId: w.userId, answeredAt: w.answeredAt });
  }
  return promoted;
}

export interface AnswerResult {
  status: RsvpStatus;
  /** False when the answer was already this one (a second click, a reloaded page). */
  changed: boolean;
  promoted: Promoted[];
}

/** Records a member's yes or no; idempotent; a "no" from someone going promotes the next. */
export async function answerMeetup(
  db: Db,
  input: { meetupId: number; userId: number; answer: Answer; now: Date },
): Promise<AnswerResult> {
  const { meetupId, userId, answer, now } = input;
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const [meetup] = await tx
      .select({ id: meetups.id, capacity: meetups.capacity })
      .from(meetups)
      .where(eq(meetups.id, meetupId))
      .for('update');
    if (!meetup) throw new Error(`no meet-up ${meetupId}`);
    const [previous] = await tx
      .select({ status: rsvps.status })
      .from(rsvps)
      .where(and(eq(rsvps.meetupId, meetupId), eq(rsvps.userId, userId)));
    const was = previous?.status as RsvpStatus | undefined;

    if (answer === 'yes' && (was === 'going' || was === 'waitlisted')) {
      return { status: was, changed: false, promoted: [] };
    }
    if (answer === 'no' && was === 'declined') {
      return { status: was, changed: false, promoted: [] };
    }

    let status: RsvpStatus = 'declined';
    if (answer === 'yes') {
      status = 'going';
      if (meetup.capacity !== null) {
        const [row] = await tx
          .select({ n: count() })
          .from(rsvps)
          .where(and(eq(rsvps.meetupId, meetupId), eq(rsvps.status, 'going')));
        if (Number(row?.n ?? 0) >= meetup.capacity) status = 'waitlisted';
      }
    }
    await tx
      .insert(rsvps)
      .values({ meetupId, userId, status, answeredAt: now, promotedAt: null })
      .onConflictDoUpdate({
        target: [rsvps.meetupId, rsvps.userId],
        set: { status, answeredAt: now, promotedAt: null },
      });
    const promoted = was === 'going' ? await fillPlaces(txDb, meetup, now) : [];
    return { status, changed: true, promoted };
  });
}
