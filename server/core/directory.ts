// Cohorts and their schedule overrides, cached for a few seconds. Every museum page needs
// them and they change a few times per course run, so reading them from the database on
// each request would cost more than rendering the page. Writes in this process call
// invalidate(); other processes see a change within `ttlMs` (docs/decisions/004).
import type { Db } from '../../db/client.ts';
import type { Cohort } from '../../db/schema.ts';
import { findCohortBySlug, listRoomOpenings } from './cohorts.ts';

export interface CohortEntry {
  cohort: Cohort;
  overrides: ReadonlyMap<string, Date>;
}

export interface CohortDirectory {
  find(slug: string): Promise<CohortEntry | null>;
  invalidate(slug?: string): void;
}

const maxEntries = 1000;

export function createCohortDirectory(db: Db, ttlMs: number): CohortDirectory {
  // Promises, not values: concurrent requests for a cold slug share one database trip.
  const cache = new Map<string, { at: number; entry: Promise<CohortEntry | null> }>();

  async function load(slug: string): Promise<CohortEntry | null> {
    const cohort = await findCohortBySlug(db, slug);
    return cohort ? { cohort, overrides: await listRoomOpenings(db, cohort.id) } : null;
  }

  return {
    find(slug) {
      const now = Date.now();
      const hit = cache.get(slug);
      if (hit && now - hit.at < ttlMs) return hit.entry;
      const entry = load(slug);
      if (ttlMs > 0) {
        // Unknown slugs are cached too (scanners), so bound the map.
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value ?? '');
        cache.set(slug, { at: now, entry });
        entry.catch(() => cache.delete(slug));
      }
      return entry;
    },
    invalidate(slug) {
      if (slug === undefined) cache.clear();
      else cache.delete(slug);
    },
  };
}
