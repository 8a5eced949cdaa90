// The live hour's rows. Every write that readers must see takes the session's lock, writes,
// and NOTIFYs in the same transaction: PostgreSQL delivers the notice only once the rows are
// committed, and the lock makes ids commit in the order they were given out, so a reader
// that has seen id n has seen everything before it.
import { and, asc, count, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  comments,
  type LiveSession,
  liveFlags,
  liveHighlights,
  liveMessages,
  liveQuestions,
  liveQuestionVotes,
  liveSessions,
  users,
} from '../../db/schema.ts';
import { formatThreadKey, storyThread } from '../core/thread-key.ts';
import { changingSessions } from './session-epoch.ts';

/** The one channel every process listens on. */
export const liveChannel = 'salon_live';

export type LiveEvent = 'm' | 'h' | 'l' | 's' | 'e';

/** Payload: "<session> <event> <id>", well under NOTIFY's 8,000 bytes. */
export const notice = (sessionId: number, event: LiveEvent, id: number) =>
  `${sessionId} ${event} ${id}`;

export async function notify(tx: Db, payload: string): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${liveChannel}, ${payload})`);
}

async function lockSession(tx: Db, sessionId: number): Promise<void> {
  // Two-key form: the first key keeps these locks apart from any other advisory lock.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(7301, ${sessionId})`);
}

export async function findSession(
  db: Db,
  cohortId: number,
  roomId: string,
): Promise<LiveSession | null> {
  const [row] = await db
    .select()
    .from(liveSessions)
    .where(and(eq(liveSessions.cohortId, cohortId), eq(liveSessions.roomId, roomId)));
  return row ?? null;
}

/** Comments under a room's published story (its own thread), as a room's exhibit card counts them. */
export async function countStoryComments(db: Db, cohortId: number, roomId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(comments)
    .where(
      and(
        eq(comments.cohortId, cohortId),
        eq(comments.thread, formatThreadKey(storyThread(roomId))),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
      ),
    );
  return row?.n ?? 0;
}

/** The cohort's row for a room's live.md, made the first time anything needs it. */
export async function ensureSession(
  db: Db,
  cohortId: number,
  roomId: string,
): Promise<LiveSession> {
  const found = await findSession(db, cohortId, roomId);
  if (found) return found;
  await changingSessions(() =>
    db.insert(liveSessions).values({ cohortId, roomId }).onConflictDoNothing(),
  );
  const made = await findSession(db, cohortId, roomId);
  if (!made) throw new Error('live session vanished');
  return made;
}

export async function sessionById(db: Db, id: number): Promise<LiveSession | null> {
  const [row] = await db.select().from(liveSessions).where(eq(liveSessions.id, id));
  return row ?? null;
}

export interface NewMessage {
  sessionId: number;
  authorId: number | null;
  kind: 'message' | 'question' | 'welcome';
  step: number;
  replyTo: number | null;
  bodyMd: string;
  bodyHtml: string;
  now: Date;
}

export async function insertMessage(db: Db, m: NewMessage): Promise<number> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await lockSession(tx, m.sessionId);
    const [row] = await tx
      .insert(liveMessages)
      .values({
        sessionId: m.sessionId,
        authorId: m.authorId,
        kind: m.kind,
        step: m.step,
        replyTo: m.replyTo,
        bodyMd: m.bodyMd,
        bodyHtml: m.bodyHtml,
        createdAt: m.now,
      })
      .returning({ id: liveMessages.id });
    if (!row) throw new Error('insert returned nothing');
    await notify(tx, notice(m.sessionId, 'm', row.id));
    return row.id;
  });
}

export interface MessageRow {
  id: number;
  sessionId: number;
  authorId: number | null;
  authorName: string | null;
  kind: string;
  step: number;
  replyTo: number | null;
  bodyHtml: string;
  hidden: boolean;
  highlighted: boolean;
  /** The author's first message in this session: a facilitator may welcome them. */
  firstVoice: boolean;
  createdAt: Date;
}

const messageColumns = {
  id: liveMessages.id,
  sessionId: liveMessages.sessionId,
  authorId: liveMessages.authorId,
  authorName: users.name,
  kind: liveMessages.kind,
  step: liveMessages.step,
  replyTo: liveMessages.replyTo,
  bodyHtml: liveMessages.bodyHtml,
  hidden: sql<boolean>`${liveMessages.hiddenAt} IS NOT NULL`,
  highlighted: sql<boolean>`${liveHighlights.messageId} IS NOT NULL`,
  firstVoice: sql<boolean>`(${liveMessages.kind} = 'message' AND ${liveMessages.authorId} IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM live_messages e WHERE e.session_id = ${liveMessages.sessionId}
      AND e.author_id = ${liveMessages.authorId} AND e.kind = 'message' AND e.id < ${liveMessages.id}))`,
  createdAt: liveMessages.createdAt,
};

