// Each member's daily or weekly digest mail, and unsubscribing from it.
import type { FastifyInstance } from 'fastify';
import { runDueDigests } from './scheduler.ts';
import unsubscribeRoutes from './unsubscribe.ts';

export default async function digest(app: FastifyInstance) {
  app.ticks.add('digests', () => runDueDigests(app));
  await app.register(unsubscribeRoutes);
}
