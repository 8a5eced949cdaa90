// Limits against abuse, kept in PostgreSQL so they hold across app processes: one post
// (comment, reply or wall item) per POST_INTERVAL_SECONDS, LIKES_PER_DAY likes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consumeRateLimits } from '../core/rate.ts';
import { PageError } from '../http/errors.ts';
import type { MessageKey } from '../i18n/index.ts';

/** Records the action, or returns the polite message when the member is going too fast. */
export async function tooFast(
  app: FastifyInstance,
  request: FastifyRequest,
  key: 'post' | 'like',
): Promise<MessageKey | null> {
  const user = request.user;
  if (!user || (key === 'post' && app.config.postIntervalSeconds === 0)) return null;
  const limit =
    key === 'post'
      ? { key: `post:user:${user.id}`, max: 1, windowMs: app.config.postIntervalSeconds * 1000 }
      : { key: `like:user:${user.id}`, max: app.config.likesPerDay, windowMs: 86_400_000 };
  const verdict = await consumeRateLimits(app.db, [limit], app.clock());
  return verdict.ok ? null : key === 'post' ? 'limits.post' : 'limits.like';
}

/** Likes have no form to show the message in: too many gives a 429 page instead. */
export async function checkLikeRate(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const limited = await tooFast(app, request, 'like');
  if (limited)
    throw new PageError(429, 'errors/error', { title: 'limits.title', message: limited });
}
