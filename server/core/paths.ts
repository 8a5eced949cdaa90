// Every URL the app links or redirects to, built in one place from the route patterns, so no
// template, mail or redirect spells one by hand. Cohort slugs and room, exhibit and course ids
// are limited to [a-z0-9-] by the content check and the params schemas, and ids are numbers,
// so segments need no escaping; free text (a next= target, a fragment) is encoded.
type Slug = string;
type Id = number | string;

const cohortBase = (cohort: Slug) => `/c/${cohort}`;
const roomBase = (cohort: Slug, room: Slug) => `${cohortBase(cohort)}/${room}`;
const findBase = (cohort: Slug, room: Slug, id: Id) => `${roomBase(cohort, room)}/wall/${id}`;

export type CommentAction = 'reply' | 'like' | 'flag' | 'spotlight' | 'edit' | 'delete' | 'welcome';
export type FindAction = 'edit' | 'delete' | 'flag' | 'like' | 'comments' | 'feature' | 'hide';
export type CarnivalPart = 'roundup' | 'roundup/tags';
export type CirclePart = 'comments' | 'meeting' | 'meeting.ics' | 'invite' | 'offer';
export type LivePart =
  | 'messages'
  | 'stream'
  | 'questions'
  | 'start'
  | 'plan'
  | 'slow'
  | 'attend'
  | 'story'
  | 'story/comments'
  | 'story/publish'
  | 'story/withdraw';
export type LiveMessageAction = 'highlight' | 'welcome' | 'hide' | 'flag';
export type DeskSection =
  | 'settings'
  | 'moderation'
  | 'announcements'
  | 'feedback'
  | 'meetup'
  | 'dashboard'
  | 'participation'
  | 'organisers'
  | 'invitations/withdraw'
  | 'live';

type Query = Record<string, string | number | null | undefined>;

