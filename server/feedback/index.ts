// Structured peer feedback on each room's assignment.
import type { FastifyInstance } from 'fastify';
import { feedbackReport } from './dashboard-panel.ts';
import { feedbackDigest } from './digest-section.ts';
import feedbackOrganiseRoutes from './organise.ts';
import { registerFeedbackData } from './personal-data.ts';
import feedbackRoutes from './routes.ts';

export default async function feedback(app: FastifyInstance) {
  registerFeedbackData(app.personalData);
  app.digestSections.add(feedbackDigest);
  app.panels.dashboard.add({
    name: 'feedback',
    view: 'feedback/_dashboard',
    order: 10,
    load: feedbackReport,
  });
  await app.register(feedbackRoutes);
  await app.register(feedbackOrganiseRoutes);
}
