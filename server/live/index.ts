// Live hours: a room's chat with facilitators, pushed to every member through Server-Sent
// Events fed by PostgreSQL LISTEN/NOTIFY, the plan run by the minute tick, and the desk.
import type { FastifyInstance } from 'fastify';
import { paths } from '../core/paths.ts';
import { dropAttendance } from './attendance.ts';
import liveDeskRoutes from './desk.ts';
import { liveDigest } from './digest-section.ts';
import { LiveHub } from './hub.ts';
import { cohortPanel, roomPanel } from './panels.ts';
import { registerLiveData } from './personal-data.ts';
import { notify } from './queries.ts';
import liveRoutes from './routes.ts';
import { liveFor } from './session.ts';
import { storyThreadPlace } from './story-thread.ts';
import { runLiveHours } from './tick.ts';

export default async function live(app: FastifyInstance) {
  const hub = new LiveHub(app);
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => hub.closeAll());
  // A member who leaves or is removed loses their streams in every process (the notice goes
  // out with the membership change's commit) and is no longer expected at its hours.
  app.membership.onDeparture(async (tx, d) => {
    await dropAttendance(tx, d.cohortId, d.userId);
    await notify(tx, `0 x ${d.cohortId}:${d.userId}`);
    return undefined;
  });
  app.chrome.addDeskLink({
    section: 'live',
    label: 'live.desk.title',
    icon: 'message-circle',
    href: (cohort) => paths.desk(cohort, 'live'),
    shows: (member) => member.course.rooms.some((r) => r.live),
  });
  app.panels.room.add({ name: 'live', view: 'live/_panel', order: 15, load: roomPanel });
  app.panels.cohortHome.add({ name: 'live', view: 'live/_panel', order: 25, load: cohortPanel });
  app.digestSections.add(liveDigest);
  app.threadPlaces.add(
    storyThreadPlace((request, member, roomId) =>
      liveFor(app, member, roomId, request.user?.email ?? ''),
    ),
  );
  registerLiveData(app.personalData);
  app.ticks.add('live hours', () => runLiveHours(app));
  await app.register(liveRoutes, { hub });
  await app.register(liveDeskRoutes);
}
