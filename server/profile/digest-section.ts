// The first two weeks of a cohort, in the digest: people who answered the same profile
// question as the member did (with who's here filtered by it), and replies to the member's
// introduction in an icebreaker. After that the cohort knows each other, and the section stops.
import { and, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FastifyInstance } from 'fastify';
import { comments, enrolments, profiles, users } from '../../db/schema.ts';
import {
  type DigestRequest,
  type DigestSection,
  perMemberInRun,
  sharedInRun,
  windowOf,
} from '../core/digest-sections.ts';
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

interface Named {
  userId: number | null;
  name: string;
}

/**
 * The cohort's side of everyone's section, loaded once per run: per profile question, who
 * answered it in the period (listed in who's here, as the link shows them, by name); and the
 * icebreaker replies of the period by the author of the post they answer, newest first.
 */
async function loadCohortFaces(app: FastifyInstance, request: DigestRequest) {
  const w = windowOf(request);
  const db = app.db;
  // Names as the cohort's house rule on digests says: full, or first names only.
  const { names_in_digests: names } = await readHouseSettings(db, w.cohortId);
  const directory = await readDirectory(db, w.cohortId);
  const alike = new Map<string, Named[]>();
  for (const prompt of request.context.course.profilePrompts) {
    const rows = await db
      .select({ userId: profiles.userId, name: users.name })
      .from(profiles)
      .innerJoin(users, eq(users.id, profiles.userId))
      .innerJoin(
        enrolments,
        and(eq(enrolments.cohortId, profiles.cohortId), eq(enrolments.userId, profiles.userId)),
      )
      .where(
        and(
          eq(profiles.cohortId, w.cohortId),
          listedWhere(directory),
          gt(profiles.updatedAt, w.since),
          lte(profiles.updatedAt, w.until),
          sql`coalesce(${profiles.answers} ->> ${prompt.id}, '') <> ''`,
        ),
      )
      .orderBy(users.name, users.id);
    alike.set(prompt.id, rows);
  }
  const parent = alias(comments, 'parent');
  const replies = await db
    .select({
      to: parent.authorId,
      roomId: comments.roomId,
      userId: comments.authorId,
      name: users.name,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .innerJoin(parent, and(eq(parent.id, comments.parentId), isNull(parent.deletedAt)))
    .where(
      and(
        eq(comments.cohortId, w.cohortId),
        sql`${comments.thread} like 'icebreaker:%'`,
        gt(comments.createdAt, w.since),
        lte(comments.createdAt, w.until),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
      ),
    )
    .orderBy(desc(comments.createdAt));
  const repliesTo = new Map<number, (Named & { roomId: string })[]>();
  for (const r of replies) {
    if (r.to === null) continue;
    const list = repliesTo.get(r.to) ?? [];
    list.push(r);
    repliesTo.set(r.to, list);
  }
  return { names, alike, repliesTo };
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
    const site = app.config.baseUrl;
    const slug = context.cohort.slug;
    const [cohort, mine] = await Promise.all([
      sharedInRun(request, 'faces', () => loadCohortFaces(app, request)),
      perMemberInRun(request, 'faces:answers', async (userIds) => {
        const rows = await app.db
          .select({ userId: profiles.userId, answers: profiles.answers })
          .from(profiles)
          .where(and(eq(profiles.cohortId, w.cohortId), inArray(profiles.userId, [...userIds])));
        return new Map(rows.map((r) => [r.userId, r]));
      }),
    ]);
    const shown = (name: string) => digestName(name, cohort.names) ?? name;
    const others = <T extends Named>(rows: T[]) => rows.filter((r) => r.userId !== w.userId);

    const alike: FacesDigest['alike'] = [];
    for (const prompt of context.course.profilePrompts) {
      if (!mine?.answers[prompt.id]) continue;
      const rows = others(cohort.alike.get(prompt.id) ?? []);
      if (rows.length === 0) continue;
      alike.push({
        prompt: prompt.text,
        count: rows.length,
        names: rows.slice(0, namesShown).map((r) => shown(r.name)),
        href: absolute(site, paths.people(slug, { prompt: prompt.id })),
      });
    }

    // Replies to what the member posted in a room's icebreaker, per room.
    const byRoom = new Map<string, string[]>();
    for (const r of others(cohort.repliesTo.get(w.userId) ?? []))
      byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), shown(r.name)]);
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