function selectMessages(db: Db) {
  return db
    .select(messageColumns)
    .from(liveMessages)
    .leftJoin(users, eq(users.id, liveMessages.authorId))
    .leftJoin(liveHighlights, eq(liveHighlights.messageId, liveMessages.id));
}

/** The latest `limit` messages (before an id, for "earlier"), oldest first. */
export async function latestMessages(
  db: Db,
  sessionId: number,
  options: { before?: number | null; limit: number; withHidden: boolean },
): Promise<MessageRow[]> {
  const rows = await selectMessages(db)
    .where(
      and(
        eq(liveMessages.sessionId, sessionId),
        options.before ? lt(liveMessages.id, options.before) : undefined,
        options.withHidden ? undefined : isNull(liveMessages.hiddenAt),
      ),
    )
    .orderBy(desc(liveMessages.id))
    .limit(options.limit);
  return rows.reverse();
}

/** Everything after the id a reader last saw, oldest first (hidden ones too: readers drop them). */
export async function messagesAfter(
  db: Db,
  sessionId: number,
  afterId: number,
  limit: number,
): Promise<MessageRow[]> {
  return selectMessages(db)
    .where(and(eq(liveMessages.sessionId, sessionId), gt(liveMessages.id, afterId)))
    .orderBy(asc(liveMessages.id))
    .limit(limit);
}

export async function messageById(db: Db, id: number): Promise<MessageRow | null> {
  const [row] = await selectMessages(db).where(eq(liveMessages.id, id));
  return row ?? null;
}

export async function highlights(db: Db, sessionId: number): Promise<MessageRow[]> {
  return selectMessages(db)
    .where(
      and(
        eq(liveMessages.sessionId, sessionId),
        sql`${liveHighlights.messageId} IS NOT NULL`,
        isNull(liveMessages.hiddenAt),
      ),
    )
    .orderBy(asc(liveHighlights.createdAt));
}

/** The author's latest message in the session, for slow mode. */
export async function lastMessageAt(
  db: Db,
  sessionId: number,
  authorId: number,
): Promise<Date | null> {
  const [row] = await db
    .select({ at: liveMessages.createdAt })
    .from(liveMessages)
    .where(and(eq(liveMessages.sessionId, sessionId), eq(liveMessages.authorId, authorId)))
    .orderBy(desc(liveMessages.id))
    .limit(1);
  return row?.at ?? null;
}

export async function highlight(
  db: Db,
  m: { sessionId: number; messageId: number; byId: number | null },
): Promise<void> {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const added = await tx
      .insert(liveHighlights)
      .values({ messageId: m.messageId, sessionId: m.sessionId, byId: m.byId })
      .onConflictDoNothing()
      .returning({ id: liveHighlights.messageId });
    if (added.length) await notify(tx, notice(m.sessionId, 'l', m.messageId));
  });
}

export async function hide(db: Db, m: { sessionId: number; messageId: number; now: Date }) {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const changed = await tx
      .update(liveMessages)
      .set({ hiddenAt: m.now })
      .where(and(eq(liveMessages.id, m.messageId), isNull(liveMessages.hiddenAt)))
      .returning({ id: liveMessages.id });
    if (changed.length) await notify(tx, notice(m.sessionId, 'h', m.messageId));
  });
}

export async function flag(db: Db, messageId: number, userId: number): Promise<void> {
  await db.insert(liveFlags).values({ messageId, userId }).onConflictDoNothing();
}

