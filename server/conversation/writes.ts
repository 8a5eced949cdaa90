// Every change members and organisers make to the conversation, as the routes make it: the
// write itself (queries.ts, wall.ts, visits.ts) and then, at once, the reads in memory that it
// made wrong (cache.ts). Routes call these and never the cache; code that writes past the app
// (the demo seeder, scripts) uses the database functions directly.
import type { FastifyInstance } from 'fastify';
import type { Comment, Contribution } from '../../db/schema.ts';
import { formatThreadKey, wallThread } from '../core/thread-key.ts';
import { attachPhoto, type PhotoToPost } from './photos.ts';
import {
  createComment,
  editComment,
  flagComment,
  moderate,
  removeComment,
  setLike,
  setSpotlight,
} from './queries.ts';
import { recordVisit } from './visits.ts';
import { moderateContribution, removeContribution, setContributionFlag } from './wall.ts';

type Decision = 'hide' | 'restore' | 'dismiss';
type Place = Pick<Comment, 'cohortId' | 'thread' | 'roomId'>;

const threadChanged = (app: FastifyInstance, c: Place) =>
  app.conversationCache.threadChanged(c.cohortId, c.thread, c.roomId);

/** A find's own thread, `wall:<id>`, in its room. */
const findThread = (item: Contribution): Place => ({
  cohortId: item.cohortId,
  thread: formatThreadKey(wallThread(item.id)),
  roomId: item.roomId,
});

/**
 * A comment or reply, with its photo if it has one (a retry of the same form returns the first
 * one: see createComment).
 */
export async function postComment(
  app: FastifyInstance,
  input: Parameters<typeof createComment>[1],
  photo: PhotoToPost | null = null,
): Promise<Comment> {
  const comment = await createComment(app.db, input);
  if (photo) await attachPhoto(app.db, comment, photo);
  threadChanged(app, input);
  return comment;
}

export async function editOwnComment(
  app: FastifyInstance,
  comment: Comment,
  body: { bodyMd: string; bodyHtml: string },
): Promise<void> {
  await editComment(app.db, comment.id, body, app.clock());
  threadChanged(app, comment);
}

export async function removeOwnComment(app: FastifyInstance, comment: Comment): Promise<void> {
  await removeComment(app.db, comment, app.clock());
  threadChanged(app, comment);
}

/** The like count is on the shared page; whether it is this member's like is theirs alone. */
export async function likeComment(
  app: FastifyInstance,
  comment: Comment,
  userId: number,
  like: boolean,
): Promise<void> {
  await setLike(app.db, comment.id, userId, like);
  app.conversationCache.likesChanged(comment.cohortId, comment.thread, userId);
  threadChanged(app, comment);
}

/** Reports show on the reporter's own page only ("Reported"); the shared page stays. */
export async function reportComment(
  app: FastifyInstance,
  comment: Comment,
  userId: number,
  reason: string,
  ruleId: string | null = null,
): Promise<void> {
  await flagComment(app.db, {
    cohortId: comment.cohortId,
    commentId: comment.id,
    userId,
    reason,
    ruleId,
  });
  app.conversationCache.reportsChanged(comment.cohortId, comment.thread, userId);
}

export async function spotlightComment(
  app: FastifyInstance,
  comment: Comment,
  on: boolean,
): Promise<void> {
  await setSpotlight(app.db, comment.id, on, app.clock());
  threadChanged(app, comment);
}

/** An organiser's decision on a reported comment (hide, restore, or dismiss the reports). */
export async function decideOnComment(
  app: FastifyInstance,
  comment: Comment,
  action: Decision,
): Promise<void> {
  await moderate(app.db, comment.id, action, app.clock());
  threadChanged(app, comment);
}

/** The author takes a find down, and its thread with it. */
export async function removeFind(app: FastifyInstance, item: Contribution): Promise<void> {
  await removeContribution(app.db, item);
  threadChanged(app, findThread(item));
}

/** An organiser's decision on a reported find (hide, restore, or dismiss the reports). */
export async function decideOnFind(
  app: FastifyInstance,
  item: Contribution,
  action: Decision,
): Promise<void> {
  await moderateContribution(app.db, item.id, action, app.clock());
  threadChanged(app, findThread(item));
}

/** An organiser features a find (first on the wall) or hides it from learners. */
export async function markFind(
  app: FastifyInstance,
  item: Contribution,
  field: 'featured' | 'hidden',
  on: boolean,
): Promise<void> {
  await setContributionFlag(app.db, item.id, field, on, app.clock());
  threadChanged(app, findThread(item));
}

/** A member opened a room page or an exhibit; when that was written, visits read anew. */
export async function noteVisit(
  app: FastifyInstance,
  visit: { cohortId: number; userId: number; roomId: string; exhibitId: string },
): Promise<void> {
  if (await recordVisit(app.db, visit, app.clock(), app.visitRewriteMs)) {
    app.conversationCache.visitRecorded(visit.cohortId, visit.roomId, visit.userId);
  }
}
