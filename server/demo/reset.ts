// Puts the embedded demo back as it was on a first start: the demo cohorts (with everything
// in them) and the demo learners are deleted, then seeded again. Other cohorts and people
// (a newcomer who enrolled, the demo admin's account) are kept.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cohorts } from '../../db/schema.ts';
import type { Catalogue } from '../content/types.ts';
import { deleteUser, findUserByEmail } from '../core/accounts.ts';
import { demoCircleEmails } from './circles.ts';
import { demoEmails } from './data.ts';
import { demoPollEmails } from './poll-data.ts';
import { demoSlug, seedDemo } from './seed.ts';

/** Returns the slugs of the demo cohorts created again. */
export async function resetDemo(db: Db, catalogue: Catalogue, now: Date): Promise<string[]> {
  await db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const slugs = [...catalogue.courses.values()].map(demoSlug);
    // Comments, walls, submissions, the meet-up… go with the cohort (the count triggers
    // record nothing for a cohort that is going).
    if (slugs.length) await txDb.delete(cohorts).where(inArray(cohorts.slug, slugs));
    for (const email of [...demoEmails, ...demoCircleEmails, ...demoPollEmails]) {
      const user = await findUserByEmail(txDb, email);
      if (user) await deleteUser(txDb, user.id);
    }
  });
  return seedDemo(db, catalogue, now);
}
