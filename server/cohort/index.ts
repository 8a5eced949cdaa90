// The catalogue, each cohort's home page, and joining and leaving a cohort.
import type { FastifyInstance } from 'fastify';
import enrolmentRoutes from './enrolment.ts';
import cohortHomeRoutes from './home.ts';

export default async function cohort(app: FastifyInstance) {
  await app.register(cohortHomeRoutes);
  await app.register(enrolmentRoutes);
}
