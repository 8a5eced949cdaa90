// Polls and self-scans written into the content: the vote, the results at their place in
// the text, the organisers' report, the digest's reminders and results, personal data.
import type { FastifyInstance } from 'fastify';
import pollsDeskRoutes, { pollsDashboard } from './dashboard.ts';
import { pollsDigest } from './digest.ts';
import { registerPollData } from './personal-data.ts';
import { deleteVotes } from './queries.ts';
import pollRoutes from './routes.ts';
import { loadPollViews } from './views.ts';

export default async function polls(app: FastifyInstance) {
  registerPollData(app.personalData);
  // Results count members only: someone who leaves takes their answers along.
  app.membership.onDeparture(async (tx, { cohortId, userId }) => {
    await deleteVotes(tx, userId, cohortId);
    return undefined;
  });
  app.blocks.add({
    kind: 'poll',
    view: 'polls/_poll',
    load: ({ app: a, member, room, exhibit }, ids) => {
      const here = exhibit ? exhibit.polls : room.polls;
      return loadPollViews(
        a,
        member,
        here.filter((p) => ids.includes(p.id)),
      );
    },
  });
  app.panels.dashboard.add({
    name: 'polls',
    view: 'polls/_dashboard',
    order: 30,
    load: pollsDashboard,
  });
  app.digestSections.add(pollsDigest);
  await app.register(pollRoutes);
  await app.register(pollsDeskRoutes);
}
