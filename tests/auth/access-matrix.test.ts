// Who may open what: every route × every kind of visitor → the expected status. Every
// route is listed in `routes` below; the test fails for a route nobody listed.

import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  carnivalEntries,
  circleMembers,
  circles,
  commentPhotos,
  comments,
  contributions,
  enrolments,
  meetups,
  profilePhotos,
  profiles,
  reviews,
} from '../../db/schema.ts';
import { createAnnouncement } from '../../server/announce/queries.ts';
import { createComment } from '../../server/conversation/queries.ts';
import { createContribution } from '../../server/conversation/wall.ts';
import { ensureUser, findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort, findCohortBySlug } from '../../server/core/cohorts.ts';
import {
  circleThread,
  exhibitThread,
  formatThreadKey,
  icebreakerThread,
} from '../../server/core/thread-key.ts';
import { saveSubmission } from '../../server/feedback/queries.ts';
import { createProposal } from '../../server/rules/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

type Actor = 'anonymous' | 'outsider' | 'learner' | 'organiser' | 'admin';
const actors: Actor[] = ['anonymous', 'outsider', 'learner', 'organiser', 'admin'];

/** [anonymous, member of another cohort, learner, course organiser, admin] */
type Row = {
  method?: 'GET' | 'POST';
  url: string;
  route: string;
  expect: number[];
  /** An organiser of another cohort; by default what any outsider gets (expect[1]). */
  otherOrganiser?: number;
  /** Where a visitor without a session is sent, when it is not to sign in first. */
  anonymousTo?: string;
  /** Puts back what the row's requests changed, so later rows meet the same cohort. */
  restore?: () => Promise<void>;
  /** Makes what the row's requests need (earlier rows may have removed it). */
  prepare?: () => Promise<void>;
};

const photoHash = 'a'.repeat(32);

