// The settings a cohort's house rules control. The rules feature decides them by the cohort's
// own vote; other features only read them here, so none of them depends on how a rule is made.
// A cohort without an adopted rule for a setting gets its course's seed draft, and a course
// without a draft gets the defaults below (what Salon did before the cohort had a say).
import type { Db } from '../../db/client.ts';

export const houseSettingDefinitions = {
  /** Who's here: everyone listed unless they untick it (opt-out), or only who ticks it (opt-in). */
  directory: { values: ['opt-out', 'opt-in'], fallback: 'opt-out' },
  /** May organisers read a circle's talk: never, when the circle invites them, or always. */
  organisers_read_circles: {
    values: ['never', 'when-invited', 'always'],
    fallback: 'when-invited',
  },
  /** May posts be quoted in mails and summaries, or only after asking the author. */
  quotes_outside: { values: ['yes', 'ask-first'], fallback: 'yes' },
  /** Names in digests: full names or first names only. */
  names_in_digests: { values: ['full', 'first'], fallback: 'full' },
} as const;

export type HouseSettingKey = keyof typeof houseSettingDefinitions;
export type HouseSettings = {
  [K in HouseSettingKey]: (typeof houseSettingDefinitions)[K]['values'][number];
};

export const fallbackHouseSettings = Object.fromEntries(
  Object.entries(houseSettingDefinitions).map(([key, d]) => [key, d.fallback]),
) as HouseSettings;

export function isHouseSettingValue<K extends HouseSettingKey>(
  key: K,
  value: unknown,
): value is HouseSettings[K] {
  return (houseSettingDefinitions[key].values as readonly unknown[]).includes(value);
}

/**
 * The settings in force in one cohort now. (Until the rules feature stores adopted settings,
 * every cohort has the fallbacks.)
 */
export async function readHouseSettings(_db: Db, _cohortId: number): Promise<HouseSettings> {
  return { ...fallbackHouseSettings };
}
