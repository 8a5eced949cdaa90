// The outbox table's queries: enqueue, claim, settle (sent / retry / failed) and prune.
import { and, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type MailAttachment, type OutboxRow, outbox } from '../../db/schema.ts';

export interface OutgoingMail {
  /** Idempotency key: the same key enqueued twice is sent once (e.g. `sign-in:<token-hash>`). */
  key: string;
  kind: string;
  to: { address: string; name?: string | null };
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  userId?: number | null;
  /** The body holds a secret (a sign-in link): it is blanked once sent. */
  sensitive?: boolean;
  attachments?: MailAttachment[];
}

const MINUTE = 60_000;
/** Waits before the 2nd, 3rd… attempt: 1 min, 5 min, 30 min, 2 h, 12 h; then it has failed. */
export const retryDelays = [1, 5, 30, 120, 720].map((m) => m * MINUTE);
export const defaultMaxAttempts = retryDelays.length + 1;
const MAX_ERROR_LENGTH = 500;

const rowOf = (mail: OutgoingMail, now: Date) => ({
  idempotencyKey: mail.key,
  kind: mail.kind,
  userId: mail.userId ?? null,
  toAddress: mail.to.address,
  toName: mail.to.name ?? null,
  subject: mail.subject,
  textBody: mail.text,
  htmlBody: mail.html ?? null,
  headers: mail.headers ?? null,
  attachments: mail.attachments ?? null,
  sensitive: mail.sensitive ?? false,
  nextAttemptAt: now,
});

/** Queues a mail; returns false when a mail with this key was queued before (nothing changes). */
export async function enqueueMail(
  db: Db,
  mail: OutgoingMail,
  now: Date = new Date(),
): Promise<boolean> {
  return (await enqueueMails(db, [mail], now)) > 0;
}

/**
 * Queues several mails in one statement (a cohort's digests, a batch at a time); returns how
 * many were new. Keys queued before are skipped, as with enqueueMail.
 */
export async function enqueueMails(
  db: Db,
  mails: OutgoingMail[],
  now: Date = new Date(),
): Promise<number> {
  if (mails.length === 0) return 0;
  const inserted = await db
    .insert(outbox)
    .values(mails.map((m) => rowOf(m, now)))
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return inserted.length;
}

/**
 * Claims up to `limit` due rows for this worker until now + lockMs. Due means pending and
 * past its next attempt, or claimed by a worker whose lock ran out (it crashed or hung).
 * SKIP LOCKED lets several processes claim at once without waiting for or sharing rows;
 * the status check is re-evaluated on rows another claim just committed, so none is taken twice.
 */
export async function claimDueMail(
  db: Db,
  now: Date,
  limit: number,
  lockMs: number,
): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.status, 'sending'), lt(outbox.lockedUntil, now)),
      ),
    )
    .orderBy(outbox.nextAttemptAt, outbox.id)
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({
      status: 'sending',
      lockedUntil: new Date(now.getTime() + lockMs),
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(inArray(outbox.id, due))
    .returning();
  // RETURNING has no order; send the oldest first.
  return rows.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
}

/**
 * Renews this worker's claim on one row just before it is sent, so a batch's lease only ever
 * has to cover one send. False when the claim was lost (the lease ran out and another worker
 * took the row): the row is theirs now and must not be sent again from here.
 */
export async function holdMail(
  db: Db,
  row: Pick<OutboxRow, 'id' | 'lockedUntil'>,
  now: Date,
  lockMs: number,
): Promise<Date | null> {
  if (!row.lockedUntil) return null;
  const until = new Date(now.getTime() + lockMs);
  const rows = await db
    .update(outbox)
    .set({ lockedUntil: until })
    .where(
      and(
        eq(outbox.id, row.id),
        eq(outbox.status, 'sending'),
        eq(outbox.lockedUntil, row.lockedUntil),
      ),
    )
    .returning({ id: outbox.id });
  return rows.length ? until : null;
}

/** Records a delivery. Sensitive bodies are blanked: sign-in links must not linger in the database. */
export async function markSent(db: Db, id: number, now: Date): Promise<void> {
  await db
    .update(outbox)
    .set({
      status: 'sent',
      sentAt: now,
      lockedUntil: null,
      lastError: null,
      textBody: sql`CASE WHEN ${outbox.sensitive} THEN '' ELSE ${outbox.textBody} END`,
      htmlBody: sql`CASE WHEN ${outbox.sensitive} THEN NULL ELSE ${outbox.htmlBody} END`,
    })
    .where(eq(outbox.id, id));
}

/** Delay before the next try after `attempts` failed ones (the last delay repeats). */
export function backoffMs(attempts: number): number {
  const i = Math.min(Math.max(attempts, 1), retryDelays.length) - 1;
  return retryDelays[i] ?? MINUTE;
}

/**
 * Records a failed attempt (row.attempts already counts it, see claimDueMail): schedules a
 * retry with backoff, or gives up after maxAttempts, or at once when the failure is
 * permanent (the server rejected the message or address: retrying cannot help).
 */
export async function markFailed(
  db: Db,
  row: Pick<OutboxRow, 'id' | 'attempts'>,
  error: unknown,
  now: Date,
  maxAttempts = defaultMaxAttempts,
  permanent = false,
): Promise<'pending' | 'failed'> {
  const status = permanent || row.attempts >= maxAttempts ? 'failed' : 'pending';
  const message = error instanceof Error ? error.message : String(error);
  await db
    .update(outbox)
    .set({
      status,
      lockedUntil: null,
      nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
      lastError: message.slice(0, MAX_ERROR_LENGTH),
    })
    .where(eq(outbox.id, row.id));
  return status;
}

/** Deletes sent mail older than `before`; failed mail stays for inspection. Returns the count. */
export async function pruneOutbox(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(outbox)
    .where(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, before)))
    .returning({ id: outbox.id });
  return deleted.length;
}
