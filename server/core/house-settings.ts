// The settings a cohort's house rules control. The rules feature decides them by the cohort's
// own vote; other features only read them here, so none of them depends on how a rule is made.
// A cohort without an adopted rule for a setting gets its course's seed draft
// (house-rules.md), and a course without a draft gets the fallbacks (what Salon did before
// the cohort had a say).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cohorts, houseSettings } from '../../db/schema.ts';
import {
  fallbackHouseSettings,
  type HouseSettingKey,
  type HouseSettings,
  houseSettingKeys,
  isHouseSettingKey,
  isHouseSettingValue,
} from '../content/house-settings.ts';
import type { ContentStore } from '../content/store.ts';
import type { Course } from '../content/types.ts';

export {
  fallbackHouseSettings,
  type HouseSettingKey,
  type HouseSettings,
  houseSettingDefinitions,
  houseSettingKeys,
  isHouseSettingKey,
  isHouseSettingValue,
} from '../content/house-settings.ts';

/** Where a setting's value comes from, for the page that says who decided it. */
export interface SettingInForce {
  key: HouseSettingKey;
  value: string;
  /** The rule that sets it (null: no draft names it, the fallback applies). */
  ruleId: string | null;
  /** 1 = the course's draft; higher = the version an adopted proposal made. */
  version: number;
  /** null while the draft's value stands. */
  adoptedAt: Date | null;
  votesFor: number | null;
  votesTotal: number | null;
}

// The settings are read on every who's-here page and for every digest: a few seconds in
// memory spares those reads, and an adoption in this process forgets them at once. Another
// process sees an adoption within cacheMs.
const cache = new WeakMap<Db, Map<number, { at: number; value: SettingInForce[] }>>();
const sources = new WeakMap<Db, { content: ContentStore; cacheMs: number }>();
/**
 * How often each cohort's settings were forgotten: a read that started before an adoption
 * must not keep what it read once the adoption has been forgotten.
 */
const generations = new WeakMap<Db, Map<number, number>>();
const generationOf = (db: Db, cohortId: number) => generations.get(db)?.get(cohortId) ?? 0;

/**
 * Lets core find a cohort's course draft from the database handle alone, and says how long
 * settings may be served from memory (app.ts calls it; tests use 0).
 */
export function useHouseRulesContent(db: Db, content: ContentStore, cacheMs = 5000): void {
  sources.set(db, { content, cacheMs });
  cache.delete(db);
}

/** Drops what this process remembers of a cohort's settings (after an adoption). */
export function forgetHouseSettings(db: Db, cohortId: number): void {
  cache.get(db)?.delete(cohortId);
  const forDb = generations.get(db) ?? new Map<number, number>();
  generations.set(db, forDb);
  forDb.set(cohortId, generationOf(db, cohortId) + 1);
}

function draftSettings(course: Course | null | undefined): SettingInForce[] {
  return houseSettingKeys.map((key) => {
    const rule = course?.houseRules?.rules.find((r) => r.setting === key);
    const value = rule && isHouseSettingValue(key, rule.value) ? rule.value : null;
    return {
      key,
      value: value ?? fallbackHouseSettings[key],
      ruleId: value ? (rule?.id ?? null) : null,
      version: 1,
      adoptedAt: null,
      votesFor: null,
      votesTotal: null,
    };
  });
}

/** Every setting with the rule, version and vote that put it in force. */
export async function listSettingsInForce(
  db: Db,
  cohortId: number,
  course?: Course | null,
): Promise<SettingInForce[]> {
  const now = Date.now();
  const source = sources.get(db);
  const hit = cache.get(db)?.get(cohortId);
  if (hit && now - hit.at < (source?.cacheMs ?? 0)) return hit.value;
  const generation = generationOf(db, cohortId);
  let draftCourse = course;
  if (draftCourse === undefined) {
    const [row] = await db
      .select({ courseId: cohorts.courseId })
      .from(cohorts)
      .where(eq(cohorts.id, cohortId));
    draftCourse = row ? source?.content.current().courses.get(row.courseId) : null;
  }
  const adopted = await db.select().from(houseSettings).where(eq(houseSettings.cohortId, cohortId));
  const value = draftSettings(draftCourse).map((d): SettingInForce => {
    const row = adopted.find((a) => a.key === d.key);
    if (!row || !isHouseSettingKey(row.key) || !isHouseSettingValue(d.key, row.value)) return d;
    return {
      key: d.key,
      value: row.value,
      ruleId: row.ruleId,
      version: row.version,
      adoptedAt: row.adoptedAt,
      votesFor: row.votesFor,
      votesTotal: row.votesTotal,
    };
  });
  // Forgotten while this read was under way: what it read may be from before the change.
  if (generationOf(db, cohortId) !== generation) return value;
  const forDb = cache.get(db) ?? new Map();
  cache.set(db, forDb);
  forDb.set(cohortId, { at: now, value });
  return value;
}

/** The settings in force in one cohort now. */
export async function readHouseSettings(db: Db, cohortId: number): Promise<HouseSettings> {
  const settings = await listSettingsInForce(db, cohortId);
  return Object.fromEntries(settings.map((s) => [s.key, s.value])) as HouseSettings;
}

/** A name as the digest shows it: the first word only when the cohort chose first names. */
export function digestName(
  name: string | null,
  names: HouseSettings['names_in_digests'],
): string | null {
  if (name === null || names === 'full') return name;
  return name.trim().split(/\s+/)[0] ?? name;
}
