// House rules the cohort sets itself: the organisers' draft, members' proposals, five-day
// consent votes, versions, and the settings that other features obey (read through core).
import type { FastifyInstance } from 'fastify';
import { findCohortById } from '../core/cohorts.ts';
import { currentHouseRules } from '../core/house-rules.ts';
import { forgetHouseSettings } from '../core/house-settings.ts';
import { paths } from '../core/paths.ts';
import { peopleChanged } from '../core/people.ts';
import { rulesDigest } from './digest-section.ts';
import {
  closeProposal,
  countOpenProposals,
  eraseRulesData,
  exportRulesData,
  listDueProposals,
} from './queries.ts';
import rulesRoutes from './routes.ts';

/** Closes every proposal whose five days are over (the minute tick; tests call it too). */
export async function closeDueProposals(app: FastifyInstance): Promise<number> {
  const now = app.clock();
  let closed = 0;
  for (const due of await listDueProposals(app.db, now)) {
    const result = await closeProposal(app.db, due.id, now, async (tx, cohortId, ruleId) => {
      const cohort = await findCohortById(tx, cohortId);
      const course = cohort ? app.content.current().courses.get(cohort.courseId) : undefined;
      if (!course) return '';
      const rules = await currentHouseRules(tx, cohortId, course);
      return rules.rules.find((r) => r.id === ruleId)?.text ?? '';
    });
    if (!result) continue;
    closed++;
    if (result.outcome.adopted) {
      forgetHouseSettings(app.db, result.proposal.cohortId);
      // A setting (who is listed, how names show) changes the faces and cards on threads.
      peopleChanged();
      app.conversationCache.clear();
    }
  }
  return closed;
}

export default async function rules(app: FastifyInstance) {
  app.personalData.register({
    name: 'houseRules',
    export: (db, user) => exportRulesData(db, user.id),
    erase: (db, user) => eraseRulesData(db, user.id),
  });
  app.digestSections.add(rulesDigest);
  app.panels.cohortHome.add({
    name: 'rules',
    view: 'rules/_panel',
    order: 16,
    async load({ app, context, role }) {
      if (!role || !context.course.houseRules) return null;
      const [current, open] = await Promise.all([
        currentHouseRules(app.db, context.cohort.id, context.course),
        countOpenProposals(app.db, context.cohort.id),
      ]);
      return { version: current.version, open, href: paths.rules(context.cohort.slug) };
    },
  });
  app.ticks.add('house-rules', () => closeDueProposals(app));
  await app.register(rulesRoutes);
}