// Open room: /c/spring/welcome. Closed room: /c/spring/sharing (opens 12 March).
// POSTs carry a valid CSRF token and a form with nothing the route asks for: a 403 is the
// guard's, a 422 shows the guard let the visitor through to the form's checks.
const routes: Row[] = [
  { url: '/', route: '/', expect: [200, 200, 200, 200, 200] },
  { url: '/c/spring', route: '/c/:cohort', expect: [200, 200, 200, 200, 200] },
  { url: '/c/spring/welcome', route: '/c/:cohort/:room', expect: [303, 403, 200, 200, 200] },
  { url: '/c/spring/sharing', route: '/c/:cohort/:room', expect: [303, 403, 403, 200, 200] },
  {
    url: '/c/spring/welcome/drawing',
    route: '/c/:cohort/:room/:exhibit',
    expect: [303, 403, 200, 200, 200],
  },
  {
    url: '/c/spring/sharing/share',
    route: '/c/:cohort/:room/:exhibit',
    expect: [303, 403, 403, 200, 200],
  },
  { url: '/c/nobody/welcome', route: '/c/:cohort/:room', expect: [404, 404, 404, 404, 404] },
  {
    method: 'POST',
    url: '/c/spring/enrol',
    route: '/c/:cohort/enrol',
    // Signed in, one joins at once (the outsider too); members and organisers go back.
    expect: [422, 303, 303, 303, 303],
    restore: () => resetPeople(),
  },
  { url: '/c/spring/leave', route: '/c/:cohort/leave', expect: [303, 200, 200, 200, 200] },
  {
    method: 'POST',
    url: '/c/spring/leave',
    route: '/c/:cohort/leave',
    expect: [303, 303, 303, 303, 303],
    restore: () => resetPeople(),
  },
  { url: '/sign-in', route: '/sign-in', expect: [200, 200, 200, 200, 200] },
  { method: 'POST', url: '/sign-in', route: '/sign-in', expect: [422, 422, 422, 422, 422] },
  { url: '/sign-in/sent', route: '/sign-in/sent', expect: [200, 200, 200, 200, 200] },
  { url: `/auth/${'a'.repeat(32)}`, route: '/auth/:token', expect: [410, 410, 410, 410, 410] },
  {
    method: 'POST',
    url: `/auth/${'a'.repeat(32)}`,
    route: '/auth/:token',
    expect: [410, 410, 410, 410, 410],
  },
  {
    method: 'POST',
    url: '/sign-out',
    route: '/sign-out',
    expect: [303, 303, 303, 303, 303],
    anonymousTo: '/',
    restore: () => resetPeople(),
  },
  {
    method: 'POST',
    url: '/locale',
    route: '/locale',
    expect: [303, 303, 303, 303, 303],
    anonymousTo: '/',
  },
  { url: '/settings', route: '/settings', expect: [303, 200, 200, 200, 200] },
  { method: 'POST', url: '/settings', route: '/settings', expect: [303, 422, 422, 422, 422] },
  { url: '/settings/export', route: '/settings/export', expect: [303, 200, 200, 200, 200] },
  { url: '/settings/delete', route: '/settings/delete', expect: [303, 200, 200, 200, 200] },
  {
    method: 'POST',
    url: '/settings/delete',
    route: '/settings/delete',
    expect: [303, 422, 422, 422, 422],
  },
  {
    method: 'POST',
    url: '/settings/sign-out-everywhere',
    route: '/settings/sign-out-everywhere',
    expect: [303, 303, 303, 303, 303],
    restore: () => resetPeople(),
  },
  // Conversation. COMMENT is a learner's comment on /c/spring/welcome/drawing,
  // ITEM a learner's contribution on the wall of /c/spring/welcome.
  {
    url: '/c/spring/welcome/drawing/comments',
    route: '/c/:cohort/:room/:exhibit/comments',
    expect: [303, 403, 303, 303, 303],
  },
  {
    method: 'POST',
    url: '/c/spring/welcome/drawing/comments',
    route: '/c/:cohort/:room/:exhibit/comments',
    expect: [303, 403, 422, 422, 422],
  },
  // The icebreaker pinned in the room (welcome has one, walking none).
  {
    url: '/c/spring/welcome/comments',
    route: '/c/:cohort/:room/comments',
    expect: [303, 403, 303, 303, 303],
  },
  {
    method: 'POST',
    url: '/c/spring/welcome/comments',
    route: '/c/:cohort/:room/comments',
    expect: [303, 403, 422, 422, 422],
  },
  {
    method: 'POST',
    url: '/c/spring/walking/comments',
    route: '/c/:cohort/:room/comments',
    expect: [303, 403, 404, 404, 404],
  },
  {
    url: '/c/spring/welcome/wall',
    route: '/c/:cohort/:room/wall',
    expect: [303, 403, 200, 200, 200],
  },
  {
    method: 'POST',
    url: '/c/spring/welcome/wall',
    route: '/c/:cohort/:room/wall',
    expect: [303, 403, 422, 422, 422],
  },
  {
    url: '/c/spring/welcome/wall/ITEM',
    route: '/c/:cohort/:room/wall/:id',
    expect: [303, 403, 200, 200, 200],
  },
  {
    url: '/c/spring/welcome/wall/ITEM/comments',
    route: '/c/:cohort/:room/wall/:id/comments',
    expect: [303, 403, 303, 303, 303],
  },
  {
    method: 'POST',
    url: '/c/spring/welcome/wall/ITEM/comments',
    route: '/c/:cohort/:room/wall/:id/comments',
    expect: [303, 403, 422, 422, 422],
  },
  // Editing and removing a find are its author's (LEARNER's) alone, as with comments.
  {
    url: '/c/spring/welcome/wall/ITEM/edit',
    route: '/c/:cohort/:room/wall/:id/edit',
    expect: [303, 403, 200, 404, 404],
  },
  {
    method: 'POST',
    url: '/c/spring/welcome/wall/ITEM/edit',
    route: '/c/:cohort/:room/wall/:id/edit',
    expect: [303, 403, 422, 404, 404],
  },
  // Liking and reporting a find are for others than its author (LEARNER), as with comments.
  {
    url: '/c/spring/welcome/wall/ITEM/flag',
    route: '/c/:cohort/:room/wall/:id/flag',
    expect: [303, 403, 404, 200, 200],
  },
  ...['like', 'flag'].map((action) => ({
    method: 'POST' as const,
    url: `/c/spring/welcome/wall/ITEM/${action}`,
    route: `/c/:cohort/:room/wall/:id/${action}`,
    expect: [303, 403, 404, 303, 303],
  })),
  ...['feature', 'hide'].map((action) => ({
    method: 'POST' as const,
    url: `/c/spring/welcome/wall/ITEM/${action}`,
    route: `/c/:cohort/:room/wall/:id/${action}`,
    expect: [303, 403, 403, 303, 303],
    restore: async () => {
      await t.database.db.update(contributions).set({ featuredAt: null, hiddenAt: null });
    },
  })),
  // After the other rows on ITEM: its author removes it.
  {
    method: 'POST',
    url: '/c/spring/welcome/wall/ITEM/delete',
    route: '/c/:cohort/:room/wall/:id/delete',
    expect: [303, 403, 303, 404, 404],
  },
  {
    url: '/c/spring/organise/moderation',
    route: '/c/:cohort/organise/moderation',
    expect: [303, 403, 403, 200, 200],
  },
  // The welcomes for new voices: a posted form without the field puts the standard ones back.
  {
    url: '/c/spring/organise/moderation/welcomes',
    route: '/c/:cohort/organise/moderation/welcomes',
    expect: [303, 403, 403, 200, 200],
  },
  {
    method: 'POST',
    url: '/c/spring/organise/moderation/welcomes',
    route: '/c/:cohort/organise/moderation/welcomes',
    expect: [303, 403, 403, 303, 303],
  },
  // No such comment or find to decide on, once past the guard.
  {
    method: 'POST',
    url: '/c/spring/organise/moderation',
    route: '/c/:cohort/organise/moderation',
    expect: [303, 403, 403, 404, 404],
  },
  { url: '/comments/COMMENT/edit', route: '/comments/:id/edit', expect: [303, 404, 200, 404, 404] },
  // A photo in an introduction: whoever may see the comment; a hash that is not (or no longer)
  // its photo's is a 404.
  {
    url: `/comments/ICEPOST/photos/${photoHash}.webp`,
    route: '/comments/:id/photos/:file',
    expect: [303, 404, 200, 200, 200],
  },
  {
    url: `/comments/ICEPOST/photos/${'0'.repeat(32)}.webp`,
    route: '/comments/:id/photos/:file',
    expect: [303, 404, 404, 404, 404],
  },
  {
    url: '/comments/COMMENT/reply',
    route: '/comments/:id/reply',
    expect: [303, 404, 200, 200, 200],
  },
  // The learner wrote COMMENT: one does not report oneself.
  { url: '/comments/COMMENT/flag', route: '/comments/:id/flag', expect: [303, 404, 404, 200, 200] },
  // Removing comes last: the other rows need COMMENT.
  ...(
    [
      ['reply', [303, 404, 422, 422, 422]],
      ['like', [303, 404, 303, 303, 303]],
      ['edit', [303, 404, 422, 404, 404]],
      ['flag', [303, 404, 303, 303, 303]],
      ['spotlight', [303, 404, 403, 303, 303]],
      // COMMENT is the learner's first post: an organiser's welcome in one click.
      ['welcome', [303, 404, 403, 303, 303]],
      ['delete', [303, 404, 303, 404, 404]],
    ] as const
  ).map(([action, expect]) => ({
    method: 'POST' as const,
    url: `/comments/COMMENT/${action}`,
    route: `/comments/:id/${action}`,
    expect: [...expect],
  })),
  // Peer feedback. SUBMISSION is another learner's work, not leased to LEARNER.
  {
    url: '/c/spring/welcome/feedback',
    route: '/c/:cohort/:room/feedback',
    expect: [303, 403, 200, 200, 200],
  },
  // A room without an assignment has no feedback page.
  {
    url: '/c/spring/walking/feedback',
    route: '/c/:cohort/:room/feedback',
    expect: [303, 403, 404, 404, 404],
  },
  // Handing in and asking for a review, past the guard: an empty hand-in is refused, and a
  // review is leased (given back afterwards, so SUBMISSION stays not leased to LEARNER).
  {
    method: 'POST',
    url: '/c/spring/welcome/feedback',
    route: '/c/:cohort/:room/feedback',
    expect: [303, 403, 422, 422, 422],
  },
  {
    method: 'POST',
    url: '/c/spring/welcome/feedback/review',
    route: '/c/:cohort/:room/feedback/review',
    expect: [303, 403, 303, 303, 303],
    restore: async () => {
      await t.database.db.delete(reviews);
    },
  },
  // Reviewing SUBMISSION: only with its lease for a learner; organisers may always.
  {
    method: 'POST',
    url: '/c/spring/welcome/feedback/submissions/SUBMISSION',
    route: '/c/:cohort/:room/feedback/submissions/:id',
    expect: [303, 403, 404, 422, 422],
  },
  {
    method: 'POST',
    url: '/c/spring/welcome/feedback/reviews/1/rating',
    route: '/c/:cohort/:room/feedback/reviews/:id/rating',
    expect: [303, 403, 404, 404, 404],
  },
  {
    url: '/c/spring/welcome/feedback/submissions/SUBMISSION',
    route: '/c/:cohort/:room/feedback/submissions/:id',
    expect: [303, 403, 404, 200, 200],
  },
  {
    url: '/c/spring/organise/feedback',
    route: '/c/:cohort/organise/feedback',
    expect: [303, 403, 403, 200, 200],
  },
  {
    url: '/c/spring/organise/feedback/welcome/export',
    route: '/c/:cohort/organise/feedback/:room/export',
    expect: [303, 403, 403, 200, 200],
  },
  {
    url: '/media/demo/drawing.svg',
    route: '/media/:course/:file',
    expect: [200, 200, 200, 200, 200],
  },
  { url: '/healthz', route: '/healthz', expect: [200, 200, 200, 200, 200] },
  // Unsubscribing needs no session: the signed token is the permission (a forged one: 404).
  {
    url: '/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAA',
    route: '/unsubscribe/:token',
    expect: [404, 404, 404, 404, 404],
  },
  {
    method: 'POST',
    url: '/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAA',
    route: '/unsubscribe/:token',
    expect: [404, 404, 404, 404, 404],
  },
  // The organiser's desk: cohorts, publishing.
  { url: '/c/spring/organise', route: '/c/:cohort/organise', expect: [303, 403, 403, 200, 200] },
  {
    url: '/c/spring/organise/settings',
    route: '/c/:cohort/organise/settings',
    expect: [303, 403, 403, 200, 200],
  },
  // Past the guard: empty forms are refused; withdrawing and removing nobody changes nothing.
  ...(
    [
      ['organise/settings', 422],
      ['organise/organisers', 422],
      ['organise/rooms/sharing', 422],
      ['organise/invitations/withdraw', 303],
      ['organise/organisers/1/remove', 303],
    ] as const
  ).map(([path, organiser]) => ({
    method: 'POST' as const,
    url: `/c/spring/${path}`,
    route: `/c/:cohort/${path.replace('sharing', ':room').replace('/1/', '/:id/')}`,
    expect: [303, 403, 403, organiser, organiser],
  })),
  // New cohorts: administrators only.
  {
    url: '/organise/cohorts/new',
    route: '/organise/cohorts/new',
    expect: [303, 403, 403, 403, 200],
  },
  {
    method: 'POST',
    url: '/organise/cohorts/new',
    route: '/organise/cohorts/new',
    expect: [303, 403, 403, 403, 422],
  },
  // The cohorts one organises: course organisers, co-organisers (of any cohort) and admins.
  {
    url: '/organise',
    route: '/organise',
    expect: [303, 403, 403, 200, 200],
    otherOrganiser: 200,
  },
  // The dashboard: the cohort at a glance, exports.
  ...['organise/dashboard', 'organise/participation'].map((path) => ({
    url: `/c/spring/${path}`,
    route: `/c/:cohort/${path}`,
    expect: [303, 403, 403, 200, 200],
  })),
  // Announcements and the authoring help.
  {
    url: '/c/spring/organise/announcements',
    route: '/c/:cohort/organise/announcements',
    expect: [303, 403, 403, 200, 200],
  },
  {
    url: '/c/spring/organise/announcements/ANNOUNCEMENT/edit',
    route: '/c/:cohort/organise/announcements/:id/edit',
    expect: [303, 403, 403, 200, 200],
  },
  // Removing comes last: the other rows need ANNOUNCEMENT.
  ...(
    [
      ['organise/announcements', 422],
      ['organise/announcements/ANNOUNCEMENT', 422],
      ['organise/announcements/ANNOUNCEMENT/delete', 303],
    ] as const
  ).map(([path, organiser]) => ({
    method: 'POST' as const,
    url: `/c/spring/${path}`,
    route: `/c/:cohort/${path.replace('ANNOUNCEMENT', ':id')}`,
    expect: [303, 403, 403, organiser, organiser],
  })),
  // Authoring help: for organisers of any course or cohort, and admins.
  {
    url: '/organise/writing-a-room',
    route: '/organise/writing-a-room',
    expect: [303, 403, 403, 200, 200],
    otherOrganiser: 200,
  },
  // The meet-up. SPRING has an invited meet-up; an answer that is neither yes nor no: 404.
  { url: '/c/spring/meetup', route: '/c/:cohort/meetup', expect: [303, 403, 200, 200, 200] },
  {
    method: 'POST',
    url: '/c/spring/meetup/rsvp',
    route: '/c/:cohort/meetup/rsvp',
    expect: [303, 403, 404, 404, 404],
  },
  {
    url: '/c/spring/meetup.ics',
    route: '/c/:cohort/meetup.ics',
    expect: [303, 403, 200, 200, 200],
  },
  {
    url: '/c/spring/organise/meetup',
    route: '/c/:cohort/organise/meetup',
    expect: [303, 403, 403, 200, 200],
  },
  ...(
    [
      ['organise/meetup', 422],
      ['organise/meetup/invite', 303],
    ] as const
  ).map(([path, organiser]) => ({
    method: 'POST' as const,
    url: `/c/spring/${path}`,
    route: `/c/:cohort/${path}`,
    expect: [303, 403, 403, organiser, organiser],
  })),
  {
    url: '/c/spring/organise/meetup/export',
    route: '/c/:cohort/organise/meetup/export',
    expect: [303, 403, 403, 200, 200],
  },
  // The live hour of the open room (its time has passed: it is over). Facilitators' actions on
  // a message that does not exist: 403 for learners (the guard), 404 for facilitators.
  ...(['', '/stream', '/calendar.ics'] as const).map((part) => ({
    url: `/c/spring/live/welcome${part}`,
    route: `/c/:cohort/live/:session${part}`,
    expect: [303, 403, 200, 200, 200],
  })),
  // No story yet: nothing to see, nothing to withdraw.
  {
    url: '/c/spring/live/welcome/story',
    route: '/c/:cohort/live/:session/story',
    expect: [303, 403, 404, 404, 404],
  },
  {
    url: '/c/spring/live/welcome/story/comments',
    route: '/c/:cohort/live/:session/story/comments',
    expect: [303, 403, 404, 404, 404],
  },
  ...(
    [
      ['messages', [422, 422, 422]],
      ['questions', [422, 422, 422]],
      ['plan', [403, 404, 404]],
      ['start', [403, 303, 303]],
      ['slow', [403, 404, 404]],
      ['attend', [404, 404, 404]],
      ['messages/999999/highlight', [403, 404, 404]],
      ['messages/999999/welcome', [403, 404, 404]],
      ['messages/999999/hide', [403, 404, 404]],
      ['messages/999999/flag', [404, 404, 404]],
      ['questions/999999/vote', [404, 404, 404]],
      ['story', [403, 422, 422]],
      ['story/publish', [403, 303, 303]],
      ['story/withdraw', [404, 404, 404]],
      ['story/comments', [404, 404, 404]],
    ] as const
  ).map(([path, [learner, organiser, admin]]) => ({
    method: 'POST' as const,
    url: `/c/spring/live/welcome/${path}`,
    route: `/c/:cohort/live/:session/${path.replace('999999', ':id')}`,
    expect: [303, 403, learner, organiser, admin],
  })),
  {
    url: '/c/spring/organise/live',
    route: '/c/:cohort/organise/live',
    expect: [303, 403, 403, 200, 200],
  },
  ...(
    [
      ['move', 422],
      ['start', 303],
    ] as const
  ).map(([action, organiser]) => ({
    method: 'POST' as const,
    url: `/c/spring/organise/live/welcome/${action}`,
    route: `/c/:cohort/organise/live/:session/${action}`,
    expect: [303, 403, 403, organiser, organiser],
  })),
  // Profiles and who's here: members and organisers. PERSON is the learner (listed, by default);
  // a posted form with none of the profile's fields is an empty profile, saved.
  { url: '/c/spring/profile', route: '/c/:cohort/profile', expect: [303, 403, 200, 200, 200] },
  // The learner's photo: the cohort's members and organisers; a hash that is not (or no
  // longer) someone's photo is a 404. (Before the POST below, whose restore clears profiles.)
  {
    url: `/c/spring/people/photos/${photoHash}-s.webp`,
    route: '/c/:cohort/people/photos/:file',
    expect: [303, 403, 200, 200, 200],
    prepare: () => givePhoto(),
  },
  {
    url: `/c/spring/people/photos/${'0'.repeat(32)}-l.webp`,
    route: '/c/:cohort/people/photos/:file',
    expect: [303, 403, 404, 404, 404],
  },
  {
    method: 'POST',
    url: '/c/spring/profile',
    route: '/c/:cohort/profile',
    expect: [303, 403, 303, 303, 303],
    restore: async () => {
      await t.database.db.delete(profiles);
    },
  },
  { url: '/c/spring/people', route: '/c/:cohort/people', expect: [303, 403, 200, 200, 200] },
  {
    url: '/c/spring/people/PERSON',
    route: '/c/:cohort/people/:id',
    expect: [303, 403, 200, 200, 200],
  },
  // Someone who is not a member of this cohort (the outsider) has no page here.
  {
    url: '/c/spring/people/OUTSIDER',
    route: '/c/:cohort/people/:id',
    expect: [303, 403, 404, 404, 404],
  },
  // Circles. CIRCLE has LEARNER in it, OTHER_CIRCLE someone else: to LEARNER, a member of
  // another circle. Organisers see neither (the circles did not invite them). CCOMMENT is
  // LEARNER's comment in CIRCLE, OCOMMENT one in OTHER_CIRCLE.
  { url: '/c/spring/circles', route: '/c/:cohort/circles', expect: [303, 403, 200, 200, 200] },
  {
    method: 'POST',
    url: '/c/spring/circles/join',
    route: '/c/:cohort/circles/join',
    expect: [303, 403, 422, 403, 403],
  },
  {
    url: '/c/spring/circles/CIRCLE',
    route: '/c/:cohort/circles/:circle',
    expect: [303, 403, 200, 403, 403],
  },
  {
    url: '/c/spring/circles/OTHER_CIRCLE',
    route: '/c/:cohort/circles/:circle',
    expect: [303, 403, 403, 403, 403],
  },
  {
    url: '/c/spring/circles/999999',
    route: '/c/:cohort/circles/:circle',
    expect: [303, 403, 404, 404, 404],
  },
  {
    url: '/c/spring/circles/CIRCLE/comments',
    route: '/c/:cohort/circles/:circle/comments',
    expect: [303, 403, 303, 403, 403],
  },
  {
    method: 'POST',
    url: '/c/spring/circles/CIRCLE/comments',
    route: '/c/:cohort/circles/:circle/comments',
    expect: [303, 403, 422, 403, 403],
  },
  {
    method: 'POST',
    url: '/c/spring/circles/OTHER_CIRCLE/comments',
    route: '/c/:cohort/circles/:circle/comments',
    expect: [303, 403, 403, 403, 403],
  },
  // An empty meeting form clears the meeting; no meeting, no calendar file.
  ...(
    [
      ['meeting', 303],
      ['invite', 303],
      ['offer', 404],
    ] as const
  ).map(([part, learner]) => ({
    method: 'POST' as const,
    url: `/c/spring/circles/CIRCLE/${part}`,
    route: `/c/:cohort/circles/:circle/${part}`,
    expect: [303, 403, learner, 403, 403],
  })),
  {
    url: '/c/spring/circles/CIRCLE/meeting.ics',
    route: '/c/:cohort/circles/:circle/meeting.ics',
    expect: [303, 403, 404, 403, 403],
  },
  {
    url: '/c/spring/organise/circles',
    route: '/c/:cohort/organise/circles',
    expect: [303, 403, 403, 200, 200],
  },
  // Past the guard: the circles exist already, so confirming makes none.
  {
    method: 'POST',
    url: '/c/spring/organise/circles',
    route: '/c/:cohort/organise/circles',
    expect: [303, 403, 403, 303, 303],
  },
  {
    url: '/comments/CCOMMENT/reply',
    route: '/comments/:id/reply',
    expect: [303, 404, 200, 403, 403],
  },
  {
    url: '/comments/OCOMMENT/reply',
    route: '/comments/:id/reply',
    expect: [303, 404, 403, 403, 403],
  },
  {
    method: 'POST',
    url: '/comments/OCOMMENT/like',
    route: '/comments/:id/like',
    expect: [303, 404, 403, 403, 403],
  },
  // House rules: members and organisers. Proposals closed with the first week (422 says the
  // guard let the visitor through); PROPOSAL is the learner's own, so only they may answer.
  { url: '/c/spring/rules', route: '/c/:cohort/rules', expect: [303, 403, 200, 200, 200] },
  {
    method: 'POST',
    url: '/c/spring/rules/proposals',
    route: '/c/:cohort/rules/proposals',
    expect: [303, 403, 422, 422, 422],
  },
  {
    method: 'POST',
    url: '/c/spring/rules/proposals/PROPOSAL/vote',
    route: '/c/:cohort/rules/proposals/:id/vote',
    expect: [303, 403, 422, 422, 422],
  },
  {
    method: 'POST',
    url: '/c/spring/rules/proposals/PROPOSAL/answer',
    route: '/c/:cohort/rules/proposals/:id/answer',
    expect: [303, 403, 422, 403, 403],
  },
  {
    method: 'POST',
    url: '/c/spring/rules/proposals/999999/vote',
    route: '/c/:cohort/rules/proposals/:id/vote',
    expect: [303, 403, 404, 404, 404],
  },
  // Polls: members and organisers vote (an empty form is refused by its checks, 422); an
  // unknown poll is not found; the organisers' CSV is theirs alone.
  {
    method: 'POST',
    url: '/c/spring/polls/stance/vote',
    route: '/c/:cohort/polls/:poll/vote',
    expect: [303, 403, 422, 422, 422],
  },
  {
    method: 'POST',
    url: '/c/spring/polls/nothing/vote',
    route: '/c/:cohort/polls/:poll/vote',
    expect: [303, 403, 404, 404, 404],
  },
  {
    url: '/c/spring/organise/polls.csv',
    route: '/c/:cohort/organise/polls.csv',
    expect: [303, 403, 403, 200, 200],
  },
  // The blog carnival in the open room "walking": members read it and its posts (ENTRY is a
  // peer's), learners send in posts (an empty form is refused by its checks, 422; organisers
  // host rather than post), the host's desk is the organisers'. The feed takes a signed token
  // instead of a session; a forged one finds nothing. No round-up is published yet.
  {
    url: '/c/spring/walking/carnival',
    route: '/c/:cohort/:room/carnival',
    expect: [303, 403, 200, 200, 200],
  },
  {
    method: 'POST',
    url: '/c/spring/walking/carnival',
    route: '/c/:cohort/:room/carnival',
    expect: [303, 403, 422, 403, 403],
  },
  {
    url: '/c/spring/walking/carnival.atom',
    route: '/c/:cohort/:room/carnival.atom',
    expect: [303, 403, 200, 200, 200],
  },
  {
    url: '/c/spring/walking/carnival.atom?token=1-1.forged',
    route: '/c/:cohort/:room/carnival.atom',
    expect: [404, 404, 404, 404, 404],
  },
  {
    url: '/c/spring/walking/carnival/ENTRY',
    route: '/c/:cohort/:room/carnival/:entry',
    expect: [303, 403, 200, 200, 200],
  },
  {
    url: '/c/spring/walking/carnival/999999',
    route: '/c/:cohort/:room/carnival/:entry',
    expect: [303, 403, 404, 404, 404],
  },
  {
    url: '/c/spring/walking/carnival/ENTRY/comments',
    route: '/c/:cohort/:room/carnival/:entry/comments',
    expect: [303, 403, 303, 303, 303],
  },
  {
    method: 'POST',
    url: '/c/spring/walking/carnival/ENTRY/comments',
    route: '/c/:cohort/:room/carnival/:entry/comments',
    expect: [303, 403, 422, 422, 422],
  },
  {
    url: '/c/spring/walking/carnival/roundup',
    route: '/c/:cohort/:room/carnival/roundup',
    expect: [303, 403, 403, 200, 200],
  },
  {
    method: 'POST',
    url: '/c/spring/walking/carnival/roundup',
    route: '/c/:cohort/:room/carnival/roundup',
    expect: [303, 403, 403, 422, 422],
  },
  {
    method: 'POST',
    url: '/c/spring/walking/carnival/roundup/tags',
    route: '/c/:cohort/:room/carnival/roundup/tags',
    expect: [303, 403, 403, 303, 303],
  },
  {
    url: '/c/spring/sharing/roundup',
    route: '/c/:cohort/:room/roundup',
    expect: [303, 403, 404, 404, 404],
  },
  // The answer link from the invitation needs no session: the signed token is the permission.
  ...(['GET', 'POST'] as const).map((method) => ({
    method,
    url: '/meetup/rsvp/1-1-yes.AAAAAAAAAAAAAAAAAAAAAA',
    route: '/meetup/rsvp/:token',
    expect: [404, 404, 404, 404, 404],
  })),
];

