// The settings cache: a read that was under way when an adoption was forgotten must not keep
// what it read, or this process would serve the old setting for the cache's lifetime.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import type { ContentStore } from '../../server/content/store.ts';
import {
  forgetHouseSettings,
  listSettingsInForce,
  useHouseRulesContent,
} from '../../server/core/house-settings.ts';

/** A database handle whose settings query answers when the test says so, and counts. */
function heldDatabase() {
  const answers: ((rows: unknown[]) => void)[] = [];
  let queries = 0;
  const db = {
    select: () => ({
      from: () => ({
        where: () => {
          queries++;
          return new Promise<unknown[]>((resolve) => answers.push(resolve));
        },
      }),
    }),
  } as unknown as Db;
  const adopted = { cohortId: 1, key: 'names_in_digests', value: 'first', ruleId: 'names' };
  const row = { ...adopted, version: 2, adoptedAt: new Date(), votesFor: 3, votesTotal: 4 };
  return {
    db,
    queries: () => queries,
    answer: (rows: unknown[]) => answers.shift()?.(rows),
    adoptedRow: row,
  };
}

describe('the house settings cache', () => {
  it('keeps a read, and forgets it when a setting is adopted', async () => {
    const held = heldDatabase();
    useHouseRulesContent(held.db, {} as ContentStore, 60_000);
    const first = listSettingsInForce(held.db, 1, null);
    held.answer([]);
    await first;
    await listSettingsInForce(held.db, 1, null);
    expect(held.queries()).toBe(1);
    forgetHouseSettings(held.db, 1);
    const again = listSettingsInForce(held.db, 1, null);
    held.answer([held.adoptedRow]);
    const names = (await again).find((s) => s.key === 'names_in_digests');
    expect(names?.value).toBe('first');
    expect(held.queries()).toBe(2);
  });

  it('does not keep a read that started before the adoption was forgotten', async () => {
    const held = heldDatabase();
    useHouseRulesContent(held.db, {} as ContentStore, 60_000);
    const before = listSettingsInForce(held.db, 1, null);
    // The adoption commits and is forgotten while the read is still on its way.
    forgetHouseSettings(held.db, 1);
    held.answer([]);
    await before;
    const after = listSettingsInForce(held.db, 1, null);
    expect(held.queries()).toBe(2);
    held.answer([held.adoptedRow]);
    expect((await after).find((s) => s.key === 'names_in_digests')?.value).toBe('first');
  });
});
