// A room page shows its live hour (when, whether it is on, the story): one row that changes a
// few times an hour, read on every view of the room. It is kept for a few seconds per app.
// Every write to a live session in this process bumps the epoch once it has committed, and an
// entry read before a bump is never used after it, so this process is always exact; another
// process may show the panel up to `keepMs` late (as threads, decision 009).
import type { FastifyInstance } from 'fastify';
import type { LiveSession } from '../../db/schema.ts';
import { findSession } from './queries.ts';
import { sessionEpoch } from './session-epoch.ts';

const keepMs = 5_000;

interface Entry {
  row: LiveSession | null;
  at: number;
  epoch: number;
}
const caches = new WeakMap<FastifyInstance, Map<string, Entry>>();

/** The room's live session row, as findSession, from a few seconds' memory. */
export async function recentSession(
  app: FastifyInstance,
  cohortId: number,
  roomId: string,
): Promise<LiveSession | null> {
  let cache = caches.get(app);
  if (!cache) {
    cache = new Map();
    caches.set(app, cache);
  }
  const key = `${cohortId}:${roomId}`;
  const now = app.clock().getTime();
  const kept = cache.get(key);
  if (kept && kept.epoch === sessionEpoch() && now - kept.at >= 0 && now - kept.at < keepMs)
    return kept.row;
  const seen = sessionEpoch();
  const row = await findSession(app.db, cohortId, roomId);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { row, at: now, epoch: seen });
  return row;
}