// Routes that are not pages of their own (static files, HEAD twins) need no row.
const exempt = new Set(['GET /static/:name']);

let t: TestApp;
const declared: string[] = [];
const ids = {
  ICEPOST: 0,
  COMMENT: 0,
  ITEM: 0,
  SUBMISSION: 0,
  ANNOUNCEMENT: 0,
  PERSON: 0,
  OUTSIDER: 0,
  OTHER_CIRCLE: 0,
  CIRCLE: 0,
  CCOMMENT: 0,
  OCOMMENT: 0,
  PROPOSAL: 0,
  ENTRY: 0,
};
let otherOrganiser = '';
const cookies: Record<Actor, string> = {
  anonymous: '',
  outsider: '',
  learner: '',
  organiser: '',
  admin: '',
};

/** Everyone signed in afresh, in their own cohorts only (as after a sign-out or leaving). */
async function resetPeople() {
  await t.database.db.delete(enrolments);
  cookies.outsider = await signIn(t, { email: 'out@example.org', cohorts: ['other'] });
  cookies.learner = await signIn(t, { email: 'learner@example.org', cohorts: ['spring'] });
  otherOrganiser = await signIn(t, {
    email: 'other-organiser@example.org',
    cohorts: ['other'],
    role: 'organiser',
  });
  cookies.organiser = await signIn(t, { email: 'organisers@example.org' }); // from course.md
  cookies.admin = await signIn(t, { email: 'admin@example.org' });
  await resetCircles();
}

