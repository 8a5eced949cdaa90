import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { outbox } from '../../db/schema.ts';
import {
  claimDueMail,
  enqueueMail,
  holdMail,
  markFailed,
  markSent,
  type OutgoingMail,
  pruneOutbox,
} from '../../server/mail/outbox.ts';
import { createTestDatabase, resetDatabase } from '../helpers/db.ts';

const MINUTE = 60_000;
const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(() => resetDatabase(database));

const mail = (key: string, extra: Partial<OutgoingMail> = {}): OutgoingMail => ({
  key,
  kind: 'test',
  to: { address: `${key}@example.org`, name: 'Ann' },
  subject: `Subject ${key}`,
  text: `Text ${key}`,
  ...extra,
});

async function row(key: string) {
  const [found] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
  if (!found) throw new Error(`no outbox row ${key}`);
  return found;
}

describe('enqueueMail', () => {
  it('stores a pending mail due at the given moment', async () => {
    const queued = await enqueueMail(
      database.db,
      mail('a', { html: '<p>Hi</p>', headers: { 'X-Test': '1' }, sensitive: true }),
      t0,
    );
    expect(queued).toBe(true);
    const stored = await row('a');
    expect(stored).toMatchObject({
      kind: 'test',
      toAddress: 'a@example.org',
      toName: 'Ann',
      subject: 'Subject a',
      textBody: 'Text a',
      htmlBody: '<p>Hi</p>',
      headers: { 'X-Test': '1' },
      sensitive: true,
      status: 'pending',
      attempts: 0,
      userId: null,
    });
    expect(stored.nextAttemptAt).toEqual(t0);
  });

  it('ignores a second mail with the same key', async () => {
    expect(await enqueueMail(database.db, mail('same'), t0)).toBe(true);
    expect(await enqueueMail(database.db, mail('same', { subject: 'Changed' }), t0)).toBe(false);
    const rows = await database.db.select().from(outbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.subject).toBe('Subject same');
  });
});

describe('claimDueMail', () => {
  it('claims only due mail, oldest first, up to the limit, and locks it', async () => {
    await enqueueMail(database.db, mail('later'), at(10 * MINUTE));
    await enqueueMail(database.db, mail('second'), at(-1 * MINUTE));
    await enqueueMail(database.db, mail('first'), at(-2 * MINUTE));
    await enqueueMail(database.db, mail('third'), t0);

    const claimed = await claimDueMail(database.db, t0, 2, 5 * MINUTE);
    expect(claimed.map((r) => r.idempotencyKey)).toEqual(['first', 'second']);
    for (const r of claimed) {
      expect(r.status).toBe('sending');
      expect(r.attempts).toBe(1);
      expect(r.lockedUntil).toEqual(at(5 * MINUTE));
    }
    expect(
      (await claimDueMail(database.db, t0, 10, 5 * MINUTE)).map((r) => r.idempotencyKey),
    ).toEqual(['third']);
    expect(await claimDueMail(database.db, t0, 10, 5 * MINUTE)).toEqual([]);
    expect((await row('later')).status).toBe('pending');
  });

  it('takes over a claim whose lock expired, not one still held', async () => {
    await enqueueMail(database.db, mail('crashed'), t0);
    await claimDueMail(database.db, t0, 10, 5 * MINUTE);
    expect(await claimDueMail(database.db, at(5 * MINUTE - 1), 10, 5 * MINUTE)).toEqual([]);
    const taken = await claimDueMail(database.db, at(5 * MINUTE + 1), 10, 5 * MINUTE);
    expect(taken.map((r) => r.idempotencyKey)).toEqual(['crashed']);
    expect(taken[0]?.attempts).toBe(2);
    expect(taken[0]?.lockedUntil).toEqual(at(10 * MINUTE + 1));
  });

  it('renews a claim row by row, and tells a worker that lost its row to another', async () => {
    await enqueueMail(database.db, mail('first'), t0);
    await enqueueMail(database.db, mail('second'), t0);
    const [first, second] = await claimDueMail(database.db, t0, 10, 5 * MINUTE);
    if (!first || !second) throw new Error('not claimed');
    // Worker A sends the first row at once: its lease starts again from now.
    expect(await holdMail(database.db, first, at(MINUTE), 5 * MINUTE)).toEqual(at(6 * MINUTE));
    expect((await row('first')).lockedUntil).toEqual(at(6 * MINUTE));
    // The first send hangs past the batch's lease; worker B takes the second row over.
    const taken = await claimDueMail(database.db, at(5 * MINUTE + 1), 10, 5 * MINUTE);
    expect(taken.map((r) => r.idempotencyKey)).toEqual(['second']);
    // Worker A, back, must not send it too.
    expect(await holdMail(database.db, second, at(5 * MINUTE + 2), 5 * MINUTE)).toBeNull();
    expect((await row('second')).lockedUntil).toEqual(at(10 * MINUTE + 1));
  });

  it('never hands the same row to two concurrent claims', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    for (const key of keys) await enqueueMail(database.db, mail(key), t0);
    const claimed: string[] = [];
    for (let round = 0; round < 20 && claimed.length < keys.length; round++) {
      const batches = await Promise.all([
        claimDueMail(database.db, t0, 4, 5 * MINUTE),
        claimDueMail(database.db, t0, 4, 5 * MINUTE),
        claimDueMail(database.db, t0, 4, 5 * MINUTE),
      ]);
      for (const batch of batches) claimed.push(...batch.map((r) => r.idempotencyKey));
    }
    expect(claimed.toSorted()).toEqual(keys);
  });
});

