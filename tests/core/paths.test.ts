// Every path the app builds must be one its routes answer: each builder, called with sample
// values, matches a registered route pattern (so a renamed route cannot leave links behind).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absolute, paths } from '../../server/core/paths.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

// A parameter never takes a word the app reserves for its own pages (the content check
// refuses such ids), so "/c/x/organise/settings" cannot pass as some room's exhibit.
const reserved =
  '(?!(?:enrol|leave|meetup|meetup\\.ics|organise|wall|feedback|comments|profile|people|circles|rules|polls|carnival|roundup|live)(?:/|$))';

/** "/c/:cohort/:room" → a regexp that a concrete path must match whole. */
const patternOf = (route: string) =>
  new RegExp(
    `^${route
      .replace(/\./g, '\\.')
      .replace(/:[a-z]+/gi, `${reserved}[^/]+`)
      .replace(/\*$/, '.*')}$`,
  );

const samples: Record<keyof typeof paths, () => string[]> = {
  home: () => [paths.home()],
  signIn: () => [paths.signIn(), paths.signIn('/c/spring?x=1')],
  signInSent: () => [paths.signInSent()],
  signOut: () => [paths.signOut()],
  signInLink: () => [paths.signInLink('abc')],
  locale: () => [paths.locale()],
  settings: () =>
    ['export', 'delete', 'sign-out-everywhere', undefined].map((p) =>
      paths.settings(p as 'export' | undefined),
    ),
  unsubscribe: () => [paths.unsubscribe('1.abc')],
  media: () => [paths.media('demo', 'a b.png')],
  organise: () => [paths.organise()],
  newCohort: () => [paths.newCohort()],
  writingARoom: () => [paths.writingARoom()],
  cohort: () => [paths.cohort('spring')],
  enrol: () => [paths.enrol('spring')],
  leave: () => [paths.leave('spring')],
  announcement: () => [paths.announcement('spring', 3)],
  profile: () => [paths.profile('spring')],
  people: () => [
    paths.people('spring'),
    paths.people('spring', { language: 'nl', after: 'WyJBbm4iLDNd' }),
  ],
  person: () => [paths.person('spring', 8)],
  circles: () => [paths.circles('spring')],
  circlesJoin: () => [paths.circlesJoin('spring')],
  circle: () => [
    paths.circle('spring', 3),
    ...(['comments', 'meeting', 'meeting.ics', 'invite', 'offer'] as const).map((p) =>
      paths.circle('spring', 3, p),
    ),
  ],
  deskCircles: () => [paths.deskCircles('spring')],
  rules: () => [paths.rules('spring')],
  rule: () => [paths.rule('spring', 'directory')],
  ruleProposals: () => [paths.ruleProposals('spring')],
  ruleProposal: () => [paths.ruleProposal('spring', 3)],
  ruleVote: () => [paths.ruleVote('spring', 3)],
  ruleAnswer: () => [paths.ruleAnswer('spring', 3)],
  photo: () => [paths.photo('spring', 'a'.repeat(32)), paths.photo('spring', 'b'.repeat(32), 'l')],
  pollVote: () => [paths.pollVote('spring', 'stadium')],
  deskPollsExport: () => [paths.deskPollsExport('spring')],
  room: () => [paths.room('spring', 'welcome')],
  carnival: () => [
    paths.carnival('spring', 'welcome'),
    paths.carnival('spring', 'welcome', 'roundup'),
    paths.carnival('spring', 'welcome', 'roundup/tags'),
  ],
  carnivalEntry: () => [
    paths.carnivalEntry('spring', 'welcome', 3),
    paths.carnivalEntry('spring', 'welcome', 3, 'comments'),
  ],
  carnivalFeed: () => [paths.carnivalFeed('spring', 'welcome', '1-2.abc')],
  roundup: () => [paths.roundup('spring', 'walking')],
  exhibit: () => [paths.exhibit('spring', 'welcome', 'first-look')],
  exhibitComments: () => [paths.exhibitComments('spring', 'welcome', 'first-look')],
  commentPhoto: () => [paths.commentPhoto(7, 'a'.repeat(32))],
  comment: () =>
    (['reply', 'like', 'flag', 'spotlight', 'edit', 'delete', 'welcome'] as const).map((a) =>
      paths.comment(7, a),
    ),
  wall: () => [paths.wall('spring', 'welcome')],
  find: () => [
    paths.find('spring', 'welcome', 4),
    ...(['edit', 'delete', 'flag', 'like', 'comments', 'feature', 'hide'] as const).map((a) =>
      paths.find('spring', 'welcome', 4, a),
    ),
  ],
  feedback: () => [paths.feedback('spring', 'welcome')],
  review: () => [paths.review('spring', 'welcome')],
  submission: () => [paths.submission('spring', 'welcome', 5)],
  rating: () => [paths.rating('spring', 'welcome', 6)],
  meetup: () => [paths.meetup('spring')],
  meetupCalendar: () => [paths.meetupCalendar('spring')],
  meetupRsvp: () => [paths.meetupRsvp('spring')],
  meetupLink: () => [paths.meetupLink('tok')],
  desk: () => [
    paths.desk('spring'),
    ...(
      [
        'settings',
        'moderation',
        'announcements',
        'feedback',
        'meetup',
        'dashboard',
        'participation',
        'organisers',
        'invitations/withdraw',
      ] as const
    ).map((s) => paths.desk('spring', s)),
  ],
  deskModeration: () => [
    paths.deskModeration('spring'),
    paths.deskModeration('spring', { after: 'WyJ4IiwxXQ', finds_after: 'WyJ5IiwyXQ' }),
  ],
  deskWelcomes: () => [paths.deskWelcomes('spring')],
  deskRoom: () => [paths.deskRoom('spring', 'welcome')],
  deskAnnouncement: () => [
    paths.deskAnnouncement('spring', 2),
    paths.deskAnnouncement('spring', 2, 'edit'),
    paths.deskAnnouncement('spring', 2, 'delete'),
  ],
  deskFeedbackExport: () => [paths.deskFeedbackExport('spring', 'welcome')],
  deskMeetup: () => [
    paths.deskMeetup('spring'),
    paths.deskMeetup('spring', 'invite'),
    paths.deskMeetup('spring', 'export'),
  ],
  deskOrganiser: () => [paths.deskOrganiser('spring', 9)],
  live: () => [
    paths.live('spring', 'seek'),
    ...(
      [
        'messages',
        'stream',
        'questions',
        'start',
        'plan',
        'slow',
        'attend',
        'story',
        'story/comments',
        'story/publish',
        'story/withdraw',
      ] as const
    ).map((p) => paths.live('spring', 'seek', p)),
  ],
  liveMessage: () =>
    (['highlight', 'welcome', 'hide', 'flag'] as const).map((a) =>
      paths.liveMessage('spring', 'seek', 5, a),
    ),
  liveVote: () => [paths.liveVote('spring', 'seek', 3)],
  liveCalendar: () => [paths.liveCalendar('spring', 'seek')],
  deskLive: () => [
    paths.deskLive('spring', 'seek', 'move'),
    paths.deskLive('spring', 'seek', 'start'),
  ],
};

describe('paths', () => {
  it('builds only paths that a registered route answers', () => {
    const routes = t.app.routeTable
      .map((r) => r.split(' ')[1] ?? '')
      .filter((r) => r !== '*')
      .map(patternOf);
    const unmatched = Object.values(samples)
      .flatMap((sample) => sample())
      .map((p) => p.replace(/[?#].*$/, ''))
      .filter((p) => !routes.some((r) => r.test(p)));
    expect(unmatched).toEqual([]);
  });

  it('encodes what is free text and keeps ids as they are', () => {
    expect(paths.signIn('/c/spring/welcome?sort=new')).toBe(
      '/sign-in?next=%2Fc%2Fspring%2Fwelcome%3Fsort%3Dnew',
    );
    expect(paths.media('demo', 'a b.png')).toBe('/media/demo/a%20b.png');
    expect(absolute('https://salon.example.org/', paths.meetup('spring'))).toBe(
      'https://salon.example.org/c/spring/meetup',
    );
  });
});
