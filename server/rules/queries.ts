// House-rule proposals, votes and adoption. A proposal is open for five days; the minute tick
// closes it, counts, and when the cohort consented writes the next version of the rules and
// the setting it decides, in one transaction with the cohort row locked, so two proposals
// closing at once in two processes cannot both take the same version.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  cohorts,
  enrolments,
  houseSettings,
  type RuleProposal,
  type RuleVote,
  ruleChanges,
  ruleProposals,
  ruleVotes,
  users,
  visits,
} from '../../db/schema.ts';

export const voteDays = 5;
export const activeDays = 10;
const dayMs = 24 * 3600 * 1000;
export type Vote = 'consent' | 'abstain' | 'object';
export const votes: readonly Vote[] = ['consent', 'abstain', 'object'];

export interface Tally {
  consent: number;
  abstain: number;
  object: number;
  responses: number;
  /** Objections neither answered by the proposer nor withdrawn. */
  unanswered: number;
}

export interface Outcome {
  adopted: boolean;
  /** Each threshold on its own, for the page that explains a result. */
  quorum: boolean;
  consent: boolean;
  answered: boolean;
  needed: number;
}

/**
 * Adopted when at least 15 % of active members responded, at least two thirds of those who
 * responded consented, and no objection is left unanswered. Whole numbers throughout, so
 * 2 of 3 is two thirds exactly.
 */
export function outcomeOf(t: Tally, active: number): Outcome {
  const needed = Math.max(1, Math.ceil((active * 15) / 100));
  const quorum = t.responses >= needed;
  const consent = t.responses > 0 && t.consent * 3 >= t.responses * 2;
  const answered = t.unanswered === 0;
  return { adopted: quorum && consent && answered, quorum, consent, answered, needed };
}

