// A person's own settings: name, language, digest, export and delete.
import type { FastifyInstance } from 'fastify';
import { registerAccountData } from './account-data.ts';
import settingsRoutes from './routes.ts';

export default async function settings(app: FastifyInstance) {
  registerAccountData(app.personalData);
  await app.register(settingsRoutes);
}
