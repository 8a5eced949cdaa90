// The organisers' dashboard: numbers, activity, places, mail, and the reports other features
// add (app.panels.dashboard: peer feedback, the meet-up).
import type { FastifyInstance } from 'fastify';
import { foldActivityCounts } from './queries.ts';
import dashboardRoutes from './routes.ts';

export default async function dashboard(app: FastifyInstance) {
  app.ticks.add('dashboard: fold activity counts', () => foldActivityCounts(app.db));
  await app.register(dashboardRoutes);
}
