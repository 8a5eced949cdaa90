// What the carnival keeps about a person: their posts (the talk under them is comments,
// exported and erased with the conversation's). Deleting the account removes the posts, and
// their lines from any round-up that lists them.
import { and, asc, eq } from 'drizzle-orm';
import { carnivalEntries, carnivalRoundups, cohorts } from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';
import { renderBody } from '../core/render.ts';
import { withoutPosts } from './draft.ts';

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
      const posts = await db
        .select({
          cohortId: carnivalEntries.cohortId,
          roomId: carnivalEntries.roomId,
          url: carnivalEntries.url,
        })
        .from(carnivalEntries)
        .where(eq(carnivalEntries.authorId, user.id));
      const carnivals = new Map<string, { cohortId: number; roomId: string; urls: string[] }>();
      for (const p of posts) {
        const key = `${p.cohortId}:${p.roomId}`;
        const c = carnivals.get(key) ?? { cohortId: p.cohortId, roomId: p.roomId, urls: [] };
        c.urls.push(p.url);
        carnivals.set(key, c);
      }
      for (const c of carnivals.values()) {
        const where = and(
          eq(carnivalRoundups.cohortId, c.cohortId),
          eq(carnivalRoundups.roomId, c.roomId),
        );
        const [roundup] = await db
          .select({ md: carnivalRoundups.bodyMd })
          .from(carnivalRoundups)
          .where(where);
        if (!roundup) continue;
        const md = withoutPosts(roundup.md, c.urls);
        if (md !== roundup.md)
          await db
            .update(carnivalRoundups)
            .set({ bodyMd: md, bodyHtml: renderBody(md) })
            .where(where);
      }
      await db.delete(carnivalEntries).where(eq(carnivalEntries.authorId, user.id));
    },
  });
}
