// The mail worker: drains the outbox through a transport, retries failures, prunes old rows.
import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type OutboxRow, rateEvents } from '../../db/schema.ts';
import {
  claimDueMail,
  defaultMaxAttempts,
  holdMail,
  markFailed,
  markSent,
  pruneOutbox,
} from './outbox.ts';
import { isPermanentFailure, type MailLog, type MailTransport } from './transports.ts';

export interface MailerOptions {
  db: Db;
  transport: MailTransport;
  from: string;
  replyTo?: string | null;
  clock: () => Date;
  log: MailLog;
  batchSize?: number;
  /** Sends at once (the SMTP pool keeps five connections by default). */
  sendsInFlight?: number;
  /** How long a claim lasts; a worker that has not finished by then is presumed dead. */
  lockMs?: number;
  maxAttempts?: number;
}

export interface Mailer {
  /** Sends everything due now (looping until nothing is due); returns how many were sent. */
  deliverDue(): Promise<number>;
  start(intervalMs?: number): void;
  /** Asks for a run soon, e.g. right after a request queued a mail; repeated calls coalesce. */
  nudge(): void;
  /**
   * Stops the timer and waits for a run in flight, at most `graceMs`: a send that hangs (a
   * stalled SMTP server) must not hold up a shutdown. A mail given up on this way is sent
   * again once its lease runs out, with the same Message-ID. The transport is the caller's
   * to close.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Sends at once. Also how many messages a worker killed mid-batch may have on the wire, so
 * how many may arrive twice once another worker takes its rows over (decision 011).
 */
export const defaultSendsInFlight = 4;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function createMailer(options: MailerOptions): Mailer {
  const { db, transport, from, clock, log } = options;
  const batchSize = options.batchSize ?? 20;
  const sendsInFlight = options.sendsInFlight ?? defaultSendsInFlight;
  const lockMs = options.lockMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  // Message-IDs live in the sender's domain; the same row keeps its id across retries.
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'salon.invalid';

  let current: Promise<number> | null = null;
  let queued: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let stopped = false;
  let lastPrune = Number.NEGATIVE_INFINITY;

  async function send(row: OutboxRow): Promise<boolean> {
    try {
      await transport.send({
        from,
        replyTo: options.replyTo ?? null,
        to: { name: row.toName, address: row.toAddress },
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: `<${row.id}.${createHash('sha256').update(row.idempotencyKey).digest('hex').slice(0, 12)}@${domain}>`,
        date: clock(),
        ...(row.headers ? { headers: row.headers } : {}),
        ...(row.attachments ? { attachments: row.attachments } : {}),
      });
    } catch (err) {
      const permanent = isPermanentFailure(err);
      const status = await markFailed(db, row, err, clock(), maxAttempts, permanent);
      // Never the body: it may hold a sign-in link.
      log.warn(
        {
          mailId: row.id,
          kind: row.kind,
          attempts: row.attempts,
          status,
          permanent,
          err: errorText(err),
        },
        'mail delivery failed',
      );
      return false;
    }
    await markSent(db, row.id, clock());
    return true;
  }

  async function prune(): Promise<void> {
    const now = clock();
    if (now.getTime() - lastPrune < HOUR) return;
    lastPrune = now.getTime();
    try {
      await pruneOutbox(db, new Date(now.getTime() - 30 * DAY));
      await db.delete(rateEvents).where(lt(rateEvents.at, new Date(now.getTime() - 2 * DAY)));
    } catch (err) {
      log.warn({ err: errorText(err) }, 'pruning the outbox failed');
    }
  }

  async function run(): Promise<number> {
    await prune();
    let sent = 0;
    for (;;) {
      const rows = await claimDueMail(db, clock(), batchSize, lockMs);
      if (rows.length === 0) return sent;
      // A few at a time: a send mostly waits for the SMTP server's answer, and the pool keeps
      // that many connections open (one after the other, Node sat idle ~60 % of a digest run).
      // Each row is still its own: one failure touches only its row.
      let next = 0;
      const lane = async () => {
        for (let row = rows[next++]; row; row = rows[next++]) {
          // The batch may have outlived its lease (a slow server): renew it row by row, and
          // skip a row another worker has claimed since, so only messages in flight can repeat.
          const until = await holdMail(db, row, clock(), lockMs);
          if (!until) continue;
          if (await send(row)) sent++;
        }
      };
      // Every lane finishes before the run does, even when one fails: a run that is over
      // must have nothing left in flight (stop waits for the run).
      const lanes = Array.from({ length: Math.min(sendsInFlight, rows.length) }, lane);
      const failed = (await Promise.allSettled(lanes)).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      // A stop lets this batch finish (its rows are claimed; left alone they would wait for
      // their lease to run out) and claims no more.
      if (stopped) return sent;
    }
  }

  // At most one run per process; a call during a run waits for it and then runs once more
  // (it may have queued mail the current run has already looked past). Extra calls share that run.
  function deliverDue(): Promise<number> {
    if (!current) {
      current = run().finally(() => {
        current = null;
      });
      return current;
    }
    if (!queued) {
      queued = current
        .catch(() => 0)
        .then(() => {
          queued = null;
          return stopped ? 0 : deliverDue();
        });
    }
    return queued;
  }

  function tick(): void {
    deliverDue().catch((err) => log.error({ err: errorText(err) }, 'mail worker run failed'));
  }

  function nudge(): void {
    if (immediate || stopped) return;
    immediate = setImmediate(() => {
      immediate = null;
      tick();
    });
  }

  return {
    deliverDue,
    nudge,
    start(intervalMs = 5000) {
      if (timer || stopped) return;
      // unref: a pending timer must not keep a finished process (a CLI command) alive.
      timer = setInterval(tick, intervalMs).unref();
      nudge();
    },
    async stop(graceMs = 2000) {
      stopped = true;
      if (timer) clearInterval(timer);
      if (immediate) clearImmediate(immediate);
      timer = null;
      immediate = null;
      let wait: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.allSettled([current, queued]).then(() => true),
        new Promise<false>((resolve) => {
          wait = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(wait);
      if (!finished) log.warn({ graceMs }, 'mail still in flight at stop; it will be retried');
    },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