export async function countActiveMembers(db: Db, cohortId: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - activeDays * dayMs);
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${visits.userId})::int` })
    .from(visits)
    .innerJoin(
      enrolments,
      and(eq(enrolments.cohortId, visits.cohortId), eq(enrolments.userId, visits.userId)),
    )
    .where(and(eq(visits.cohortId, cohortId), gt(visits.lastAt, since)));
  return row?.n ?? 0;
}

export async function tallies(db: Db, proposalIds: number[]): Promise<Map<number, Tally>> {
  const out = new Map<number, Tally>();
  for (const id of proposalIds)
    out.set(id, { consent: 0, abstain: 0, object: 0, responses: 0, unanswered: 0 });
  if (proposalIds.length === 0) return out;
  const rows = await db
    .select({
      proposalId: ruleVotes.proposalId,
      vote: ruleVotes.vote,
      n: count(),
      unanswered: sql<number>`count(*) filter (where ${ruleVotes.answer} is null)::int`,
    })
    .from(ruleVotes)
    .where(inArray(ruleVotes.proposalId, proposalIds))
    .groupBy(ruleVotes.proposalId, ruleVotes.vote);
  for (const r of rows) {
    const t = out.get(r.proposalId);
    if (!t) continue;
    const n = Number(r.n);
    if (r.vote === 'consent' || r.vote === 'abstain' || r.vote === 'object') t[r.vote] += n;
    t.responses += n;
    if (r.vote === 'object') t.unanswered += Number(r.unanswered);
  }
  return out;
}

export interface NewProposal {
  cohortId: number;
  proposerId: number;
  ruleId: string;
  isNew: boolean;
  title: string;
  body: string;
  setting: string | null;
  value: string | null;
  now: Date;
}

export async function createProposal(db: Db, p: NewProposal): Promise<RuleProposal> {
  const { now, ...values } = p;
  const [row] = await db
    .insert(ruleProposals)
    .values({ ...values, createdAt: now, closesAt: new Date(now.getTime() + voteDays * dayMs) })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function countOpenProposals(db: Db, cohortId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(ruleProposals)
    .where(and(eq(ruleProposals.cohortId, cohortId), eq(ruleProposals.status, 'open')));
  return Number(row?.n ?? 0);
}

export async function countOpenProposalsBy(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(ruleProposals)
    .where(
      and(
        eq(ruleProposals.cohortId, cohortId),
        eq(ruleProposals.proposerId, userId),
        eq(ruleProposals.status, 'open'),
      ),
    );
  return Number(row?.n ?? 0);
}

export type ListedProposal = RuleProposal & { proposerName: string | null };

export async function listProposals(db: Db, cohortId: number): Promise<ListedProposal[]> {
  const rows = await db
    .select({ p: ruleProposals, proposerName: users.name })
    .from(ruleProposals)
    .leftJoin(users, eq(users.id, ruleProposals.proposerId))
    .where(eq(ruleProposals.cohortId, cohortId))
    .orderBy(desc(ruleProposals.createdAt), desc(ruleProposals.id))
    .limit(200);
  return rows.map((r) => ({ ...r.p, proposerName: r.proposerName }));
}

export async function findProposal(
  db: Db,
  cohortId: number,
  id: number,
): Promise<RuleProposal | null> {
  const [row] = await db
    .select()
    .from(ruleProposals)
    .where(and(eq(ruleProposals.cohortId, cohortId), eq(ruleProposals.id, id)));
  return row ?? null;
}

/** A member's own vote on each of these proposals. */
export async function votesBy(
  db: Db,
  userId: number,
  proposalIds: number[],
): Promise<Map<number, RuleVote>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(ruleVotes)
    .where(and(eq(ruleVotes.userId, userId), inArray(ruleVotes.proposalId, proposalIds)));
  return new Map(rows.map((r) => [r.proposalId, r]));
}

/** The objections on these proposals, without who made them. */
export async function listObjections(
  db: Db,
  proposalIds: number[],
): Promise<
  { id: number; proposalId: number; reason: string; answer: string | null; userId: number | null }[]
> {
  if (proposalIds.length === 0) return [];
  return db
    .select({
      id: ruleVotes.id,
      proposalId: ruleVotes.proposalId,
      reason: sql<string>`coalesce(${ruleVotes.reason}, '')`,
      answer: ruleVotes.answer,
      userId: ruleVotes.userId,
    })
    .from(ruleVotes)
    .where(and(inArray(ruleVotes.proposalId, proposalIds), eq(ruleVotes.vote, 'object')))
    .orderBy(asc(ruleVotes.createdAt), asc(ruleVotes.id));
}

/**
 * Records or changes a member's vote. Changing an objection into consent or abstain is how
 * it is withdrawn; a new objection needs a new answer, so the old one goes.
 */
export async function castVote(
  db: Db,
  input: { proposalId: number; userId: number; vote: Vote; reason: string | null; now: Date },
): Promise<void> {
  const { proposalId, userId, vote, reason, now } = input;
  await db
    .insert(ruleVotes)
    .values({ proposalId, userId, vote, reason, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [ruleVotes.proposalId, ruleVotes.userId],
      set: { vote, reason, answer: null, answeredAt: null, updatedAt: now },
    });
}

/** The proposer's answer to one objection on their proposal; false if there is none. */
export async function answerObjection(
  db: Db,
  input: { proposalId: number; voteId: number; answer: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(ruleVotes)
    .set({ answer: input.answer, answeredAt: input.now })
    .where(
      and(
        eq(ruleVotes.id, input.voteId),
        eq(ruleVotes.proposalId, input.proposalId),
        eq(ruleVotes.vote, 'object'),
      ),
    )
    .returning({ id: ruleVotes.id });
  return rows.length > 0;
}

export interface RuleChange {
  version: number;
  ruleId: string;
  text: string;
  setting: string | null;
  value: string | null;
  proposalId: number | null;
  title: string | null;
  consents: number;
  responses: number;
  adoptedAt: Date;
}

export async function listChanges(db: Db, cohortId: number): Promise<RuleChange[]> {
  return db
    .select({
      version: ruleChanges.version,
      ruleId: ruleChanges.ruleId,
      text: ruleChanges.text,
      setting: ruleChanges.setting,
      value: ruleChanges.value,
      proposalId: ruleChanges.proposalId,
      title: ruleProposals.title,
      consents: ruleChanges.consents,
      responses: ruleChanges.responses,
      adoptedAt: ruleChanges.adoptedAt,
    })
    .from(ruleChanges)
    .leftJoin(ruleProposals, eq(ruleProposals.id, ruleChanges.proposalId))
    .where(eq(ruleChanges.cohortId, cohortId))
    .orderBy(desc(ruleChanges.version));
}

/** Open proposals whose five days are over, oldest first. */
export async function listDueProposals(db: Db, now: Date, limit = 50): Promise<RuleProposal[]> {
  return db
    .select()
    .from(ruleProposals)
    .where(and(eq(ruleProposals.status, 'open'), lte(ruleProposals.closesAt, now)))
    .orderBy(asc(ruleProposals.closesAt), asc(ruleProposals.id))
    .limit(limit);
}

/**
 * Closes one proposal: counts, decides and, when adopted, writes the next version.
 * `currentText` gives the rule's text for a proposal that only changes a setting's value; it
 * reads through the transaction it is given (PGlite has one connection). Returns
 * null when another process closed it first.
 */
export async function closeProposal(
  db: Db,
  proposalId: number,
  now: Date,
  currentText: (tx: Db, cohortId: number, ruleId: string) => Promise<string>,
): Promise<{ proposal: RuleProposal; outcome: Outcome } | null> {
  return db.transaction(async (tx) => {
    const [p] = await tx
      .select({ cohortId: ruleProposals.cohortId })
      .from(ruleProposals)
      .where(eq(ruleProposals.id, proposalId));
    if (!p) return null;
    await tx
      .select({ id: cohorts.id })
      .from(cohorts)
      .where(eq(cohorts.id, p.cohortId))
      .for('update');
    const [proposal] = await tx
      .select()
      .from(ruleProposals)
      .where(and(eq(ruleProposals.id, proposalId), eq(ruleProposals.status, 'open')));
    if (!proposal) return null;
    const tally = (await tallies(tx, [proposal.id])).get(proposal.id);
    if (!tally) return null;
    const active = await countActiveMembers(tx, proposal.cohortId, now);
    const outcome = outcomeOf(tally, active);
    let version: number | null = null;
    if (outcome.adopted) {
      const [last] = await tx
        .select({ v: sql<number>`coalesce(max(${ruleChanges.version}), 1)::int` })
        .from(ruleChanges)
        .where(eq(ruleChanges.cohortId, proposal.cohortId));
      version = (last?.v ?? 1) + 1;
      const text = proposal.body || (await currentText(tx, proposal.cohortId, proposal.ruleId));
      await tx.insert(ruleChanges).values({
        cohortId: proposal.cohortId,
        version,
        ruleId: proposal.ruleId,
        text,
        setting: proposal.setting,
        value: proposal.value,
        proposalId: proposal.id,
        consents: tally.consent,
        responses: tally.responses,
        adoptedAt: now,
      });
      if (proposal.setting && proposal.value) {
        const row = {
          value: proposal.value,
          ruleId: proposal.ruleId,
          version,
          adoptedAt: now,
          votesFor: tally.consent,
          votesTotal: tally.responses,
        };
        await tx
          .insert(houseSettings)
          .values({ cohortId: proposal.cohortId, key: proposal.setting, ...row })
          .onConflictDoUpdate({ target: [houseSettings.cohortId, houseSettings.key], set: row });
      }
    }
    const [closed] = await tx
      .update(ruleProposals)
      .set({
        status: outcome.adopted ? 'adopted' : 'declined',
        closedAt: now,
        consents: tally.consent,
        responses: tally.responses,
        active,
        version,
      })
      .where(eq(ruleProposals.id, proposal.id))
      .returning();
    return closed ? { proposal: closed, outcome } : null;
  });
}

/** Records that a member accepted this version of the house rules (on enrolling). */
export async function acceptRules(
  db: Db,
  input: { cohortId: number; userId: number; version: number; now: Date },
): Promise<void> {
  await db
    .update(enrolments)
    .set({ rulesVersion: input.version, rulesAcceptedAt: input.now })
    .where(and(eq(enrolments.cohortId, input.cohortId), eq(enrolments.userId, input.userId)));
}

/** Digest: open proposals and those adopted in (since, until]. */
export async function listDigestProposals(
  db: Db,
  cohortId: number,
  since: Date,
  until: Date,
): Promise<{ open: RuleProposal[]; adopted: RuleProposal[] }> {
  const open = await db
    .select()
    .from(ruleProposals)
    .where(and(eq(ruleProposals.cohortId, cohortId), eq(ruleProposals.status, 'open')))
    .orderBy(asc(ruleProposals.closesAt))
    .limit(20);
  const adopted = await db
    .select()
    .from(ruleProposals)
    .where(
      and(
        eq(ruleProposals.cohortId, cohortId),
        eq(ruleProposals.status, 'adopted'),
        isNotNull(ruleProposals.closedAt),
        gt(ruleProposals.closedAt, since),
        lte(ruleProposals.closedAt, until),
      ),
    )
    .orderBy(asc(ruleProposals.closedAt))
    .limit(20);
  return { open, adopted };
}

/** Personal data: what a member proposed and how they voted. */
export async function exportRulesData(db: Db, userId: number) {
  const proposals = await db
    .select({
      cohort: cohorts.slug,
      ruleId: ruleProposals.ruleId,
      title: ruleProposals.title,
      body: ruleProposals.body,
      setting: ruleProposals.setting,
      value: ruleProposals.value,
      status: ruleProposals.status,
      createdAt: ruleProposals.createdAt,
    })
    .from(ruleProposals)
    .innerJoin(cohorts, eq(cohorts.id, ruleProposals.cohortId))
    .where(eq(ruleProposals.proposerId, userId));
  const cast = await db
    .select({
      cohort: cohorts.slug,
      proposal: ruleProposals.title,
      vote: ruleVotes.vote,
      reason: ruleVotes.reason,
      updatedAt: ruleVotes.updatedAt,
    })
    .from(ruleVotes)
    .innerJoin(ruleProposals, eq(ruleProposals.id, ruleVotes.proposalId))
    .innerJoin(cohorts, eq(cohorts.id, ruleProposals.cohortId))
    .where(eq(ruleVotes.userId, userId));
  return { proposals, votes: cast };
}

/**
 * Deleting an account: the vote stays counted without a name (the reason, which may say who
 * wrote it, goes); proposals stay as the cohort's record, without their proposer.
 */
export async function eraseRulesData(db: Db, userId: number): Promise<void> {
  await db
    .update(ruleVotes)
    .set({
      userId: null,
      reason: sql`case when ${ruleVotes.vote} = 'object' then '' else null end`,
    })
    .where(eq(ruleVotes.userId, userId));
  await db
    .update(ruleProposals)
    .set({ proposerId: null })
    .where(eq(ruleProposals.proposerId, userId));
}