/** Two circles in spring: LEARNER's, and another one's (after leaving, LEARNER is back in). */
async function resetCircles() {
  const db = t.database.db;
  await db.delete(comments).where(like(comments.thread, 'circle:%'));
  await db.delete(circles);
  const spring = await findCohortBySlug(db, 'spring');
  const learner = await findUserByEmail(db, 'learner@example.org');
  const other = await ensureUser(db, { email: 'circler@example.org', name: 'C', locale: 'en' });
  const at = new Date('2026-03-10T11:00:00Z');
  const cohortId = spring?.id ?? 0;
  const make = async (number: number, userId: number) => {
    const [c] = await db
      .insert(circles)
      .values({ cohortId, number, code: `code${number}`, createdAt: at })
      .returning({ id: circles.id });
    const circleId = c?.id ?? 0;
    await db.insert(circleMembers).values({ circleId, cohortId, userId, joinedAt: at, seenAt: at });
    const comment = await createComment(db, {
      cohortId,
      roomId: 'welcome',
      authorId: userId,
      thread: formatThreadKey(circleThread(circleId)),
      parentId: null,
      bodyMd: 'ours',
      bodyHtml: '<p>ours</p>',
      now: at,
    });
    return { circleId, commentId: comment.id };
  };
  const mine = await make(1, learner?.id ?? 0);
  const theirs = await make(2, other.id);
  ids.CIRCLE = mine.circleId;
  ids.CCOMMENT = mine.commentId;
  ids.OTHER_CIRCLE = theirs.circleId;
  ids.OCOMMENT = theirs.commentId;
}

