// The story afterwards: Salon drafts it (per step, in order: the highlighted answers, then the
// most-answered messages; the closing question's answers as take-aways; a link to the
// transcript), facilitators edit and publish it. People quoted are told and may withdraw a
// quote: the cohort's quotes_outside rule says whether they are asked before publishing
// ('ask-first', a 24-hour window) or told when it is published (and may withdraw after).
// A quote is one Markdown block that links to its message (#m-<id>), so withdrawing drops
// that block from the story as shown.
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  liveHighlights,
  liveMessages,
  liveSessions,
  liveStoryQuotes,
  users,
} from '../../db/schema.ts';
import { readHouseSettings } from '../core/house-settings.ts';
import { renderBody } from '../core/render.ts';
import type { Locale } from '../i18n/index.ts';
import { translator } from '../i18n/index.ts';
import { stepName } from './labels.ts';
import type { Live } from './session.ts';
import { changingSessions } from './session-epoch.ts';

export const withdrawHours = 24;
const hour = 3_600_000;

/** Plain text of a message, on one line, for a quote. */
const oneLine = (md: string) => md.replace(/\s+/g, ' ').trim();

export async function draftStory(db: Db, live: Live, locale: Locale, transcript: string) {
  const tr = translator(locale);
  const rows = await db
    .select({
      id: liveMessages.id,
      step: liveMessages.step,
      kind: liveMessages.kind,
      bodyMd: liveMessages.bodyMd,
      name: users.name,
      highlighted: sql<boolean>`${liveHighlights.messageId} IS NOT NULL`,
      replies: sql<number>`(SELECT count(*)::int FROM live_messages r WHERE r.reply_to = ${liveMessages.id} AND r.hidden_at IS NULL)`,
    })
    .from(liveMessages)
    .leftJoin(users, eq(users.id, liveMessages.authorId))
    .leftJoin(liveHighlights, eq(liveHighlights.messageId, liveMessages.id))
    .where(
      and(
        eq(liveMessages.sessionId, live.session.id),
        isNull(liveMessages.hiddenAt),
        eq(liveMessages.kind, 'message'),
      ),
    )
    .orderBy(liveMessages.id);
  const quote = (m: (typeof rows)[number]) =>
    `> ${oneLine(m.bodyMd)} — ${m.name ?? '?'} ([#${m.id}](${transcript}#m-${m.id}))`;
  const parts: string[] = [];
  live.steps.forEach((step, i) => {
    const here = rows.filter((m) => m.step === i);
    const lifted = here.filter((m) => m.highlighted);
    const answered = here
      .filter((m) => !m.highlighted && m.replies > 0)
      .sort((a, b) => b.replies - a.replies)
      .slice(0, 2);
    const chosen = step.kind === 'closing' ? here.slice(0, 5) : [...lifted, ...answered];
    const title = step.kind === 'closing' ? tr.t('live.story.takeaways') : stepName(locale, step);
    parts.push(`**${title}: ${step.text}**`);
    for (const m of chosen) parts.push(quote(m));
  });
  parts.push(`[${tr.t('live.story.transcript')}](${transcript})`);
  return parts.join('\n\n');
}