describe('settling a claimed mail', () => {
  it('marks it sent and blanks a sensitive body', async () => {
    await enqueueMail(database.db, mail('secret', { html: '<a>link</a>', sensitive: true }), t0);
    await enqueueMail(database.db, mail('plain', { html: '<p>keep</p>' }), t0);
    const claimed = await claimDueMail(database.db, t0, 10, 5 * MINUTE);
    for (const r of claimed) await markSent(database.db, r.id, at(MINUTE));

    const secret = await row('secret');
    expect(secret).toMatchObject({
      status: 'sent',
      textBody: '',
      htmlBody: null,
      lockedUntil: null,
    });
    expect(secret.sentAt).toEqual(at(MINUTE));
    const plain = await row('plain');
    expect(plain).toMatchObject({
      status: 'sent',
      textBody: 'Text plain',
      htmlBody: '<p>keep</p>',
    });
  });

  it('retries after 1 min, 5 min, 30 min, 2 h and 12 h, then gives up; 5xx gives up at once', async () => {
    await enqueueMail(database.db, mail('flaky'), t0);
    const [claimed] = await claimDueMail(database.db, t0, 10, 5 * MINUTE);
    if (!claimed) throw new Error('nothing claimed');

    expect(await markFailed(database.db, claimed, new Error('x'.repeat(800)), t0)).toBe('pending');
    const stored = await row('flaky');
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
    expect(stored.nextAttemptAt).toEqual(at(MINUTE));
    expect(stored.lastError).toBe('x'.repeat(500));

    const waits: number[] = [];
    for (const attempts of [2, 3, 4, 5]) {
      expect(await markFailed(database.db, { id: claimed.id, attempts }, 'busy', t0)).toBe(
        'pending',
      );
      waits.push(((await row('flaky')).nextAttemptAt.getTime() - t0.getTime()) / MINUTE);
    }
    expect(waits).toEqual([5, 30, 120, 720]);
    expect((await row('flaky')).lastError).toBe('busy');

    // The sixth attempt was the last.
    expect(await markFailed(database.db, { id: claimed.id, attempts: 6 }, 'gone', t0)).toBe(
      'failed',
    );
    expect((await row('flaky')).status).toBe('failed');
    expect(await claimDueMail(database.db, at(48 * 60 * MINUTE), 10, 5 * MINUTE)).toEqual([]);

    // A permanent rejection fails on the first attempt.
    await enqueueMail(database.db, mail('rejected'), t0);
    const [first] = await claimDueMail(database.db, t0, 10, 5 * MINUTE);
    if (!first) throw new Error('nothing claimed');
    expect(await markFailed(database.db, first, '550 no such user', t0, 6, true)).toBe('failed');
  });
});

describe('pruneOutbox', () => {
  it('deletes sent mail older than the cut-off and keeps the rest', async () => {
    for (const key of ['old', 'recent', 'failed', 'pending']) {
      await enqueueMail(database.db, mail(key), t0);
    }
    const rows = await claimDueMail(database.db, t0, 10, 5 * MINUTE);
    const id = (key: string) => rows.find((r) => r.idempotencyKey === key)?.id ?? -1;
    await markSent(database.db, id('old'), at(-31 * 24 * 60 * MINUTE));
    await markSent(database.db, id('recent'), at(-29 * 24 * 60 * MINUTE));
    await markFailed(
      database.db,
      { id: id('failed'), attempts: 8 },
      'no',
      at(-40 * 24 * 60 * MINUTE),
    );

    expect(await pruneOutbox(database.db, at(-30 * 24 * 60 * MINUTE))).toBe(1);
    const left = await database.db.select({ key: outbox.idempotencyKey }).from(outbox);
    expect(left.map((r) => r.key).toSorted()).toEqual(['failed', 'pending', 'recent']);
  });
});
