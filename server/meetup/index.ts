// The cohort's meet-up: invitation, answers with a waitlist, reminders.
import type { FastifyInstance } from 'fastify';
import { meetupReport } from './dashboard-panel.ts';
import { meetupDigest } from './digest-section.ts';
import { giveUpMeetupPlace } from './leave.ts';
import meetupLinkRoutes from './links.ts';
import { notifyPromoted } from './mail.ts';
import meetupOrganiseRoutes from './organise.ts';
import { registerMeetupData } from './personal-data.ts';
import { tellUntoldPromotions } from './promotions.ts';
import { sendDueReminders } from './reminders.ts';
import meetupRoutes from './routes.ts';
import { meetupTeaser } from './teaser.ts';

export default async function meetup(app: FastifyInstance) {
  registerMeetupData(app.personalData, {
    clock: () => app.clock(),
    notify: (promoted) => notifyPromoted(app, promoted),
  });
  app.membership.onDeparture(giveUpMeetupPlace(app));
  app.panels.cohortHome.add({
    name: 'meetup',
    view: 'meetup/_teaser',
    order: 30,
    load: meetupTeaser,
  });
  app.digestSections.add(meetupDigest);
  app.panels.dashboard.add({
    name: 'meetup',
    view: 'meetup/_dashboard',
    order: 20,
    load: meetupReport,
  });
  app.ticks.add('meetup reminders', () => sendDueReminders(app, app.clock()));
  app.ticks.add('meetup promotions nobody was told of', () =>
    tellUntoldPromotions(app, app.clock()),
  );
  await app.register(meetupRoutes);
  await app.register(meetupOrganiseRoutes);
  await app.register(meetupLinkRoutes);
}
