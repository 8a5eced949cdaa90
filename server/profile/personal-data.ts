// What profiles keep about a person: one per cohort. Exported with the cohort's address;
// deleting the account removes them (rows cascade with the user). The photo goes with its
// profile, and is exported as the image itself (a data URL), not just its address.
import { eq } from 'drizzle-orm';
import { cohorts, profilePhotos, profiles } from '../../db/schema.ts';
import { peopleChanged } from '../core/people.ts';
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
      peopleChanged();
    },
  });
  registry.register({
    name: 'profilePhotos',
    export: async (db, user) => {
      const rows = await db
        .select({
          cohort: cohorts.slug,
          hash: profilePhotos.hash,
          large: profilePhotos.large,
          createdAt: profilePhotos.createdAt,
        })
        .from(profilePhotos)
        .innerJoin(cohorts, eq(cohorts.id, profilePhotos.cohortId))
        .where(eq(profilePhotos.userId, user.id))
        .orderBy(cohorts.slug);
      return rows.map(({ large, ...r }) => ({
        ...r,
        bytes: large.length,
        image: `data:image/webp;base64,${Buffer.from(large).toString('base64')}`,
      }));
    },
    async erase(db, user) {
      await db.delete(profilePhotos).where(eq(profilePhotos.userId, user.id));
      peopleChanged();
    },
  });
}
