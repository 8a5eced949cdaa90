// Mail to every member of a cohort who matches: members are read in batches by id (a large
// cohort is never loaded at once), each gets the mail the feature composes for them, queued
// in the outbox under its idempotency key with the one-click unsubscribe headers. A key
// queued before queues nothing new, so running twice, or in two processes at once, sends
// each mail once.
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { enrolments, type MailAttachment, users } from '../../db/schema.ts';
import { enqueueMails, type OutgoingMail } from '../mail/outbox.ts';
import type { RenderedMail } from '../mail/templates.ts';
import { unsubscribeHeaders } from './unsubscribe-links.ts';

export interface Member {
  id: number;
  name: string;
  email: string;
  locale: string;
  digest: string;
}

/** One member's mail: the rendered message, its idempotency key and kind. */
export interface MemberMail extends RenderedMail {
  key: string;
  kind: string;
  attachments?: MailAttachment[];
}

export interface MemberMailing {
  cohortId: number;
  /**
   * Learners by default: organisers run the cohort and are not its audience. `everyone`
   * includes them, for mail that follows what a member did (e.g. said yes to the meet-up).
   */
  audience?: 'learners' | 'everyone';
  /** Narrows the members further (a condition on enrolments and users). */
  where?: SQL;
  /** The member's mail, or nothing for a member who gets none (e.g. they opted out). */
  compose: (member: Member) => MemberMail | undefined | Promise<MemberMail | undefined>;
  batchSize?: number;
  /** Composed at the same time within a batch. */
  parallel?: number;
  /** Before each batch is composed, with its members (to load what they need at once). */
  beforeBatch?: (members: Member[]) => void;
  /** After each batch, with the totals so far. */
  onBatch?: (progress: MemberMailResult) => void;
}

export interface MemberMailResult {
  /** Members read. */
  members: number;
  queued: number;
  /** Composed, but queued before under the same key: not queued again. */
  already: number;
}

const queueEvery = 32;

const memberColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  locale: users.locale,
  digest: users.digest,
};

/** Queues each matching member's mail; returns how many members were read and mails queued. */
export async function mailMembers(
  app: FastifyInstance,
  mailing: MemberMailing,
): Promise<MemberMailResult> {
  const batchSize = mailing.batchSize ?? 200;
  const parallel = mailing.parallel ?? 1;
  const result: MemberMailResult = { members: 0, queued: 0, already: 0 };

  // Mails are queued a few at a time, one statement each: a large cohort's run is mostly
  // round trips to the database, and few mails are held at once.
  const pending: OutgoingMail[] = [];
  const flush = async () => {
    const mails = pending.splice(0);
    const fresh = await enqueueMails(app.db, mails, app.clock());
    result.queued += fresh;
    result.already += mails.length - fresh;
  };
  const one = async (member: Member) => {
    const mail = await mailing.compose(member);
    if (!mail) return;
    pending.push({
      key: mail.key,
      kind: mail.kind,
      userId: member.id,
      to: { address: member.email, name: member.name },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: unsubscribeHeaders(app, member.id),
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
    });
  };

  let after = 0;
  for (;;) {
    const batch = await app.db
      .select(memberColumns)
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(
        and(
          eq(enrolments.cohortId, mailing.cohortId),
          mailing.audience === 'everyone' ? undefined : eq(enrolments.role, 'learner'),
          mailing.where,
          gt(users.id, after),
        ),
      )
      .orderBy(asc(users.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    const queuedBefore = result.queued;
    mailing.beforeBatch?.(batch);
    for (let i = 0; i < batch.length; i += parallel) {
      await Promise.all(batch.slice(i, i + parallel).map(one));
      if (pending.length >= queueEvery) await flush();
    }
    await flush();
    result.members += batch.length;
    after = batch[batch.length - 1]?.id ?? after;
    mailing.onBatch?.({ ...result });
    // The worker may start on the first batch while later ones are queued.
    if (result.queued > queuedBefore) app.mailer.nudge();
    if (batch.length < batchSize) break;
  }
  return result;
}
