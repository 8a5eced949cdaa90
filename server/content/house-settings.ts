// The settings a cohort's house rules may control, and the value each takes when nobody said.
// They live with the content because a course's seed draft (house-rules.md) names them and the
// content check refuses a value the software would not know; core reads and re-exports them.

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

export const houseSettingKeys = Object.keys(houseSettingDefinitions) as HouseSettingKey[];

export const isHouseSettingKey = (key: unknown): key is HouseSettingKey =>
  typeof key === 'string' && Object.hasOwn(houseSettingDefinitions, key);

export const fallbackHouseSettings = Object.fromEntries(
  Object.entries(houseSettingDefinitions).map(([key, d]) => [key, d.fallback]),
) as HouseSettings;

export function isHouseSettingValue<K extends HouseSettingKey>(
  key: K,
  value: unknown,
): value is HouseSettings[K] {
  return (houseSettingDefinitions[key].values as readonly unknown[]).includes(value);
}