/** The learner's profile with a photo (leaving the cohort, in an earlier row, removes it). */
async function givePhoto() {
  const spring = await findCohortBySlug(t.database.db, 'spring');
  const cohortId = spring?.id ?? 0;
  await t.database.db
    .insert(profiles)
    .values({ cohortId, userId: ids.PERSON })
    .onConflictDoNothing();
  const bytes = new Uint8Array([1, 2, 3]);
  await t.database.db
    .insert(profilePhotos)
    .values({ cohortId, userId: ids.PERSON, hash: photoHash, large: bytes, small: bytes })
    .onConflictDoNothing();
}

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'admin@example.org' } });
  declared.push(...t.app.routeTable);
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  await createCohort(t.database.db, { slug: 'other', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  await resetPeople();
  const learner = await findUserByEmail(t.database.db, 'learner@example.org');
  const spring = await findCohortBySlug(t.database.db, 'spring');
  ids.PERSON = learner?.id ?? 0;
  ids.OUTSIDER = (await findUserByEmail(t.database.db, 'out@example.org'))?.id ?? 0;
  const base = { cohortId: spring?.id ?? 0, roomId: 'welcome', authorId: learner?.id ?? 0 };
  ids.COMMENT = (
    await createComment(t.database.db, {
      ...base,
      thread: formatThreadKey(exhibitThread('welcome', 'drawing')),
      parentId: null,
      bodyMd: 'mine',
      bodyHtml: '<p>mine</p>',
      now: new Date('2026-03-10T11:00:00Z'),
    })
  ).id;
  const peer = await ensureUser(t.database.db, {
    email: 'peer@example.org',
    name: 'Peer',
    locale: 'en',
  });
  // An introduction with a photo, by someone else, in the welcome room's icebreaker.
  const icepost = await createComment(t.database.db, {
    ...base,
    authorId: peer.id,
    thread: formatThreadKey(icebreakerThread('welcome')),
    parentId: null,
    bodyMd: 'my view',
    bodyHtml: '<p>my view</p>',
    now: new Date('2026-03-10T11:00:00Z'),
  });
  ids.ICEPOST = icepost.id;
  await t.database.db.insert(commentPhotos).values({
    commentId: icepost.id,
    cohortId: base.cohortId,
    hash: photoHash,
    image: new Uint8Array([1, 2, 3]),
  });
  ids.SUBMISSION = (
    await saveSubmission(t.database.db, {
      cohortId: base.cohortId,
      roomId: 'welcome',
      authorId: peer.id,
      bodyMd: 'work',
      bodyHtml: '<p>work</p>',
      url: null,
      late: false,
      now: new Date('2026-03-03T11:00:00Z'),
    })
  ).id;
  await t.database.db.insert(meetups).values({
    cohortId: base.cohortId,
    title: 'Meet-up',
    startsAt: new Date('2026-03-20T18:00:00Z'),
    endsAt: new Date('2026-03-20T21:00:00Z'),
    timezone: 'Europe/Amsterdam',
    place: 'Café',
    address: '',
    invitedAt: new Date('2026-03-10T11:00:00Z'),
  });
  ids.ANNOUNCEMENT = (
    await createAnnouncement(t.database.db, {
      cohortId: base.cohortId,
      authorId: null,
      title: 'News',
      bodyMd: 'news',
      bodyHtml: '<p>news</p>',
      urgent: false,
      now: new Date('2026-03-10T11:00:00Z'),
    })
  ).id;
  ids.PROPOSAL = (
    await createProposal(t.database.db, {
      cohortId: base.cohortId,
      proposerId: learner?.id ?? 0,
      ruleId: 'tea',
      isNew: true,
      title: 'Tea',
      body: 'There is tea.',
      setting: null,
      value: null,
      now: new Date('2026-03-08T11:00:00Z'),
    })
  ).id;
  const [entry] = await t.database.db
    .insert(carnivalEntries)
    .values({
      cohortId: base.cohortId,
      roomId: 'walking',
      authorId: peer.id,
      url: 'https://blog.example.org/post',
      title: 'A post',
      note: 'It is about walking. And about talking.',
      createdAt: new Date('2026-03-10T11:00:00Z'),
    })
    .returning({ id: carnivalEntries.id });
  ids.ENTRY = entry?.id ?? 0;
  ids.ITEM = (
    await createContribution(t.database.db, {
      ...base,
      title: 'A find',
      url: null,
      noteMd: 'why',
      noteHtml: '<p>why</p>',
      now: new Date('2026-03-10T11:00:00Z'),
    })
  ).id;
});
afterAll(() => t.close());

