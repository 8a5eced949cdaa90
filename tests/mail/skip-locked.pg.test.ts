// PostgreSQL only (PGlite has a single connection, so no second holder can exist): included
// in the suite when TEST_DATABASE_URL is set, which CI always does (vitest.config.ts).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { claimDueMail, enqueueMail, type OutgoingMail } from '../../server/mail/outbox.ts';
import { createTestDatabase } from '../helpers/db.ts';

const MINUTE = 60_000;
const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const mail = (key: string): OutgoingMail => ({
  key,
  kind: 'test',
  to: { address: `${key}@example.org` },
  subject: key,
  text: key,
});

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  if (database.kind !== 'postgres') throw new Error('this file needs TEST_DATABASE_URL');
});
afterAll(() => database.close());

describe('claiming mail on PostgreSQL', () => {
  it('skips rows another process holds locked instead of waiting', async () => {
    await enqueueMail(database.db, mail('held'), at(-MINUTE));
    await enqueueMail(database.db, mail('free'), t0);
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Another "process" (a second pooled connection) holds the row in an open transaction.
    const holder = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT id FROM outbox WHERE idempotency_key = 'held' FOR UPDATE`);
      locked();
      await released;
    });
    await isLocked;
    try {
      // Without SKIP LOCKED the claim would wait for the holder, i.e. forever here.
      const claimed = await Promise.race([
        claimDueMail(database.db, t0, 10, 5 * MINUTE),
        new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 3000)),
      ]);
      expect(claimed === 'blocked' ? claimed : claimed.map((r) => r.idempotencyKey)).toEqual([
        'free',
      ]);
    } finally {
      release();
      await holder;
    }
    const after = await claimDueMail(database.db, t0, 10, 5 * MINUTE);
    expect(after.map((r) => r.idempotencyKey)).toEqual(['held']);
  });
});
