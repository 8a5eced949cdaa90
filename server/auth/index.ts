// Signing in and out by e-mail link (the sessions themselves are core).
import type { FastifyInstance } from 'fastify';
import authRoutes from './routes.ts';

export default async function auth(app: FastifyInstance) {
  await app.register(authRoutes);
}
