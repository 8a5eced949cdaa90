// Rate limits kept in PostgreSQL, so they hold across any number of app processes. Each
// allowed action is a row; a limit counts rows in a sliding window. An advisory lock per key
// makes check-and-record atomic, and keys are hashed so no raw e-mail address is stored.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rateEvents } from '../../db/schema.ts';
import { hashToken } from './tokens.ts';

export interface Limit {
  /** e.g. `mail:address:ann@example.org`. */
  key: string;
  max: number;
  windowMs: number;
}

/**
 * Records one event under every key if all of them are below their limit; otherwise records
 * nothing and returns the first limit that was reached.
 */
export async function consumeRateLimits(
  db: Db,
  limits: Limit[],
  now: Date,
): Promise<{ ok: true } | { ok: false; limit: Limit }> {
  const hashed = limits
    .map((l) => ({ limit: l, key: hashToken(l.key) }))
    .sort(
      (a, b) => (a.key < b.key ? -1 : 1), // a fixed lock order: two requests never wait on each other
    );
  return db.transaction(async (tx) => {
    for (const { key } of hashed) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    }
    for (const { limit, key } of hashed) {
      const since = new Date(now.getTime() - limit.windowMs);
      const rows = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(rateEvents)
        .where(and(eq(rateEvents.key, key), gt(rateEvents.at, since)));
      if ((rows[0]?.n ?? 0) >= limit.max) return { ok: false as const, limit };
    }
    await tx.insert(rateEvents).values(hashed.map(({ key }) => ({ key, at: now })));
    return { ok: true as const };
  });
}
