// The organisers' dashboard: numbers, activity, places, mail, and the reports other features
// add (app.panels.dashboard: peer feedback, the meet-up).
import type { FastifyInstance } from 'fastify';
import dashboardRoutes from './routes.ts';

export default async function dashboard(app: FastifyInstance) {
  await app.register(dashboardRoutes);
}
