// What peer feedback keeps about a person, for "export my data" and "delete my account".
// An export never names the other side: the author's copy of a review has no reviewer,
// the reviewer's copy has no author or submission (anonymity holds in exports too).
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { reviews, submissions } from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../settings/personal-data.ts';

export function registerFeedbackData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'submissions',
    async export(db, user) {
      const own = await db
        .select()
        .from(submissions)
        .where(eq(submissions.authorId, user.id))
        .orderBy(submissions.createdAt);
      const out = [];
      for (const s of own) {
        const received = await db
          .select({
            answers: reviews.answers,
            completedAt: reviews.completedAt,
            helpfulness: reviews.helpfulness,
            thanks: reviews.thanks,
          })
          .from(reviews)
          .where(and(eq(reviews.submissionId, s.id), isNotNull(reviews.completedAt)))
          .orderBy(reviews.completedAt);
        out.push({
          roomId: s.roomId,
          text: s.bodyMd,
          url: s.url,
          late: s.late,
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
          reviewsReceived: received,
        });
      }
      return out;
    },
    // Their submissions go, and with them (cascade) the reviews others wrote on them.
    async erase(db, user) {
      await db.delete(submissions).where(eq(submissions.authorId, user.id));
    },
  });
  registry.register({
    name: 'reviewsGiven',
    export: (db, user) =>
      db
        .select({
          roomId: reviews.roomId,
          answers: reviews.answers,
          completedAt: reviews.completedAt,
          helpfulness: reviews.helpfulness,
          thanks: reviews.thanks,
        })
        .from(reviews)
        .where(and(eq(reviews.reviewerId, user.id), isNotNull(reviews.completedAt)))
        .orderBy(reviews.completedAt),
    // The reviews they wrote go too; the authors' counters follow.
    async erase(db, user) {
      await db.execute(sql`UPDATE submissions s SET reviews_done = greatest(s.reviews_done - 1, 0)
        FROM reviews r WHERE r.submission_id = s.id AND r.reviewer_id = ${user.id}
          AND r.completed_at IS NOT NULL`);
      await db.delete(reviews).where(eq(reviews.reviewerId, user.id));
    },
  });
}