const urlOf = (row: Row) =>
  row.url
    .replace('ICEPOST', String(ids.ICEPOST))
    .replace('OTHER_CIRCLE', String(ids.OTHER_CIRCLE))
    .replace('CIRCLE', String(ids.CIRCLE))
    .replace('CCOMMENT', String(ids.CCOMMENT))
    .replace('OCOMMENT', String(ids.OCOMMENT))
    .replace('COMMENT', String(ids.COMMENT))
    .replace('ITEM', String(ids.ITEM))
    .replace('SUBMISSION', String(ids.SUBMISSION))
    .replace('ANNOUNCEMENT', String(ids.ANNOUNCEMENT))
    .replace('PERSON', String(ids.PERSON))
    .replace('OUTSIDER', String(ids.OUTSIDER))
    .replace('PROPOSAL', String(ids.PROPOSAL))
    .replace('ENTRY', String(ids.ENTRY));

/**
 * The row's request with this cookie. A POST goes as a browser sends it: with the CSRF token
 * of a page everyone can load (the sign-in page), so only the route's own checks refuse it.
 */
async function send(row: Row, cookie: string) {
  if (row.method !== 'POST') return t.app.inject({ url: urlOf(row), headers: { cookie } });
  return (await submit(t.app, '/sign-in', urlOf(row), { x: '1' }, cookie)).res;
}

