// What the conversation keeps about a person, for "export my data" and "delete my account"
// (docs/decisions/005): their comments, contributions, likes, flags and visits.
import { and, eq, gt, sql } from 'drizzle-orm';
import {
  commentPhotos,
  comments,
  contributionFlags,
  contributionLikes,
  contributions,
  flags,
  likes,
  visits,
} from '../../db/schema.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';

export function registerConversationData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'comments',
    export: (db, user) =>
      db
        .select({
          thread: comments.thread,
          text: comments.bodyMd,
          createdAt: comments.createdAt,
          editedAt: comments.editedAt,
          removed: sql<boolean>`${comments.deletedAt} IS NOT NULL`,
          photo: comments.photo,
        })
        .from(comments)
        .where(eq(comments.authorId, user.id))
        .orderBy(comments.createdAt),
    async erase(db, user) {
      // Text and photos go; a comment others replied to stays as a "removed" placeholder, and
      // the threads they replied in count one reply fewer.
      await db.execute(sql`DELETE FROM comment_photos
        WHERE comment_id IN (SELECT id FROM comments WHERE author_id = ${user.id})`);
      await db.execute(sql`UPDATE comments p SET reply_count = greatest(p.reply_count - 1, 0)
        FROM comments r WHERE r.parent_id = p.id AND r.author_id = ${user.id} AND r.deleted_at IS NULL`);
      await db
        .update(comments)
        .set({
          bodyMd: '',
          bodyHtml: '',
          photo: null,
          deletedAt: sql`coalesce(${comments.deletedAt}, now())`,
        })
        .where(and(eq(comments.authorId, user.id), gt(comments.replyCount, 0)));
      await db
        .delete(comments)
        .where(and(eq(comments.authorId, user.id), eq(comments.replyCount, 0)));
    },
  });
  registry.register({
    name: 'commentPhotos',
    // The photo as stored and shown (re-encoded, without the camera's metadata).
    export: (db, user) =>
      db
        .select({
          thread: comments.thread,
          alt: sql<string>`${comments.photo}->>'alt'`,
          image: commentPhotos.image,
          createdAt: commentPhotos.createdAt,
        })
        .from(commentPhotos)
        .innerJoin(comments, eq(comments.id, commentPhotos.commentId))
        .where(eq(comments.authorId, user.id)),
  });
  registry.register({
    name: 'contributions',
    export: (db, user) =>
      db
        .select({
          roomId: contributions.roomId,
          title: contributions.title,
          url: contributions.url,
          note: contributions.noteMd,
          createdAt: contributions.createdAt,
        })
        .from(contributions)
        .where(eq(contributions.authorId, user.id)),
    async erase(db, user) {
      await db.delete(contributions).where(eq(contributions.authorId, user.id));
    },
  });
  registry.register({
    name: 'likes',
    export: (db, user) =>
      db
        .select({ commentId: likes.commentId, createdAt: likes.createdAt })
        .from(likes)
        .where(eq(likes.userId, user.id)),
    async erase(db, user) {
      // Keep the counters true for everyone else.
      await db.execute(sql`UPDATE comments SET like_count = like_count - 1
        WHERE id IN (SELECT comment_id FROM likes WHERE user_id = ${user.id})`);
      await db.delete(likes).where(eq(likes.userId, user.id));
    },
  });
  registry.register({
    name: 'reports',
    export: (db, user) =>
      db
        .select({ commentId: flags.commentId, reason: flags.reason, createdAt: flags.createdAt })
        .from(flags)
        .where(eq(flags.userId, user.id)),
  });
  registry.register({
    name: 'wallLikes',
    export: (db, user) =>
      db
        .select({
          contributionId: contributionLikes.contributionId,
          createdAt: contributionLikes.createdAt,
        })
        .from(contributionLikes)
        .where(eq(contributionLikes.userId, user.id)),
    // Counted from the rows, so no counter needs setting right.
    async erase(db, user) {
      await db.delete(contributionLikes).where(eq(contributionLikes.userId, user.id));
    },
  });
  registry.register({
    name: 'wallReports',
    // As with comments: the report stays in the queue, no longer tied to the person.
    export: (db, user) =>
      db
        .select({
          contributionId: contributionFlags.contributionId,
          reason: contributionFlags.reason,
          createdAt: contributionFlags.createdAt,
        })
        .from(contributionFlags)
        .where(eq(contributionFlags.userId, user.id)),
  });
  registry.register({
    name: 'visits',
    export: (db, user) =>
      db
        .select({ roomId: visits.roomId, exhibitId: visits.exhibitId, lastAt: visits.lastAt })
        .from(visits)
        .where(eq(visits.userId, user.id)),
  });
}