/** Ids of the messages the story quotes. */
export const quotedIds = (md: string) => [
  ...new Set([...md.matchAll(/#m-(\d+)\)/g)].map((m) => Number(m[1]))),
];

/** The story without the blocks whose quote was withdrawn. */
export function withoutWithdrawn(md: string, withdrawn: Set<number>): string {
  if (!withdrawn.size) return md;
  return md
    .split(/\n\s*\n/)
    .filter((block) => !quotedIds(block).some((id) => withdrawn.has(id)))
    .join('\n\n');
}

export async function saveStory(db: Db, sessionId: number, md: string) {
  await changingSessions(() =>
    db
      .update(liveSessions)
      .set({ storyMd: md, storyHtml: renderBody(md) })
      .where(eq(liveSessions.id, sessionId)),
  );
}

/** Tells everyone the story quotes (once per quote), starting their window to withdraw. */
export async function tellQuoted(db: Db, live: Live, md: string, now: Date): Promise<number> {
  const ids = quotedIds(md);
  if (!ids.length) return 0;
  const authors = await db
    .select({ id: liveMessages.id, userId: liveMessages.authorId })
    .from(liveMessages)
    .where(and(eq(liveMessages.sessionId, live.session.id), inArray(liveMessages.id, ids)));
  const values = authors
    .filter((a) => a.userId !== null)
    .map((a) => ({ messageId: a.id, sessionId: live.session.id, userId: a.userId, toldAt: now }));
  if (!values.length) return 0;
  const told = await db
    .insert(liveStoryQuotes)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: liveStoryQuotes.messageId });
  return told.length;
}

export async function withdrawnIds(db: Db, sessionId: number): Promise<Set<number>> {
  const rows = await db
    .select({ id: liveStoryQuotes.messageId })
    .from(liveStoryQuotes)
    .where(and(eq(liveStoryQuotes.sessionId, sessionId), isNotNull(liveStoryQuotes.withdrawnAt)));
  return new Set(rows.map((r) => r.id));
}

/** This member's quotes in the story that they may still withdraw. */
export async function myQuotes(db: Db, sessionId: number, userId: number, now: Date) {
  return db
    .select({ id: liveStoryQuotes.messageId, toldAt: liveStoryQuotes.toldAt })
    .from(liveStoryQuotes)
    .where(
      and(
        eq(liveStoryQuotes.sessionId, sessionId),
        eq(liveStoryQuotes.userId, userId),
        isNull(liveStoryQuotes.withdrawnAt),
        sql`${liveStoryQuotes.toldAt} > ${new Date(now.getTime() - withdrawHours * hour).toISOString()}::timestamptz`,
      ),
    )
    .orderBy(desc(liveStoryQuotes.toldAt));
}

export async function withdraw(
  db: Db,
  sessionId: number,
  messageId: number,
  userId: number,
  now: Date,
) {
  const rows = await db
    .update(liveStoryQuotes)
    .set({ withdrawnAt: now })
    .where(
      and(
        eq(liveStoryQuotes.sessionId, sessionId),
        eq(liveStoryQuotes.messageId, messageId),
        eq(liveStoryQuotes.userId, userId),
        isNull(liveStoryQuotes.withdrawnAt),
      ),
    )
    .returning({ id: liveStoryQuotes.messageId });
  return rows.length > 0;
}

export type PublishResult = 'published' | 'asked' | 'waiting' | 'nothing';

/**
 * Publishing: under 'ask-first' the first press tells the people quoted and the story waits
 * out their 24 hours; otherwise it goes out at once and they are told (and may withdraw).
 */
export async function publish(db: Db, live: Live, now: Date): Promise<PublishResult> {
  const s = live.session;
  if (!s.storyMd || s.storyPublishedAt) return 'nothing';
  const rules = await readHouseSettings(db, live.member.cohort.id);
  if (rules.quotes_outside === 'ask-first') {
    if (!s.storyAskedAt) {
      await tellQuoted(db, live, s.storyMd, now);
      await changingSessions(() =>
        db.update(liveSessions).set({ storyAskedAt: now }).where(eq(liveSessions.id, s.id)),
      );
      return 'asked';
    }
    if (now.getTime() < s.storyAskedAt.getTime() + withdrawHours * hour) return 'waiting';
  } else await tellQuoted(db, live, s.storyMd, now);
  await changingSessions(() =>
    db
      .update(liveSessions)
      .set({ storyPublishedAt: now, storyAskedAt: s.storyAskedAt ?? now })
      .where(eq(liveSessions.id, s.id)),
  );
  return 'published';
}

export const windowEnd = (at: Date) => new Date(at.getTime() + withdrawHours * hour);
