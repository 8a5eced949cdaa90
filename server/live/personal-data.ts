// What a live hour keeps about a person, for "export my data" and "delete my account": their
// messages, the questions they sent in beforehand and their votes on others', and the quotes
// of theirs a story asked about, and the hours they said they would come to. Deleting the account takes their words out of every story
// first (the quote blocks that link to their messages), then the messages themselves; replies
// to them stay, no longer pointing anywhere.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import {
  cohorts,
  liveAttendance,
  liveMessages,
  liveQuestions,
  liveQuestionVotes,
  liveSessions,
  liveStoryQuotes,
} from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';
import { quotedIds, saveStory, withoutWithdrawn } from './story.ts';

export function registerLiveData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'liveMessages',
    export: (db, user) =>
      db
        .select({
          cohort: cohorts.slug,
          roomId: liveSessions.roomId,
          text: liveMessages.bodyMd,
          createdAt: liveMessages.createdAt,
        })
        .from(liveMessages)
        .innerJoin(liveSessions, eq(liveSessions.id, liveMessages.sessionId))
        .innerJoin(cohorts, eq(cohorts.id, liveSessions.cohortId))
        .where(eq(liveMessages.authorId, user.id))
        .orderBy(liveMessages.id),
    async erase(db, user) {
      const mine = await db
        .select({ id: liveMessages.id, sessionId: liveMessages.sessionId })
        .from(liveMessages)
        .where(eq(liveMessages.authorId, user.id));
      if (!mine.length) return;
      const ids = new Set(mine.map((m) => m.id));
      const sessionIds = [...new Set(mine.map((m) => m.sessionId))];
      const stories = await db
        .select({ id: liveSessions.id, md: liveSessions.storyMd })
        .from(liveSessions)
        .where(and(inArray(liveSessions.id, sessionIds), isNotNull(liveSessions.storyMd)));
      for (const story of stories) {
        const md = story.md ?? '';
        if (quotedIds(md).some((id) => ids.has(id)))
          await saveStory(db, story.id, withoutWithdrawn(md, ids));
      }
      await db.delete(liveMessages).where(eq(liveMessages.authorId, user.id));
    },
  });
  registry.register({
    name: 'liveQuestions',
    export: (db, user) =>
      db
        .select({ text: liveQuestions.body, votes: liveQuestions.voteCount })
        .from(liveQuestions)
        .where(eq(liveQuestions.authorId, user.id)),
    async erase(db, user) {
      // Their votes leave the counts they were in, then their own questions go.
      await db.execute(sql`UPDATE live_questions SET vote_count = greatest(vote_count - 1, 0)
        WHERE id IN (SELECT question_id FROM live_question_votes WHERE user_id = ${user.id})`);
      await db.delete(liveQuestionVotes).where(eq(liveQuestionVotes.userId, user.id));
      await db.delete(liveQuestions).where(eq(liveQuestions.authorId, user.id));
    },
  });
  registry.register({
    name: 'liveQuotes',
    export: (db, user) =>
      db
        .select({
          messageId: liveStoryQuotes.messageId,
          toldAt: liveStoryQuotes.toldAt,
          withdrawnAt: liveStoryQuotes.withdrawnAt,
        })
        .from(liveStoryQuotes)
        .where(eq(liveStoryQuotes.userId, user.id)),
  });
  registry.register({
    name: 'liveAttendance',
    export: (db, user) =>
      db
        .select({
          cohort: cohorts.slug,
          roomId: liveSessions.roomId,
          saidAt: liveAttendance.createdAt,
          remindedAt: liveAttendance.remindedAt,
        })
        .from(liveAttendance)
        .innerJoin(liveSessions, eq(liveSessions.id, liveAttendance.sessionId))
        .innerJoin(cohorts, eq(cohorts.id, liveSessions.cohortId))
        .where(eq(liveAttendance.userId, user.id)),
    async erase(db, user) {
      await db.delete(liveAttendance).where(eq(liveAttendance.userId, user.id));
    },
  });
}
