// "You are seen": a learner's first post in the cohort is marked for its organisers, with a
// one-click welcome reply from a short list the organisers may rewrite. Only organisers ever
// get the marks (their thread pages are their own, never the shared rendering).
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cohortWelcomes, comments } from '../../db/schema.ts';
import { length } from '../core/forms.ts';
import { type Locale, type MessageKey, translator } from '../i18n/index.ts';
import type { ThreadComment } from './queries.ts';

/** The comments of a page with their replies, as ids (removed ones have nothing to welcome). */
export const idsOf = (page: ThreadComment[]) =>
  page.flatMap((c) => [c, ...c.replies]).flatMap((c) => (c.deletedAt ? [] : [c.id]));

/** A welcome as it is posted: {name} is the newcomer's name. */
export const personalise = (welcome: string, name: string | null) =>
  welcome.replaceAll('{name}', name ?? '');

export const welcomesMax = 5;
export const welcomeMax = 200;
const defaultKeys: MessageKey[] = ['welcome.default1', 'welcome.default2', 'welcome.default3'];

/** The app's own welcomes, in the course language. */
export const defaultWelcomes = (locale: Locale) => defaultKeys.map((k) => translator(locale).t(k));

/**
 * Which of these comments is its author's first in the cohort (not counting removed ones),
 * written as a learner of the cohort. One query for a page of a thread.
 */
export async function firstPostsAmong(
  db: Db,
  cohortId: number,
  ids: number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: comments.id })
    .from(comments)
    .where(
      and(
        eq(comments.cohortId, cohortId),
        inArray(comments.id, ids),
        isNull(comments.deletedAt),
        sql`exists (select 1 from enrolments e where e.cohort_id = ${comments.cohortId} and e.user_id = ${comments.authorId} and e.role = 'learner')`,
        sql`not exists (select 1 from comments p where p.cohort_id = ${comments.cohortId} and p.author_id = ${comments.authorId} and p.deleted_at is null and (p.created_at, p.id) < (${comments.createdAt}, ${comments.id}))`,
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** The cohort's welcomes: the organisers' own, or the app's in the course language. */
export async function welcomesOf(db: Db, cohortId: number, locale: Locale): Promise<string[]> {
  const [row] = await db
    .select({ welcomes: cohortWelcomes.welcomes })
    .from(cohortWelcomes)
    .where(eq(cohortWelcomes.cohortId, cohortId));
  return row?.welcomes.length ? row.welcomes : defaultWelcomes(locale);
}

/** An empty list puts the app's own back. */
export async function saveWelcomes(
  db: Db,
  cohortId: number,
  welcomes: string[],
  now: Date,
): Promise<void> {
  if (welcomes.length === 0) {
    await db.delete(cohortWelcomes).where(eq(cohortWelcomes.cohortId, cohortId));
    return;
  }
  await db
    .insert(cohortWelcomes)
    .values({ cohortId, welcomes, updatedAt: now })
    .onConflictDoUpdate({ target: cohortWelcomes.cohortId, set: { welcomes, updatedAt: now } });
}

/** The form's text, one welcome a line: the list, or what is wrong with it. */
export function checkWelcomes(typed: string): { welcomes: string[]; error?: MessageKey } {
  const welcomes = typed
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (welcomes.length > welcomesMax) return { welcomes, error: 'welcome.error.tooMany' };
  if (welcomes.some((w) => length(w) > welcomeMax))
    return { welcomes, error: 'welcome.error.tooLong' };
  return { welcomes };
}
