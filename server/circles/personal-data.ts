// What circles keep about a person: their opt-in answers and the circles they were in (the
// posts themselves are comments, exported and erased with the conversation's). Deleting the
// account removes both (rows cascade with the user).
import { asc, eq } from 'drizzle-orm';
import { circleMembers, circleSignups, circles, cohorts } from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';

export function registerCircleData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'circles',
    async export(db, user) {
      const signups = await db
        .select({
          cohort: cohorts.slug,
          language: circleSignups.language,
          timeBand: circleSignups.timeBand,
          commitment: circleSignups.commitment,
          createdAt: circleSignups.createdAt,
        })
        .from(circleSignups)
        .innerJoin(cohorts, eq(cohorts.id, circleSignups.cohortId))
        .where(eq(circleSignups.userId, user.id));
      const places = await db
        .select({
          cohort: cohorts.slug,
          circle: circles.number,
          thread: circles.id,
          joinedAt: circleMembers.joinedAt,
          leftAt: circleMembers.leftAt,
          offerChoice: circleMembers.offerChoice,
        })
        .from(circleMembers)
        .innerJoin(circles, eq(circles.id, circleMembers.circleId))
        .innerJoin(cohorts, eq(cohorts.id, circleMembers.cohortId))
        .where(eq(circleMembers.userId, user.id))
        .orderBy(asc(circleMembers.joinedAt));
      return {
        signups,
        places: places.map((p) => ({ ...p, thread: `circle:${p.thread}` })),
      };
    },
    async erase(db, user) {
      await db.delete(circleMembers).where(eq(circleMembers.userId, user.id));
      await db.delete(circleSignups).where(eq(circleSignups.userId, user.id));
    },
  });
}
