// Organisers' announcements (on the cohort home, in the digest, urgent ones by mail) and the
// guide to writing a room.
import type { FastifyInstance } from 'fastify';
import { announcementsDigest } from './digest-section.ts';
import { finishUrgentAnnouncements } from './mail.ts';
import { listAnnouncements } from './queries.ts';
import announceRoutes from './routes.ts';
import writingRoutes from './writing.ts';

export default async function announce(app: FastifyInstance) {
  // Members only: the latest few (one indexed query); the rest live in the digest.
  app.panels.cohortHome.add({
    name: 'announcements',
    view: 'announce/_latest',
    order: 20,
    load: async ({ app, context, role }) =>
      role
        ? {
            announcements: await listAnnouncements(app.db, context.cohort.id, 3),
            organises: role !== 'learner',
          }
        : null,
  });
  app.digestSections.add(announcementsDigest);
  app.ticks.add('urgent announcements left half-sent', () =>
    finishUrgentAnnouncements(app, app.clock()),
  );
  await app.register(announceRoutes);
  await app.register(writingRoutes);
}
