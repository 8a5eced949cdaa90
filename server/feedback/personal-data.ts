// What peer feedback keeps about a person, for "export my data" and "delete my account".
// An export never names the other side: the author's copy of a review has no reviewer,
// the reviewer's copy has no author or submission (anonymity holds in exports too).
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { reviews, submissions } from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';

export function registerFeedbackData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'submissions',
    // One query: each submission with the reviews it received (a left join keeps work that
    // has none yet), grouped here.
    async export(db, user) {
      const rows = await db
        .select({
          submission: submissions,
          review: {
            answers: reviews.answers,
            completedAt: reviews.completedAt,
            helpfulness: reviews.helpfulness,
            thanks: reviews.thanks,
          },
        })
        .from(submissions)
        .leftJoin(
          reviews,
          and(eq(reviews.submissionId, submissions.id), isNotNull(reviews.completedAt)),
        )
        .where(eq(submissions.authorId, user.id))
        .orderBy(submissions.createdAt, submissions.id, reviews.completedAt);
      const out = new Map<number, Record<string, unknown> & { reviewsReceived: unknown[] }>();
      for (const { submission: s, review } of rows) {
        let entry = out.get(s.id);
        if (!entry) {
          entry = {
            roomId: s.roomId,
            text: s.bodyMd,
            url: s.url,
            late: s.late,
            createdAt: s.createdAt,
            updatedAt: s.updatedAt,
            reviewsReceived: [],
          };
          out.set(s.id, entry);
        }
        if (review) entry.reviewsReceived.push(review);
      }
      return [...out.values()];
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
