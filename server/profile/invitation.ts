// The cohort home's way to the people: for members without a profile yet, a small invitation
// to introduce themselves (never required); for the others, who's here and their own profile.
import { paths } from '../core/paths.ts';
import type { CohortHomeView } from '../core/plugin.ts';
import { findProfile } from './queries.ts';

export async function peoplePanel({
  app,
  context: { cohort },
  role,
  userId,
}: CohortHomeView): Promise<{ invite: boolean; profile: string; people: string } | null> {
  if (!role || userId === null) return null;
  const mine = await findProfile(app.db, cohort.id, userId);
  return { invite: !mine, profile: paths.profile(cohort.slug), people: paths.people(cohort.slug) };
}