export async function countFlags(db: Db, sessionId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: liveFlags.messageId, n: sql<number>`count(*)::int` })
    .from(liveFlags)
    .innerJoin(liveMessages, eq(liveMessages.id, liveFlags.messageId))
    .where(eq(liveMessages.sessionId, sessionId))
    .groupBy(liveFlags.messageId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Moves the session to a step and posts the host's question, in one transaction. */
export async function releaseStep(
  db: Db,
  session: LiveSession,
  step: number,
  message: { bodyMd: string; bodyHtml: string } | null,
  now: Date,
): Promise<boolean> {
  return changingSessions(() =>
    db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await lockSession(tx, session.id);
      // Only from the step the caller saw: a second process (or a double click) does nothing.
      const moved = await tx
        .update(liveSessions)
        .set({
          step,
          stepStartedAt: now,
          stepExtraMinutes: 0,
          startedAt: session.startedAt ?? now,
        })
        .where(
          and(
            eq(liveSessions.id, session.id),
            eq(liveSessions.step, session.step),
            isNull(liveSessions.endedAt),
          ),
        )
        .returning({ id: liveSessions.id });
      if (!moved.length) return false;
      if (message) {
        const [row] = await tx
          .insert(liveMessages)
          .values({
            sessionId: session.id,
            authorId: null,
            kind: 'question',
            step,
            replyTo: null,
            bodyMd: message.bodyMd,
            bodyHtml: message.bodyHtml,
            createdAt: now,
          })
          .returning({ id: liveMessages.id });
        if (row) await notify(tx, notice(session.id, 'm', row.id));
      }
      await notify(tx, notice(session.id, 's', step));
      return true;
    }),
  );
}

export async function updateSession(
  db: Db,
  sessionId: number,
  values: Partial<Pick<LiveSession, 'startsAt' | 'slowSeconds' | 'stepExtraMinutes'>>,
): Promise<void> {
  await changingSessions(() =>
    db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await tx.update(liveSessions).set(values).where(eq(liveSessions.id, sessionId));
      await notify(tx, notice(sessionId, 's', -1));
    }),
  );
}

export async function endSession(db: Db, sessionId: number, now: Date): Promise<boolean> {
  return changingSessions(() =>
    db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const ended = await tx
        .update(liveSessions)
        .set({ endedAt: now })
        .where(and(eq(liveSessions.id, sessionId), isNull(liveSessions.endedAt)))
        .returning({ id: liveSessions.id });
      if (ended.length) await notify(tx, notice(sessionId, 'e', 0));
      return ended.length > 0;
    }),
  );
}

/** Sessions whose hour may need the tick: not ended yet. */
export async function openSessions(db: Db): Promise<LiveSession[]> {
  return db.select().from(liveSessions).where(isNull(liveSessions.endedAt));
}

export async function submitQuestion(
  db: Db,
  q: { sessionId: number; authorId: number; body: string; now: Date },
): Promise<void> {
  await db.insert(liveQuestions).values({ ...q, createdAt: q.now });
}

export interface QuestionRow {
  id: number;
  body: string;
  authorName: string | null;
  votes: number;
  mine: boolean;
  voted: boolean;
}

export async function listQuestions(
  db: Db,
  sessionId: number,
  userId: number,
): Promise<QuestionRow[]> {
  return db
    .select({
      id: liveQuestions.id,
      body: liveQuestions.body,
      authorName: users.name,
      votes: liveQuestions.voteCount,
      mine: sql<boolean>`${liveQuestions.authorId} = ${userId}`,
      voted: sql<boolean>`EXISTS (SELECT 1 FROM live_question_votes v WHERE v.question_id = ${liveQuestions.id} AND v.user_id = ${userId})`,
    })
    .from(liveQuestions)
    .leftJoin(users, eq(users.id, liveQuestions.authorId))
    .where(eq(liveQuestions.sessionId, sessionId))
    .orderBy(desc(liveQuestions.voteCount), asc(liveQuestions.id));
}

/** One vote per member per question; voting again takes it back. */
export async function toggleVote(
  db: Db,
  sessionId: number,
  questionId: number,
  userId: number,
): Promise<boolean> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [q] = await tx
      .select({ id: liveQuestions.id })
      .from(liveQuestions)
      .where(and(eq(liveQuestions.id, questionId), eq(liveQuestions.sessionId, sessionId)));
    if (!q) return false;
    const added = await tx
      .insert(liveQuestionVotes)
      .values({ questionId, userId })
      .onConflictDoNothing()
      .returning({ id: liveQuestionVotes.questionId });
    if (!added.length)
      await tx
        .delete(liveQuestionVotes)
        .where(
          and(eq(liveQuestionVotes.questionId, questionId), eq(liveQuestionVotes.userId, userId)),
        );
    await tx
      .update(liveQuestions)
      .set({ voteCount: sql`${liveQuestions.voteCount} + ${added.length ? 1 : -1}` })
      .where(eq(liveQuestions.id, questionId));
    return true;
  });
}
