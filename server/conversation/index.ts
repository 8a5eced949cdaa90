// Rooms and exhibits with their conversations, and each room's wall of finds.
import type { FastifyInstance } from 'fastify';
import { ownThreadPanel } from './circle-panel.ts';
import { resumePanel } from './cohort-panel.ts';
import { conversationDigest } from './digest-section.ts';
import { registerConversationData } from './personal-data.ts';
import roomRoutes from './room-routes.ts';
import conversationRoutes from './routes.ts';
import wallRoutes from './wall-routes.ts';

export default async function conversation(app: FastifyInstance) {
  registerConversationData(app.personalData);
  app.panels.cohortHome.add({
    name: 'resume',
    view: 'conversation/_resume',
    order: 10,
    load: resumePanel,
  });
  app.panels.circle.add({ name: 'thread', view: 'conversation/_own-thread', load: ownThreadPanel });
  app.digestSections.add(conversationDigest);
  await app.register(roomRoutes);
  await app.register(conversationRoutes);
  await app.register(wallRoutes);
}
