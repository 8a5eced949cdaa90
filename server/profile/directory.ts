// Who is listed in who's here, as the cohort's house rule on the directory says. Under opt-out
// the box comes ticked, so a profile saved then says nothing about wanting to be listed; once
// the cohort adopts opt-in, such a profile counts as unticked until its member saves it again.
// (A cohort that goes back to opt-in a second time asks again too: the safer reading.)
import type { Db } from '../../db/client.ts';
import { type HouseSettings, listSettingsInForce } from '../core/house-settings.ts';

/** The cohort's house rule on who's here (server/core/house-settings.ts). */
export type Directory = HouseSettings['directory'];

export interface DirectoryRule {
  rule: Directory;
  /** Under an adopted opt-in: a ticked box counts only on a profile saved since then. */
  choiceSince: Date | null;
}

export const optOut: DirectoryRule = { rule: 'opt-out', choiceSince: null };

export async function readDirectory(db: Db, cohortId: number): Promise<DirectoryRule> {
  const setting = (await listSettingsInForce(db, cohortId)).find((s) => s.key === 'directory');
  if (setting?.value !== 'opt-in') return optOut;
  return { rule: 'opt-in', choiceSince: setting.adoptedAt };
}

/** Whether a member is listed: `listed` and `savedAt` are their profile's, null without one. */
export function isListed(
  listed: boolean | null,
  savedAt: Date | null,
  directory: DirectoryRule,
): boolean {
  if (listed === null) return directory.rule === 'opt-out';
  if (directory.choiceSince && savedAt && savedAt < directory.choiceSince) return false;
  return listed;
}
