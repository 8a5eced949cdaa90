// The organisers' dashboard: numbers, activity, places, feedback, meet-up, mail.
import type { FastifyInstance } from 'fastify';
import dashboardRoutes from './routes.ts';

export default async function dashboard(app: FastifyInstance) {
  await app.register(dashboardRoutes);
}
