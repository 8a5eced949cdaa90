// What the meet-up keeps about a person: their answers. Exported with the meet-up they were
// for. Deleting the account removes them (rows cascade with the user); a place they held is
// first given up, so the next on the waitlist is promoted (and told) rather than left waiting.
import { and, eq, gt } from 'drizzle-orm';
import { meetups, rsvps } from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';
import { answerMeetup } from './rsvp.ts';
import type { Promoted } from './types.ts';

export function registerMeetupData(
  registry: PersonalDataRegistry,
  options: { clock: () => Date; notify: (promoted: Promoted[]) => Promise<void> },
) {
  registry.register({
    name: 'meetupAnswers',
    export: (db, user) =>
      db
        .select({
          meetup: meetups.title,
          startsAt: meetups.startsAt,
          endsAt: meetups.endsAt,
          place: meetups.place,
          status: rsvps.status,
          answeredAt: rsvps.answeredAt,
          promotedAt: rsvps.promotedAt,
        })
        .from(rsvps)
        .innerJoin(meetups, eq(meetups.id, rsvps.meetupId))
        .where(eq(rsvps.userId, user.id))
        .orderBy(rsvps.answeredAt),
    async erase(db, user) {
      // Places at meet-ups still to come; past ones free nothing.
      const going = await db
        .select({ meetupId: rsvps.meetupId })
        .from(rsvps)
        .innerJoin(meetups, eq(meetups.id, rsvps.meetupId))
        .where(
          and(
            eq(rsvps.userId, user.id),
            eq(rsvps.status, 'going'),
            gt(meetups.endsAt, options.clock()),
          ),
        );
      for (const { meetupId } of going) {
        const { promoted } = await answerMeetup(db, {
          meetupId,
          userId: user.id,
          answer: 'no',
          now: options.clock(),
        });
        await options.notify(promoted);
      }
    },
  });
}
