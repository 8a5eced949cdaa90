// Each member's daily or weekly digest mail, and unsubscribing from it. Its sections come from
// the features (app.digestSections); the rooms that opened are its own.
import type { FastifyInstance } from 'fastify';
import { roomsDigest } from './rooms-section.ts';
import { runDueDigests } from './scheduler.ts';
import unsubscribeRoutes from './unsubscribe.ts';

export default async function digest(app: FastifyInstance) {
  app.digestSections.add(roomsDigest);
  app.ticks.add('digests', () => runDueDigests(app));
  await app.register(unsubscribeRoutes);
}
