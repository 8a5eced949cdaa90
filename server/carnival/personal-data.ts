// What the carnival keeps about a person: their posts (the talk under them is comments,
// exported and erased with the conversation's). Deleting the account removes the posts.
import { asc, eq } from 'drizzle-orm';
import { carnivalEntries, cohorts } from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';

export function registerCarnivalData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'carnivalPosts',
    async export(db, user) {
      const rows = await db
        .select({
          cohort: cohorts.slug,
          room: carnivalEntries.roomId,
          id: carnivalEntries.id,
          url: carnivalEntries.url,
          title: carnivalEntries.title,
          note: carnivalEntries.note,
          tag: carnivalEntries.tag,
          createdAt: carnivalEntries.createdAt,
        })
        .from(carnivalEntries)
        .innerJoin(cohorts, eq(cohorts.id, carnivalEntries.cohortId))
        .where(eq(carnivalEntries.authorId, user.id))
        .orderBy(asc(carnivalEntries.createdAt));
      return rows.map((r) => ({ ...r, thread: `carnival:${r.id}` }));
    },
    async erase(db, user) {
      await db.delete(carnivalEntries).where(eq(carnivalEntries.authorId, user.id));
    },
  });
}
