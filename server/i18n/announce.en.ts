// English text of the organiser's desk (announce); part of en.ts, the same keys as announce.nl.ts.
import type { announceNl } from './announce.nl.ts';

export const announceEn: Record<keyof typeof announceNl, string> = {
  // The organiser's page
  'announce.organiseTitle': 'Announcements',
  'announce.lead':
    'A short message for the whole cohort. It appears on the cohort’s home page and goes into the next digest.',
  'announce.newTitle': 'New announcement',
  'announce.errorSummary': 'Please check these fields',
  'announce.field.title': 'Title',
  'announce.field.body': 'Message',
  'announce.field.urgent': 'Urgent: e-mail it to every participant right now',
  'announce.hint.body': 'Markdown works: *italics*, **bold**, links and lists.',
  'announce.hint.urgent':
    'An urgent announcement goes to everyone at once, also to those who turned digests off, so it is not repeated in the digest.',
  'announce.publish': 'Publish',
  'announce.earlier': 'Earlier announcements',
  'announce.none': 'No announcements yet.',
  'announce.urgentBadge': 'urgent',
  'announce.mailedOn': 'e-mailed on {date}',
  'announce.delete': 'Delete',
  'announce.edit': 'Edit',
  'announce.editLabel': 'Edit “{title}”',
  'announce.editTitle': 'Edit the announcement',
  'announce.editLead':
    'Your changes show on the home page at once, and in every digest that has not gone out yet.',
  'announce.editMailed':
    'This announcement was e-mailed on {date}; that mail cannot be changed. Your changes show on the home page at once.',
  'announce.save': 'Save changes',
  'announce.cancelEdit': 'Back to the announcements, without saving',
  'announce.flash.saved': 'The announcement is saved.',
  'announce.deleteLabel': 'Delete “{title}”',
  'announce.error.titleRequired': 'Give the announcement a title.',
  'announce.error.bodyRequired': 'Write the message.',
  'announce.error.tooLong': 'This is too long: {max} characters at most.',
  'announce.flash.published': 'The announcement is on the home page and goes into the next digest.',
  'announce.flash.mailed.one':
    'The announcement is published and on its way to {count} participant.',
  'announce.flash.mailed.other':
    'The announcement is published and on its way to {count} participants.',
  'announce.flash.deleted': 'The announcement is deleted.',
  'announce.flash.notFound': 'That announcement does not exist (any more).',
  // On the cohort home
  'announce.homeTitle': 'Announcements',
  'announce.homeNone': 'No announcements yet.',
  'announce.write': 'Write an announcement',
  // In the digest
  'announce.digest.section': 'Announcements',
  'announce.digest.subjectOne': 'Announcement: {title}',
  'announce.digest.subjectMany.one': '{count} announcement',
  'announce.digest.subjectMany.other': '{count} announcements',
  // The urgent mail
  'announce.mail.subject': 'Announcement: {title}',
  'announce.mail.intro': 'An announcement from the organisers of “{course}”:',
  'announce.mail.introBy': '{author} has an announcement for the participants of “{course}”:',
  'announce.mail.visit': 'Go to the cohort',
  'announce.mail.why':
    'You receive this e-mail because you take part in “{course}” and the organisers marked it urgent.',
  'announce.mail.settings': 'Your settings',
  'announce.mail.unsubscribe': 'Unsubscribe from digests',
  // Writing a room
  'announce.writing.title': 'Writing a room',
  'announce.writing.lead':
    'How a course’s content is put together: the course, rooms, exhibits, assignments and media, with a complete example.',
};
