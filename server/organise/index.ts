// The organisers' desk: cohorts, schedule, settings, co-organisers; and what organisers see
// around the pages learners use (app.chrome).
import type { FastifyInstance } from 'fastify';
import { organiserChrome } from './chrome.ts';
import organiseRoutes from './routes.ts';

export default async function organise(app: FastifyInstance) {
  app.chrome.add(organiserChrome);
  await app.register(organiseRoutes);
}
