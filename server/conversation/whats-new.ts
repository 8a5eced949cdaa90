// What others said in a cohort since a member last walked its rooms: per room, the comments
// and replies on its exhibits and walls, and the finds hung on its wall. Hidden and removed
// ones are left out, and so is what the member wrote, and what circles say among themselves.
import { and, count, eq, gt, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { comments, contributions } from '../../db/schema.ts';
import { inPublicThread } from '../core/public-threads.ts';

export interface RoomNews {
  roomId: string;
  comments: number;
  finds: number;
}

const byOthers = (
  author: typeof comments.authorId | typeof contributions.authorId,
  userId: number,
) => or(isNull(author), ne(author, userId));

/** Per room, what others added after `since`; rooms with nothing new are left out. */
export async function countNewSince(
  db: Db,
  cohortId: number,
  userId: number,
  since: Date,
): Promise<RoomNews[]> {
  const [said, hung] = await Promise.all([
    db
      .select({ roomId: comments.roomId, n: count() })
      .from(comments)
      .where(
        and(
          eq(comments.cohortId, cohortId),
          inPublicThread(comments.thread),
          gt(comments.createdAt, since),
          isNull(comments.hiddenAt),
          isNull(comments.deletedAt),
          byOthers(comments.authorId, userId),
        ),
      )
      .groupBy(comments.roomId),
    db
      .select({ roomId: contributions.roomId, n: count() })
      .from(contributions)
      .where(
        and(
          eq(contributions.cohortId, cohortId),
          gt(contributions.createdAt, since),
          isNull(contributions.hiddenAt),
          byOthers(contributions.authorId, userId),
        ),
      )
      .groupBy(contributions.roomId),
  ]);
  const news = new Map<string, RoomNews>();
  const entry = (roomId: string) => {
    const found = news.get(roomId) ?? { roomId, comments: 0, finds: 0 };
    news.set(roomId, found);
    return found;
  };
  for (const r of said) entry(r.roomId).comments = Number(r.n);
  for (const r of hung) entry(r.roomId).finds = Number(r.n);
  return [...news.values()];
}
