// English text of profiles and who's here; part of en.ts, with exactly the keys of profile.nl.ts.
import type { profileNl } from './profile.nl.ts';

export const profileEn: Record<keyof typeof profileNl, string> = {
  'profile.title': 'Your profile',
  'profile.lead':
    'Introduce yourself to the others in this cohort. Everything is optional; what you write here is seen only by participants and organisers.',
  'profile.errorSummary': 'Please check your profile',
  'profile.changeName': 'change your name in your settings',
  'profile.field.intro': 'About you',
  'profile.hint.intro':
    'A few sentences: who you are, what you come to find or bring. At most {max} characters.',
  'profile.field.languages': 'Languages you speak',
  'profile.language.nl': 'Dutch',
  'profile.language.en': 'English',
  'profile.language.de': 'German',
  'profile.language.fr': 'French',
  'profile.language.es': 'Spanish',
  'profile.language.other': 'Another language',
  'profile.field.time_band': 'When are you usually here?',
  'profile.time.morning': 'In the morning',
  'profile.time.daytime': 'During the day',
  'profile.time.evening': 'In the evening',
  'profile.time.weekend': 'At the weekend',
  'profile.time.none': 'I would rather not say',
  'profile.hint.links':
    'Your own blog, LinkedIn or another place people can find you. Only addresses that start with https://.',
  'profile.field.link_1': 'Link',
  'profile.field.link_2': 'Second link',
  'profile.field.listed': "Show me in Who's here",
  'profile.hint.listed':
    'Untick this and you are left out of the list, and your page is seen only by you and the organisers. Your comments stay in their conversations.',
  'profile.save': 'Save profile',
  'profile.saved': 'Saved.',
  'profile.error.tooLong': 'Please make it shorter: at most {max} characters.',
  'profile.error.httpsOnly':
    'Only links that start with https://: an http link or another kind of address can be changed on its way.',
  'profile.error.link': 'This is not a web address. Write it like https://example.org/blog.',
  'profile.error.language': 'Choose one of the languages in the list.',
  'profile.error.timeBand': 'Choose one of the times in the list.',
  'profile.field.photo': 'Photo',
  'profile.hint.photo':
    'Optional. A JPEG, PNG or WebP of at most 2 MB; we make it square and remove what the camera stored in it (such as where it was taken).',
  'profile.field.remove_photo': 'Remove my photo',
  'profile.error.photoTooLarge': 'This file is larger than {max} MB. Choose a smaller photo.',
  'profile.error.photoEmpty': 'This file is empty. Choose the photo again.',
  'profile.error.photoFormat': 'This is not a JPEG, PNG or WebP photo. Choose one of those.',
  'profile.error.photoUnreadable':
    'This file could not be read as a photo; it may be damaged. Choose another one.',
  'profile.invite.title': 'Introduce yourself',
  'profile.invite.text':
    'Tell the others in a few sentences who you are, and answer a question or two. You do not have to, but it lets people know who they are talking to.',
  'profile.invite.link': 'Introduce yourself',
  'profile.invite.people': 'See who is here',
  'people.title': "Who's here",
  'people.lead':
    'The participants of this cohort, by name. Find people like you, or quite unlike you.',
  'people.introduceYourself': 'You have not introduced yourself yet.',
  'people.editYours': 'Edit your profile',
  'people.filters': 'Who are you looking for?',
  'people.filter.room': "Has been in this week's room ({room})",
  'people.filter.new': 'New this week',
  'people.filter.language': 'Speaks',
  'people.filter.any': 'Any',
  'people.filter.time': 'Is usually here',
  'people.filter.prompt': 'Answered the question',
  'people.filter.show': 'Show',
  'people.filter.clear': 'Show everyone',
  'people.count.one': '{count} participant',
  'people.count.other': '{count} participants',
  'people.pageOf': 'page {page} of {pages}',
  'people.empty':
    'Nobody is listed yet. Be the first to introduce yourself, so the next ones know who they will meet.',
  'people.emptyFiltered':
    'Nobody matches this choice. Try one filter fewer, or look again later: people join every week.',
  'people.pages': 'Pages of the participant list',
  'people.previous': 'Previous',
  'people.next': 'Next',
  'people.notListed': 'not listed',
  'people.noIntro': 'Has not introduced themselves yet.',
  'person.writing': 'Wrote in this cohort',
  'person.noWriting': 'Nothing others can read yet.',
};
