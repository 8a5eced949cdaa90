// Dutch text of the meet-up (server/meetup/, views/meetup/, its mails); part of nl.ts.
export const meetupNl = {
  'meetup.title': 'Ontmoeting',
};
