// What profiles keep about a person: one per cohort. Exported with the cohort's address;
// deleting the account removes them (rows cascade with the user).
import { eq } from 'drizzle-orm';
import { cohorts, profiles } from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';

export function registerProfileData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'profiles',
    export: (db, user) =>
      db
        .select({
          cohort: cohorts.slug,
          intro: profiles.intro,
          answers: profiles.answers,
          languages: profiles.languages,
          timeBand: profiles.timeBand,
          link1: profiles.link1,
          link2: profiles.link2,
          listed: profiles.listed,
          createdAt: profiles.createdAt,
          updatedAt: profiles.updatedAt,
        })
        .from(profiles)
        .innerJoin(cohorts, eq(cohorts.id, profiles.cohortId))
        .where(eq(profiles.userId, user.id))
        .orderBy(cohorts.slug),
    async erase(db, user) {
      await db.delete(profiles).where(eq(profiles.userId, user.id));
    },
  });
}
