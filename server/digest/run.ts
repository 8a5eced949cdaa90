// One digest run: every current learner of a cohort whose setting matches the frequency gets
// their personal digest for the period, queued in the outbox under the key
// `digest:<user>:<cohort>:<frequency>:<period>`, so running twice (or in two processes at
// once) queues each digest once. Members are read in batches by id, a few composed at a time,
// so memory stays flat however large the cohort.
import type { FastifyInstance } from 'fastify';
import type { Course } from '../content/types.ts';
import type { CohortContext } from '../core/context.ts';
import { DigestRun } from '../core/digest-sections.ts';
import { type Member, type MemberMail, mailMembers } from '../core/member-mail.ts';
import { cohortTitle } from '../core/model.ts';
import { absolute, paths } from '../core/paths.ts';
import { unsubscribeUrl } from '../core/unsubscribe-links.ts';
import { isLocale } from '../i18n/index.ts';
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

/**
 * The course's cover as the mail shows it: its PNG or JPG where there is one (Gmail and
 * Outlook show no SVG), as a full URL, since a mail is read away from the site.
 */
function coverOf(baseUrl: string, course: Course): { src: string; alt: string } | null {
  const src = course.coverMail ?? course.cover;
  return src ? { src: absolute(baseUrl, src), alt: course.coverAlt ?? '' } : null;
}

export async function runDigest(
  app: FastifyInstance,
  context: CohortContext,
  period: Period,
  options: RunOptions = {},
): Promise<RunSummary> {
  const { cohort, course } = context;
  const summary: RunSummary = {
    members: 0,
    queued: 0,
    already: 0,
    empty: 0,
    optedOut: 0,
    other: 0,
  };

  // Every member's digest covers the same cohort and period: what they share is loaded once,
  // and what is their own once per batch of members.
  const run = new DigestRun();

  async function one(user: Member): Promise<MemberMail | undefined> {
    if (user.digest === 'off') return void summary.optedOut++;
    if (user.digest !== period.frequency) return void summary.other++;
    const digest = await composeDigest(app, context, user, period, run);
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
        cover: coverOf(app.config.baseUrl, course),
        sections: digest.sections,
        cohortUrl: digest.cohortUrl,
        frequency: period.frequency,
        timezone: cohort.timezone,
        settingsUrl: absolute(app.config.baseUrl, paths.settings()),
        unsubscribeUrl: unsubscribeUrl(app, user.id),
      },
    );
    return { key: digestKey(user.id, cohort.id, period), kind: 'digest', ...mail };
  }

  // Learners only: a cohort someone only organises sends them no learner digest.
  await mailMembers(app, {
    cohortId: cohort.id,
    compose: one,
    batchSize: options.batchSize,
    parallel: options.parallel ?? 8,
    beforeBatch: (members) =>
      run.startBatch(members.filter((m) => m.digest === period.frequency).map((m) => m.id)),
    onBatch: (progress) => {
      summary.members = progress.members;
      summary.already = progress.already;
      // A dry run counts the digests it composed as queued; none reaches the outbox.
      if (!options.dryRun) summary.queued = progress.queued;
      options.onProgress?.(summary.members, summary);
    },
  });
  return summary;
}
