// GET /healthz for load balancers.
import type { FastifyInstance } from 'fastify';
import healthRoutes from './routes.ts';

export default async function health(app: FastifyInstance, opts: { ping(): Promise<boolean> }) {
  await app.register(healthRoutes, opts);
}
