// The announcements table: write, list, delete, and what the cohort home, the digest and the
// urgent mail read. Every query is scoped to one cohort and uses (cohort_id, created_at).
import { and, asc, desc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Announcement, announcements, users } from '../../db/schema.ts';

export interface NewAnnouncement {
  cohortId: number;
  authorId: number | null;
  title: string;
  bodyMd: string;
  bodyHtml: string;
  urgent: boolean;
  now: Date;
}

export async function createAnnouncement(db: Db, input: NewAnnouncement): Promise<Announcement> {
  const [row] = await db
    .insert(announcements)
    .values({
      cohortId: input.cohortId,
      authorId: input.authorId,
      title: input.title,
      bodyMd: input.bodyMd,
      bodyHtml: input.bodyHtml,
      urgent: input.urgent,
      createdAt: input.now,
    })
    .returning();
  if (!row) throw new Error('announcement not inserted');
  return row;
}

export type AnnouncementItem = Pick<
  Announcement,
  'id' | 'title' | 'bodyHtml' | 'urgent' | 'mailedAt' | 'createdAt'
> & { authorName: string | null };

const itemColumns = {
  id: announcements.id,
  title: announcements.title,
  bodyHtml: announcements.bodyHtml,
  urgent: announcements.urgent,
  mailedAt: announcements.mailedAt,
  createdAt: announcements.createdAt,
  authorName: users.name,
};

/** The cohort's announcements, newest first (the organiser's list, and the cohort home). */
export async function listAnnouncements(
  db: Db,
  cohortId: number,
  limit: number,
): Promise<AnnouncementItem[]> {
  return db
    .select(itemColumns)
    .from(announcements)
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(eq(announcements.cohortId, cohortId))
    .orderBy(desc(announcements.createdAt), desc(announcements.id))
    .limit(limit);
}

export async function findAnnouncement(
  db: Db,
  cohortId: number,
  id: number,
): Promise<Announcement | null> {
  const rows = await db
    .select()
    .from(announcements)
    .where(and(eq(announcements.id, id), eq(announcements.cohortId, cohortId)))
    .limit(1);
  return rows[0] ?? null;
}

/** A new title and text; whether it was urgent (and mailed) stays. False when not found. */
export async function updateAnnouncement(
  db: Db,
  cohortId: number,
  id: number,
  values: { title: string; bodyMd: string; bodyHtml: string },
): Promise<boolean> {
  const rows = await db
    .update(announcements)
    .set(values)
    .where(and(eq(announcements.id, id), eq(announcements.cohortId, cohortId)))
    .returning({ id: announcements.id });
  return rows.length > 0;
}

/** True when it was there (and is gone now). */
export async function deleteAnnouncement(db: Db, cohortId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(announcements)
    .where(and(eq(announcements.id, id), eq(announcements.cohortId, cohortId)))
    .returning({ id: announcements.id });
  return rows.length > 0;
}

export async function markMailed(db: Db, id: number, now: Date): Promise<void> {
  await db.update(announcements).set({ mailedAt: now }).where(eq(announcements.id, id));
}

/**
 * Announcements made in (since, until] that were not mailed on their own already, oldest
 * first: an urgent one reached every member by mail at once, so the digest does not repeat it.
 */
export async function listDigestAnnouncements(
  db: Db,
  window: { cohortId: number; since: Date; until: Date },
): Promise<Pick<Announcement, 'id' | 'title' | 'bodyMd' | 'bodyHtml' | 'createdAt'>[]> {
  return db
    .select({
      id: announcements.id,
      title: announcements.title,
      bodyMd: announcements.bodyMd,
      bodyHtml: announcements.bodyHtml,
      createdAt: announcements.createdAt,
    })
    .from(announcements)
    .where(
      and(
        eq(announcements.cohortId, window.cohortId),
        gt(announcements.createdAt, window.since),
        lte(announcements.createdAt, window.until),
        isNull(announcements.mailedAt),
      ),
    )
    .orderBy(asc(announcements.createdAt), asc(announcements.id));
}
