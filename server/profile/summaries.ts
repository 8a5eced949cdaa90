// What the icebreaker (and any page that shows who wrote what) says about an author: their
// intro and photo, and a link to their page. Someone who left themselves out of who's here
// keeps their photo beside their words, but no intro or link.
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { profilePhotos, profiles } from '../../db/schema.ts';
import { paths } from '../core/paths.ts';
import type { PersonSummary } from '../core/people.ts';
import { isListed, readDirectory } from './directory.ts';

export async function summariesOf(
  app: FastifyInstance,
  cohort: { id: number; slug: string },
  userIds: number[],
): Promise<Map<number, PersonSummary>> {
  const rows = await app.db
    .select({
      userId: profiles.userId,
      intro: profiles.intro,
      listed: profiles.listed,
      savedAt: profiles.updatedAt,
      photo: profilePhotos.hash,
    })
    .from(profiles)
    .leftJoin(
      profilePhotos,
      and(eq(profilePhotos.cohortId, profiles.cohortId), eq(profilePhotos.userId, profiles.userId)),
    )
    .where(and(eq(profiles.cohortId, cohort.id), inArray(profiles.userId, userIds)));
  const directory = await readDirectory(app.db, cohort.id);
  return new Map(
    rows.map((r) => {
      const listed = isListed(r.listed, r.savedAt, directory);
      return [
        r.userId,
        {
          intro: listed ? r.intro : '',
          photo: r.photo ? paths.photo(cohort.slug, r.photo, 's') : null,
          href: listed ? paths.person(cohort.slug, r.userId) : null,
        },
      ];
    }),
  );
}
