// English text of the meet-up; part of en.ts, with exactly the keys of meetup.nl.ts.
import type { meetupNl } from './meetup.nl.ts';

export const meetupEn: Record<keyof typeof meetupNl, string> = {
  'meetup.title': 'Meet-up',
};