describe('access matrix', () => {
  for (const row of routes) {
    it(`${row.method ?? 'GET'} ${row.url}`, async () => {
      const got: number[] = [];
      await row.prepare?.();
      for (const actor of actors) {
        const res = await send(row, cookies[actor]);
        got.push(res.statusCode);
        if (res.statusCode === 303 && !cookies[actor]) {
          if (row.anonymousTo) expect(res.headers.location).toBe(row.anonymousTo);
          else expect(res.headers.location).toMatch(/^\/sign-in(\?next=|$)/);
        }
      }
      await row.restore?.();
      expect(Object.fromEntries(actors.map((a, i) => [a, got[i]]))).toEqual(
        Object.fromEntries(actors.map((a, i) => [a, row.expect[i]])),
      );
    });
  }

  // Organising one cohort gives nothing in another: the desk is per cohort.
  it('treats an organiser of another cohort as an outsider on every route', async () => {
    const wrong: string[] = [];
    for (const row of routes) {
      const res = await send(row, otherOrganiser);
      await row.restore?.();
      const expected = row.otherOrganiser ?? row.expect[1];
      if (res.statusCode !== expected) {
        wrong.push(`${row.method ?? 'GET'} ${row.url}: ${res.statusCode}, not ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('shows organisers a closed room as a preview', async () => {
    const res = await t.app.inject({
      url: '/c/spring/sharing',
      headers: { cookie: cookies.organiser },
    });
    expect(res.body).toContain('Organiser preview: participants can enter this room from');
  });

  it('lists every route the app declares', () => {
    const listed = new Set(routes.map((r) => `${r.method ?? 'GET'} ${r.route}`));
    const missing = declared.filter((r) => !listed.has(r) && !exempt.has(r));
    expect(missing).toEqual([]);
  });
});
