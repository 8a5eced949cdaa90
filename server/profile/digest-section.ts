// The first two weeks of a cohort, in the digest: people who answered the same profile
// question as the member did (with who's here filtered by it), and replies to the member's
// introduction in an icebreaker. After that the cohort knows each other, and the section stops.
import { and, desc, eq, gt, isNull, lte, ne, sql } from 'drizzle-orm';
import { comments, enrolments, profiles, users } from '../../db/schema.ts';
import { type DigestSection, windowOf } from '../core/digest-sections.ts';
import { digestName, readHouseSettings } from '../core/house-settings.ts';
import { absolute, paths } from '../core/paths.ts';
import { readDirectory } from './directory.ts';
import { listedWhere } from './queries.ts';

const firstDaysMs = 14 * 86_400_000;
const namesShown = 3;

export interface FacesDigest {
  alike: { prompt: string; count: number; names: string[]; href: string }[];
  replies: { count: number; names: string[]; href: string }[];
}

export const facesDigest: DigestSection<FacesDigest> = {
  name: 'faces',
  order: 35,
  view: 'profile/_digest',
  async load(app, request) {
    const { context } = request;
    const start = context.schedule[0]?.opensAt;
    // A period that begins in the first two weeks still tells of them (the digest of the
    // second Monday covers the second week).
    if (!start || request.since.getTime() >= start.getTime() + firstDaysMs) return null;
    const w = windowOf(request);
    const db = app.db;
    const site = app.config.baseUrl;
    const slug = context.cohort.slug;
    // Names as the cohort's house rule on digests says: full, or first names only.
    const { names_in_digests: names } = await readHouseSettings(db, w.cohortId);
    const shown = (name: string) => digestName(name, names) ?? name;
    const directory = await readDirectory(db, w.cohortId);

    const [mine] = await db
      .select({ answers: profiles.answers })
      .from(profiles)
      .where(and(eq(profiles.cohortId, w.cohortId), eq(profiles.userId, w.userId)));
    const alike: FacesDigest['alike'] = [];
    for (const prompt of context.course.profilePrompts) {
      if (!mine?.answers[prompt.id]) continue;
      // Members who answered it in this period, listed in who's here (as the link shows them).
      const rows = await db
        .select({ name: users.name })
        .from(profiles)
        .innerJoin(users, eq(users.id, profiles.userId))
        .innerJoin(
          enrolments,
          and(eq(enrolments.cohortId, profiles.cohortId), eq(enrolments.userId, profiles.userId)),
        )
        .where(
          and(
            eq(profiles.cohortId, w.cohortId),
            ne(profiles.userId, w.userId),
            listedWhere(directory),
            gt(profiles.updatedAt, w.since),
            lte(profiles.updatedAt, w.until),
            sql`coalesce(${profiles.answers} ->> ${prompt.id}, '') <> ''`,
          ),
        )
        .orderBy(users.name, users.id);
      if (rows.length === 0) continue;
      alike.push({
        prompt: prompt.text,
        count: rows.length,
        names: rows.slice(0, namesShown).map((r) => shown(r.name)),
        href: absolute(site, paths.people(slug, { prompt: prompt.id })),
      });
    }

    // Replies to what the member posted in a room's icebreaker, per room.
    const replies = await db
      .select({ roomId: comments.roomId, name: users.name })
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(
        and(
          eq(comments.cohortId, w.cohortId),
          sql`${comments.thread} like 'icebreaker:%'`,
          ne(comments.authorId, w.userId),
          gt(comments.createdAt, w.since),
          lte(comments.createdAt, w.until),
          isNull(comments.deletedAt),
          isNull(comments.hiddenAt),
          sql`exists (select 1 from comments p where p.id = ${comments.parentId} and p.author_id = ${w.userId} and p.deleted_at is null)`,
        ),
      )
      .orderBy(desc(comments.createdAt));
    const byRoom = new Map<string, string[]>();
    for (const r of replies) byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), shown(r.name)]);
    const data: FacesDigest = {
      alike,
      replies: [...byRoom].map(([roomId, names]) => ({
        count: names.length,
        names: [...new Set(names)].slice(0, namesShown),
        href: absolute(site, paths.room(slug, roomId)),
      })),
    };
    return alike.length || data.replies.length ? data : null;
  },
  subject(data, tr) {
    const replies = data.replies.reduce((n, r) => n + r.count, 0);
    const people = data.alike.reduce((n, a) => n + a.count, 0);
    return [
      { rank: 35, n: replies, key: 'digest.subject.introReplies' },
      { rank: 85, n: people, key: 'digest.subject.alike' },
    ]
      .filter((p) => p.n > 0)
      .map((p) => ({ rank: p.rank, text: tr.tn(p.key, p.n) }));
  },
};
