// One digest run: every current learner of a cohort whose setting matches the frequency gets
// their personal digest for the period, queued in the outbox under the key
// `digest:<user>:<cohort>:<frequency>:<period>`, so running twice (or in two processes at
// once) queues each digest once. Members are read in batches by id, a few composed at a time,
// so memory stays flat however large the cohort.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { enrolments, type User, users } from '../../db/schema.ts';
import type { CohortContext } from '../core/context.ts';
import { cohortTitle } from '../core/model.ts';
import { absolute, paths } from '../core/paths.ts';
import { unsubscribeHeaders, unsubscribeUrl } from '../core/unsubscribe-links.ts';
import { isLocale } from '../i18n/index.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { composeDigest, isEmpty, subjectOf } from './compose.ts';
import type { Period } from './periods.ts';

export interface RunSummary {
  members: number;
  queued: number;
  /** Queued before (an earlier or parallel run): not queued again. */
  already: number;
  empty: number;
  optedOut: number;
  /** Members on the other frequency. */
  other: number;
}

export interface RunOptions {
  dryRun?: boolean;
  batchSize?: number;
  /** Composed at the same time within a batch. */
  parallel?: number;
  onProgress?: (done: number, summary: RunSummary) => void;
}

export const digestKey = (userId: number, cohortId: number, p: Period) =>
  `digest:${userId}:${cohortId}:${p.frequency}:${p.period}`;

// Learners only: a cohort someone only organises sends them no learner digest.
const learnersOf = (cohortId: number) =>
  and(eq(enrolments.cohortId, cohortId), eq(enrolments.role, 'learner'));

export async function countMembers(db: FastifyInstance['db'], cohortId: number) {
  return db.$count(enrolments, learnersOf(cohortId));
}

async function memberBatch(app: FastifyInstance, cohortId: number, afterId: number, n: number) {
  return app.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
      digest: users.digest,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(learnersOf(cohortId), gt(users.id, afterId)))
    .orderBy(asc(users.id))
    .limit(n);
}

export async function runDigest(
  app: FastifyInstance,
  context: CohortContext,
  period: Period,
  options: RunOptions = {},
): Promise<RunSummary> {
  const { cohort, course } = context;
  const batchSize = options.batchSize ?? 200;
  const parallel = options.parallel ?? 8;
  const summary: RunSummary = {
    members: 0,
    queued: 0,
    already: 0,
    empty: 0,
    optedOut: 0,
    other: 0,
  };

  async function one(user: Pick<User, 'id' | 'name' | 'email' | 'locale' | 'digest'>) {
    if (user.digest === 'off') return void summary.optedOut++;
    if (user.digest !== period.frequency) return void summary.other++;
    const digest = await composeDigest(app, context, user, period);
    if (isEmpty(digest)) return void summary.empty++;
    if (options.dryRun) return void summary.queued++;
    const locale = isLocale(user.locale) ? user.locale : course.language;
    const mail = app.renderMail(
      'digest',
      locale,
      { key: 'digest.subjectLine', params: { text: subjectOf(digest.sections, course, locale) } },
      {
        name: user.name,
        course: cohortTitle(cohort, course),
        sections: digest.sections,
        cohortUrl: digest.cohortUrl,
        frequency: period.frequency,
        timezone: cohort.timezone,
        settingsUrl: absolute(app.config.baseUrl, paths.settings()),
        unsubscribeUrl: unsubscribeUrl(app, user.id),
      },
    );
    const fresh = await enqueueMail(
      app.db,
      {
        key: digestKey(user.id, cohort.id, period),
        kind: 'digest',
        userId: user.id,
        to: { address: user.email, name: user.name },
        ...mail,
        headers: unsubscribeHeaders(app, user.id),
      },
      app.clock(),
    );
    if (fresh) summary.queued++;
    else summary.already++;
  }

  let after = 0;
  for (;;) {
    const batch = await memberBatch(app, cohort.id, after, batchSize);
    if (batch.length === 0) break;
    for (let i = 0; i < batch.length; i += parallel) {
      await Promise.all(batch.slice(i, i + parallel).map(one));
    }
    summary.members += batch.length;
    after = batch[batch.length - 1]?.id ?? after;
    options.onProgress?.(summary.members, summary);
    if (!options.dryRun) app.mailer.nudge();
  }
  return summary;
}
