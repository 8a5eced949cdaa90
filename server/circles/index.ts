// Circles of four to six: opting in, forming, a circle's private space and thread, drop-outs
// and merges. The thread is the conversation's; this feature says who may use it.
import type { FastifyInstance } from 'fastify';
import { paths } from '../core/paths.ts';
import { circleRoomOf, threadAccess } from './access.ts';
import { circleDigest } from './digest-section.ts';
import { renderCirclePage } from './pages.ts';
import { registerCircleData } from './personal-data.ts';
import { findCurrentCircle, findSignup, leaveCircles } from './queries.ts';
import circleRoutes from './routes.ts';
import { offerMerges, placeWaiting } from './tick.ts';

export default async function circles(app: FastifyInstance) {
  registerCircleData(app.personalData);
  app.chrome.addDeskLink({
    section: 'circles',
    label: 'circles.desk.nav',
    icon: 'users-round',
    href: (cohort) => paths.deskCircles(cohort),
    shows: (member) => Boolean(member.course.circles),
  });
  app.threadPlaces.add({
    kind: 'circle',
    access: threadAccess,
    roomOf: circleRoomOf,
    render: (a, request, reply, member, key, state) =>
      renderCirclePage(a, request, reply, member, key.kind === 'circle' ? key.circleId : 0, state),
  });
  // Leaving the cohort frees the place in the same transaction; the thread stays readable to
  // who was in it (their row keeps left_at), until they leave the cohort, which ends that too.
  app.membership.onDeparture(async (tx, { cohortId, userId, at }) => {
    await leaveCircles(tx, cohortId, userId, at);
    return undefined;
  });
  app.panels.cohortHome.add({
    name: 'circles',
    view: 'circles/_panel',
    order: 16,
    load: async ({ context, role, userId, app: a }) => {
      if (!context.course.circles || !role || userId === null) return null;
      const [circle, signup] = await Promise.all([
        findCurrentCircle(a.db, context.cohort.id, userId),
        findSignup(a.db, context.cohort.id, userId),
      ]);
      return { circle, waiting: !circle && Boolean(signup), organises: role !== 'learner' };
    },
  });
  app.digestSections.add(circleDigest);
  app.ticks.add('circles: place the bench', () => placeWaiting(app));
  app.ticks.add('circles: offer small circles a merge', () => offerMerges(app));
  await app.register(circleRoutes);
}
