// The house rules a cohort has now: the course's draft with every adopted change laid over it,
// and the version that makes. Enrolment shows the version a newcomer accepts, and a report
// cites a rule by id, without either knowing how rules are proposed and voted on.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ruleChanges } from '../../db/schema.ts';
import type { Course, HouseRule } from '../content/types.ts';

export interface CurrentRule extends HouseRule {
  /** The version that last changed this rule (1: as the draft has it). */
  since: number;
}

export interface CurrentHouseRules {
  version: number;
  rules: CurrentRule[];
}

export async function currentHouseRules(
  db: Db,
  cohortId: number,
  course: Course,
): Promise<CurrentHouseRules> {
  const changes = await db
    .select()
    .from(ruleChanges)
    .where(eq(ruleChanges.cohortId, cohortId))
    .orderBy(asc(ruleChanges.version));
  const rules: CurrentRule[] = (course.houseRules?.rules ?? []).map((r) => ({ ...r, since: 1 }));
  for (const c of changes) {
    const rule: CurrentRule = {
      id: c.ruleId,
      text: c.text,
      setting: (c.setting as CurrentRule['setting']) ?? null,
      value: c.value,
      since: c.version,
    };
    const at = rules.findIndex((r) => r.id === c.ruleId);
    if (at >= 0) rules[at] = rule;
    else rules.push(rule);
  }
  return { version: changes.at(-1)?.version ?? 1, rules };
}
