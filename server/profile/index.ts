// Faces: a member's profile in a cohort, who's here, and a member's page.
import type { FastifyInstance } from 'fastify';
import { peopleChanged } from '../core/people.ts';
import { facesDigest } from './digest-section.ts';
import { peoplePanel } from './invitation.ts';
import { registerProfileData } from './personal-data.ts';
import { deleteProfile } from './queries.ts';
import profileRoutes from './routes.ts';
import { summariesOf } from './summaries.ts';

export default async function profile(app: FastifyInstance) {
  registerProfileData(app.personalData);
  app.people.provide(summariesOf);
  app.digestSections.add(facesDigest);
  // A member who leaves takes their profile with them: who's here lists members only anyway.
  app.membership.onDeparture(async (tx, { cohortId, userId }) => {
    await deleteProfile(tx, cohortId, userId);
    return async () => {
      peopleChanged();
      app.conversationCache.clear();
    };
  });
  app.panels.cohortHome.add({
    name: 'people',
    view: 'profile/_panel',
    order: 15,
    load: peoplePanel,
  });
  await app.register(profileRoutes);
}
