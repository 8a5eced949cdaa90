// Leaving a cohort, or being removed from it, touches what other features keep about the
// member (a meet-up place, say). Features add a hook; the membership change and every hook run
// in one transaction, so nobody is half gone. A hook may hand back work for after the commit
// (telling someone by mail); if the process dies before that, the feature's own minute-tick
// safety net picks it up.
import type { Db } from '../../db/client.ts';

export interface Departure {
  cohortId: number;
  userId: number;
  /** 'left': the member chose to; 'removed': an organiser took them off the cohort. */
  reason: 'left' | 'removed';
  at: Date;
}

export type AfterCommit = () => Promise<void>;
export type DepartureHook = (tx: Db, departure: Departure) => Promise<AfterCommit | undefined>;

export class MembershipHooks {
  private hooks: DepartureHook[] = [];

  onDeparture(hook: DepartureHook): void {
    this.hooks.push(hook);
  }

  /**
   * Runs `change` (which ends the membership, inside `tx`) and every departure hook in one
   * transaction; then the hooks' after-commit work. Returns what `change` returned.
   */
  async depart<T>(db: Db, departure: Departure, change: (tx: Db) => Promise<T>): Promise<T> {
    const later: AfterCommit[] = [];
    const result = await db.transaction(async (tx) => {
      const changed = await change(tx as unknown as Db);
      if (changed === false) return changed;
      for (const hook of this.hooks) {
        const after = await hook(tx as unknown as Db, departure);
        if (after) later.push(after);
      }
      return changed;
    });
    for (const after of later) await after();
    return result;
  }
}