/** A path with a query string of the values given (blank ones left out, all encoded). */
function withQuery(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const paths = {
  home: () => '/',
  signIn: (next?: string | null) =>
    next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in',
  signInSent: () => '/sign-in/sent',
  signOut: () => '/sign-out',
  signInLink: (token: string) => `/auth/${token}`,
  locale: () => '/locale',
  settings: (part?: 'export' | 'delete' | 'sign-out-everywhere') =>
    part ? `/settings/${part}` : '/settings',
  unsubscribe: (token: string) => `/unsubscribe/${token}`,
  media: (course: Slug, file: string) => `/media/${course}/${encodeURIComponent(file)}`,

  organise: () => '/organise',
  newCohort: () => '/organise/cohorts/new',
  writingARoom: () => '/organise/writing-a-room',

  cohort: cohortBase,
  enrol: (cohort: Slug) => `${cohortBase(cohort)}/enrol`,
  leave: (cohort: Slug) => `${cohortBase(cohort)}/leave`,
  announcement: (cohort: Slug, id: Id) => `${cohortBase(cohort)}#announcement-${id}`,

  profile: (cohort: Slug) => `${cohortBase(cohort)}/profile`,
  /** Who's here, with its filters and cursor as a query string (values are encoded). */
  people: (cohort: Slug, query?: Query) => withQuery(`${cohortBase(cohort)}/people`, query),
  person: (cohort: Slug, userId: Id) => `${cohortBase(cohort)}/people/${userId}`,
  /** A member's photo by its content hash (l: 256 px, s: 64 px); a new photo, a new URL. */
  photo: (cohort: Slug, hash: string, size: 'l' | 's' = 's') =>
    `${cohortBase(cohort)}/people/photos/${hash}-${size}.webp`,

  circles: (cohort: Slug) => `${cohortBase(cohort)}/circles`,
  circlesJoin: (cohort: Slug) => `${cohortBase(cohort)}/circles/join`,
  circle: (cohort: Slug, id: Id, part?: CirclePart) =>
    `${cohortBase(cohort)}/circles/${id}${part ? `/${part}` : ''}`,
  deskCircles: (cohort: Slug) => `${cohortBase(cohort)}/organise/circles`,
  rules: (cohort: Slug) => `${cohortBase(cohort)}/rules`,
  rule: (cohort: Slug, ruleId: Slug) => `${cohortBase(cohort)}/rules#rule-${ruleId}`,
  ruleProposals: (cohort: Slug) => `${cohortBase(cohort)}/rules/proposals`,
  ruleProposal: (cohort: Slug, id: Id) => `${cohortBase(cohort)}/rules#proposal-${id}`,
  ruleVote: (cohort: Slug, id: Id) => `${cohortBase(cohort)}/rules/proposals/${id}/vote`,
  ruleAnswer: (cohort: Slug, id: Id) => `${cohortBase(cohort)}/rules/proposals/${id}/answer`,

  /** Where a poll's form posts (poll ids are unique in a course). */
  pollVote: (cohort: Slug, poll: Slug) => `${cohortBase(cohort)}/polls/${poll}/vote`,
  deskPollsExport: (cohort: Slug) => `${cohortBase(cohort)}/organise/polls.csv`,

  room: roomBase,
  carnival: (cohort: Slug, room: Slug, part?: CarnivalPart) =>
    `${roomBase(cohort, room)}/carnival${part ? `/${part}` : ''}`,
  carnivalEntry: (cohort: Slug, room: Slug, id: Id, part?: 'comments') =>
    `${roomBase(cohort, room)}/carnival/${id}${part ? `/${part}` : ''}`,
  /** The members' feed, signed for one member (their token), so a reader needs no session. */
  carnivalFeed: (cohort: Slug, room: Slug, token: string) =>
    `${roomBase(cohort, room)}/carnival.atom?token=${encodeURIComponent(token)}`,
  /** A published round-up, in the room it was published into. */
  roundup: (cohort: Slug, room: Slug) => `${roomBase(cohort, room)}/roundup`,
  exhibit: (cohort: Slug, room: Slug, exhibit: Slug) => `${roomBase(cohort, room)}/${exhibit}`,
  exhibitComments: (cohort: Slug, room: Slug, exhibit: Slug) =>
    `${roomBase(cohort, room)}/${exhibit}/comments`,
  comment: (id: Id, action?: CommentAction) =>
    action ? `/comments/${id}/${action}` : `/comments/${id}`,
  /** A comment's photo by its content hash: a new photo, a new URL. */
  commentPhoto: (id: Id, hash: string) => `/comments/${id}/photos/${hash}.webp`,

  wall: (cohort: Slug, room: Slug) => `${roomBase(cohort, room)}/wall`,
  find: (cohort: Slug, room: Slug, id: Id, action?: FindAction) =>
    action ? `${findBase(cohort, room, id)}/${action}` : findBase(cohort, room, id),

  feedback: (cohort: Slug, room: Slug) => `${roomBase(cohort, room)}/feedback`,
  review: (cohort: Slug, room: Slug) => `${roomBase(cohort, room)}/feedback/review`,
  submission: (cohort: Slug, room: Slug, id: Id) =>
    `${roomBase(cohort, room)}/feedback/submissions/${id}`,
  rating: (cohort: Slug, room: Slug, reviewId: Id) =>
    `${roomBase(cohort, room)}/feedback/reviews/${reviewId}/rating`,

  meetup: (cohort: Slug) => `${cohortBase(cohort)}/meetup`,
  meetupCalendar: (cohort: Slug) => `${cohortBase(cohort)}/meetup.ics`,
  meetupRsvp: (cohort: Slug) => `${cohortBase(cohort)}/meetup/rsvp`,
  meetupLink: (token: string) => `/meetup/rsvp/${token}`,

  live: (cohort: Slug, session: Slug, part?: LivePart) =>
    `${cohortBase(cohort)}/live/${session}${part ? `/${part}` : ''}`,
  liveMessage: (cohort: Slug, session: Slug, id: Id, action: LiveMessageAction) =>
    `${cohortBase(cohort)}/live/${session}/messages/${id}/${action}`,
  liveVote: (cohort: Slug, session: Slug, questionId: Id) =>
    `${cohortBase(cohort)}/live/${session}/questions/${questionId}/vote`,
  liveCalendar: (cohort: Slug, session: Slug) =>
    `${cohortBase(cohort)}/live/${session}/calendar.ics`,

  desk: (cohort: Slug, section?: DeskSection) =>
    section ? `${cohortBase(cohort)}/organise/${section}` : `${cohortBase(cohort)}/organise`,
  /** The moderation queue, with the cursors of its two lists (`after`, `finds_after`). */
  deskModeration: (cohort: Slug, query?: { after?: string | null; finds_after?: string | null }) =>
    withQuery(`${cohortBase(cohort)}/organise/moderation`, query),
  /** The welcomes organisers reply with under a learner's first post. */
  deskWelcomes: (cohort: Slug) => `${cohortBase(cohort)}/organise/moderation/welcomes`,
  deskRoom: (cohort: Slug, room: Slug) => `${cohortBase(cohort)}/organise/rooms/${room}`,
  deskAnnouncement: (cohort: Slug, id: Id, action?: 'edit' | 'delete') =>
    `${cohortBase(cohort)}/organise/announcements/${id}${action ? `/${action}` : ''}`,
  deskFeedbackExport: (cohort: Slug, room: Slug) =>
    `${cohortBase(cohort)}/organise/feedback/${room}/export`,
  deskLive: (cohort: Slug, session: Slug, action: 'move' | 'start') =>
    `${cohortBase(cohort)}/organise/live/${session}/${action}`,
  deskMeetup: (cohort: Slug, part?: 'invite' | 'export') =>
    `${cohortBase(cohort)}/organise/meetup${part ? `/${part}` : ''}`,
  deskOrganiser: (cohort: Slug, userId: Id) =>
    `${cohortBase(cohort)}/organise/organisers/${userId}/remove`,
} as const;

export type Paths = typeof paths;

/** The same place as a full URL, for mail and calendar files. */
export const absolute = (baseUrl: string, path: string) => `${baseUrl.replace(/\/$/, '')}${path}`;
