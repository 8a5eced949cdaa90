// Every page kind is valid HTML according to the W3C Nu Html Checker (vnu.jar, needs Java).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vnu from 'vnu-jar';
import {
  announcements,
  circles,
  cohorts,
  commentPhotos,
  comments,
  meetups,
  profilePhotos,
  ruleChanges,
  users,
} from '../../db/schema.ts';
import { createSignInToken, enrolOrganiser, ensureUser } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { generateToken, hashToken } from '../../server/core/tokens.ts';
import { castVote as castPollVote } from '../../server/polls/queries.ts';
import { castVote, createProposal } from '../../server/rules/queries.ts';
import { goodReview } from '../feedback/helpers.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, submit, withCookies } from '../helpers/auth.ts';
import { multipartBody, postProfileWithPhoto } from '../profile/helpers.ts';

const run = promisify(execFile);
let t: TestApp;

let learner = '';
let organiser = '';
const ids = {
  COMMENT: 0,
  ITEM: 0,
  LEASED: 0,
  REVIEWED: 0,
  ANNOUNCEMENT: 0,
  PERSON: 0,
  CIRCLE: 0,
  ENTRY: 0,
};
/** Pages as a refused form leaves them (422, with messages), captured in beforeAll. */
const refused: Record<string, string> = {};
let outsider = '';
let token = '';
/** A first sign-in (an admin without an account) and a co-organiser's invitation. */
let newcomer = '';
let invite = '';
let rsvp = '';

beforeAll(async () => {
  t = await buildTestApp({ env: { ADMIN_EMAILS: 'boss@example.org' } });
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  await createCohort(t.database.db, { slug: 'other', courseId: 'leren', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  learner = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
  outsider = await signIn(t, { email: 'cy@example.org', cohorts: ['other'] });
  organiser = await signIn(t, { email: 'organisers@example.org' });
  const drawing = '/c/spring/welcome/drawing';
  const first = await submit(
    t.app,
    drawing,
    `${drawing}/comments`,
    { body: 'A **first** thought' },
    learner,
  );
  ids.COMMENT = Number(/#comment-(\d+)$/.exec(first.res.headers.location ?? '')?.[1]);
  t.setNow(new Date('2026-03-10T12:01:00Z'));
  await submit(t.app, drawing, `/comments/${ids.COMMENT}/reply`, { body: 'A reply' }, organiser);
  t.setNow(new Date('2026-03-10T12:02:00Z'));
  const second = await submit(t.app, drawing, `${drawing}/comments`, { body: 'To hide' }, learner);
  const hidden = Number(/#comment-(\d+)$/.exec(second.res.headers.location ?? '')?.[1]);
  await submit(t.app, drawing, `/comments/${hidden}/flag`, { reason: 'test' }, organiser);
  await submit(t.app, drawing, `/comments/${ids.COMMENT}/spotlight`, { on: 'on' }, organiser);
  const wall = '/c/spring/welcome/wall';
  // Past the posting limit's window, so the find is made (and its pages are real pages).
  t.setNow(new Date('2026-03-10T12:10:00Z'));
  const item = await submit(
    t.app,
    wall,
    wall,
    { title: 'A find', url: 'https://example.org/', note: 'Why' },
    learner,
  );
  ids.ITEM = Number(/#item-(\d+)$/.exec(item.res.headers.location ?? '')?.[1]);
  if (!ids.ITEM) throw new Error(`the find was not made: ${item.res.statusCode}`);
  // Liked and reported by the organiser: the wall's counts, "Reported", the queue's finds.
  const find = `${wall}/${ids.ITEM}`;
  await submit(t.app, find, `${find}/like`, { like: 'on' }, organiser);
  await submit(t.app, find, `${find}/flag`, { reason: 'test' }, organiser);
  // Peer feedback: Ann and Bo hand in (late, on 10 March); Bo reviews Ann's work, Ann
  // leases Bo's and sends an incomplete review; Ann sends a rating without a score.
  const bo = await signIn(t, { email: 'bo@example.org', cohorts: ['spring'] });
  const fb = '/c/spring/welcome/feedback';
  await submit(t.app, fb, fb, { body: 'My *situation*', url: 'https://example.org/' }, learner);
  await submit(t.app, fb, fb, { body: 'Bo’s situation' }, bo);
  const boTo = (await submit(t.app, fb, `${fb}/review`, {}, bo)).res.headers.location ?? '';
  ids.REVIEWED = Number(/(\d+)$/.exec(boTo)?.[1]);
  await submit(t.app, boTo, boTo, goodReview, bo);
  const annTo = (await submit(t.app, fb, `${fb}/review`, {}, learner)).res.headers.location ?? '';
  ids.LEASED = Number(/(\d+)$/.exec(annTo)?.[1]);
  refused.review = (
    await submit(t.app, annTo, annTo, { 'criterion-works': 'short' }, learner)
  ).res.body;
  const reviewId = /id="review-(\d+)"/.exec(
    (await t.app.inject({ url: fb, headers: { cookie: learner } })).body,
  )?.[1];
  refused.rating = (
    await submit(t.app, fb, `${fb}/reviews/${reviewId}/rating`, { thanks: 'x' }, learner)
  ).res.body;
  refused.submission = (await submit(t.app, fb, fb, { body: '', url: 'nope' }, bo)).res.body;
  // The meet-up: the organiser's new form, a refused save, the meet-up invited and answered.
  const organise = '/c/spring/organise/meetup';
  refused.meetupNew = (await t.app.inject({ url: organise, headers: { cookie: organiser } })).body;
  const meetup = {
    title: 'Spring meet-up',
    description: 'Bring *one* object.',
    starts_at: '2026-03-20T19:00',
    ends_at: '2026-03-20T22:00',
    timezone: 'Europe/Amsterdam',
    place: 'Café De Zon',
    address: 'Zonstraat 1\n1011 AA Amsterdam',
    capacity: '1',
  };
  refused.meetup = (
    await submit(
      t.app,
      organise,
      organise,
      { ...meetup, title: '', starts_at: 'soon', capacity: '-1', timezone: 'Nowhere' },
      organiser,
    )
  ).res.body;
  await submit(t.app, organise, organise, meetup, organiser);
  await submit(t.app, organise, `${organise}/invite`, {}, organiser);
  await submit(t.app, '/c/spring/meetup', '/c/spring/meetup/rsvp', { answer: 'yes' }, bo);
  await submit(t.app, '/c/spring/meetup', '/c/spring/meetup/rsvp', { answer: 'yes' }, learner);
  // A co-organiser and an invitation not accepted yet, for the settings page.
  const cohort = (await t.database.db.select().from(cohorts).where(eq(cohorts.slug, 'spring')))[0];
  const cora = await ensureUser(t.database.db, {
    email: 'cora@example.org',
    name: 'Cora',
    locale: 'en',
  });
  await enrolOrganiser(t.database.db, cohort?.id ?? 0, cora.id);
  const settings = '/c/spring/organise/settings';
  await submit(
    t.app,
    settings,
    '/c/spring/organise/organisers',
    { email: 'dora@example.org' },
    organiser,
  );
  // An announcement, and its edit form refused.
  const news = '/c/spring/organise/announcements';
  await submit(t.app, news, news, { title: 'News', body: 'Read *this*' }, organiser);
  ids.ANNOUNCEMENT = (await t.database.db.select().from(announcements))[0]?.id ?? 0;
  const edit = `${news}/${ids.ANNOUNCEMENT}`;
  refused.announcement = (
    await submit(t.app, `${edit}/edit`, edit, { title: '', body: '' }, organiser)
  ).res.body;
  const [ann] = await t.database.db.select().from(users).where(eq(users.email, 'ann@example.org'));
  const [row] = await t.database.db.select().from(meetups);
  rsvp = t.app.signer.sign('rsvp', `${row?.id}-${ann?.id}-no`);
  token = generateToken();
  await createSignInToken(t.database.db, {
    tokenHash: hashToken(token),
    purpose: 'sign-in',
    email: 'ann@example.org',
    locale: 'en',
    expiresAt: new Date(Date.now() + 3600_000),
  });
  newcomer = generateToken();
  await createSignInToken(t.database.db, {
    tokenHash: hashToken(newcomer),
    purpose: 'sign-in',
    email: 'boss@example.org',
    locale: 'en',
    expiresAt: new Date(Date.now() + 3600_000),
  });
  refused.newcomer = (
    await submit(t.app, `/auth/${newcomer}`, `/auth/${newcomer}`, { name: ' ' })
  ).res.body;
  invite = generateToken();
  await createSignInToken(t.database.db, {
    tokenHash: hashToken(invite),
    purpose: 'enrol',
    role: 'organiser',
    cohortId: cohort?.id ?? 0,
    email: 'dora@example.org',
    name: 'Dora',
    locale: 'en',
    expiresAt: new Date(Date.now() + 3600_000),
  });
  // Ann's profile (every field), and the form refused with a message on each kind of field.
  ids.PERSON = ann?.id ?? 0;
  const profile = '/c/spring/profile';
  const fields = {
    intro: 'I teach and walk.',
    'answer_keeps-you-up': 'Whether it lands.',
    languages: 'en',
    time_band: 'evening',
    link_1: 'https://ann.example.org/',
    listed: '1',
  };
  await submit(t.app, profile, profile, fields, learner);
  // Her photo (the pages only link it): the cards, her page and the form show it.
  await t.database.db.insert(profilePhotos).values({
    cohortId: cohort?.id ?? 0,
    userId: ids.PERSON,
    hash: 'a'.repeat(32),
    large: new Uint8Array([1]),
    small: new Uint8Array([1]),
  });
  // An introduction in the welcome room's icebreaker, with her card beside it and a photo of
  // her view (the page only links it); then one refused for want of a description.
  // Later than her last post, or the posting limit refuses it.
  t.setNow(new Date('2026-03-10T12:15:00Z'));
  const posted = await submit(
    t.app,
    '/c/spring/welcome',
    '/c/spring/welcome/comments',
    { body: 'Hello, I am Ann.' },
    learner,
  );
  expect(posted.res.statusCode).toBe(303);
  const [introRow] = await t.database.db
    .select({ id: comments.id })
    .from(comments)
    .where(eq(comments.bodyMd, 'Hello, I am Ann.'));
  const introId = introRow?.id ?? 0;
  await t.database.db.insert(commentPhotos).values({
    commentId: introId,
    cohortId: cohort?.id ?? 0,
    hash: 'b'.repeat(32),
    image: new Uint8Array([1]),
  });
  await t.database.db
    .update(comments)
    .set({ photo: { hash: 'b'.repeat(32), alt: 'My "view" <3 & more', width: 1200, height: 900 } })
    .where(eq(comments.id, introId));
  refused.introPhoto = await postIcebreakerPhoto(t, learner);
  const welcomes = '/c/spring/organise/moderation/welcomes';
  refused.welcomes = (
    await submit(t.app, welcomes, welcomes, { welcomes: 'a\nb\nc\nd\ne\nf' }, organiser)
  ).res.body;
  refused.photo = (
    await postProfileWithPhoto(t, learner, Object.entries(fields), {
      filename: 'me.jpg',
      type: 'image/jpeg',
      bytes: Buffer.from('not a photo'),
    })
  ).res.body;
  refused.profile = (
    await submit(
      t.app,
      profile,
      profile,
      {
        ...fields,
        intro: 'x'.repeat(300),
        languages: 'xx',
        time_band: 'never',
        link_1: 'http://a.org',
      },
      learner,
    )
  ).res.body;
  // The live hour of the first room (3 March, 20:00 Amsterdam): before it, with a question
  // sent in and a refused one; under way with messages, a highlight and a refused message, as
  // learner and as host. On 10 March (the other visits) it is over: the transcript.
  const resume = t.app.clock();
  const live = '/c/spring/live/welcome';
  t.setNow(new Date('2026-03-03T18:00:00Z'));
  await submit(t.app, live, `${live}/questions`, { body: 'How *do* you?' }, learner);
  refused.liveBefore = (
    await submit(t.app, live, `${live}/questions`, { body: '' }, learner)
  ).res.body;
  t.setNow(new Date('2026-03-03T19:06:00Z'));
  await t.app.inject({ url: live, headers: { cookie: learner } });
  await submit(t.app, live, `${live}/messages`, { body: 'Hello *all*' }, learner);
  const liveRow = /id="m-(\d+)"[^>]*data-kind="message"/.exec(
    (await t.app.inject({ url: live, headers: { cookie: organiser } })).body,
  );
  await submit(t.app, live, `${live}/messages/${liveRow?.[1]}/highlight`, {}, organiser);
  refused.liveMessage = (
    await submit(t.app, live, `${live}/messages`, { body: ' ' }, learner)
  ).res.body;
  refused.liveLearner = (await t.app.inject({ url: live, headers: { cookie: learner } })).body;
  refused.liveHost = (await t.app.inject({ url: live, headers: { cookie: organiser } })).body;
  refused.liveDesk = (
    await t.app.inject({ url: '/c/spring/organise/live', headers: { cookie: organiser } })
  ).body;
  t.setNow(resume);

  // Circles: opting in (and refused), the organisers' preview (and a refused seed), forming,
  // then a circle's space with a post and a meeting (and a refused meeting).
  const circlesPage = '/c/spring/circles';
  const join = '/c/spring/circles/join';
  refused.circlesFresh = (
    await t.app.inject({ url: circlesPage, headers: { cookie: learner } })
  ).body;
  refused.circlesJoin = (
    await submit(t.app, circlesPage, join, { language: 'xx', time: '', commitment: 'all' }, learner)
  ).res.body;
  refused.circlesCode = (
    await submit(t.app, circlesPage, join, { code: 'nope' }, learner)
  ).res.body;
  const answers = { language: 'en', time: 'evening', commitment: 'most' };
  await submit(t.app, circlesPage, join, answers, learner);
  for (const name of ['bo', 'cas', 'dee']) {
    const cookie = await signIn(t, { email: `${name}@example.org`, cohorts: ['spring'] });
    await submit(t.app, circlesPage, join, answers, cookie);
  }
  const desk = '/c/spring/organise/circles';
  refused.circlesPreview = (
    await t.app.inject({ url: `${desk}?seed=3`, headers: { cookie: organiser } })
  ).body;
  refused.circlesSeed = (
    await t.app.inject({ url: `${desk}?seed=x`, headers: { cookie: organiser } })
  ).body;
  await submit(t.app, desk, desk, { seed: '3' }, organiser);
  const circleUrl = (await submit(t.app, circlesPage, join, { code: 'x' }, learner)).res.body;
  ids.CIRCLE = Number(/\/c\/spring\/circles\/(\d+)/.exec(circleUrl)?.[1]);
  const space = `/c/spring/circles/${ids.CIRCLE}`;
  t.setNow(new Date('2026-03-10T12:20:00Z'));
  const said = await submit(t.app, space, `${space}/comments`, { body: 'Hello circle' }, learner);
  // Reported from inside, citing a house rule: moderation shows that one comment, and the rule.
  const circleComment = /#comment-(\d+)/.exec(String(said.res.headers.location))?.[1];
  const reporter = await signIn(t, { email: 'bo@example.org', cohorts: ['spring'] });
  await submit(
    t.app,
    space,
    `/comments/${circleComment}/flag`,
    { reason: 'Unkind', rule: 'listen-first' },
    reporter,
  );
  await submit(
    t.app,
    space,
    `${space}/meeting`,
    { when: '2026-03-12T19:30', note: 'Video' },
    learner,
  );
  refused.circleMeeting = (
    await submit(t.app, space, `${space}/meeting`, { when: 'soon', note: 'x'.repeat(300) }, learner)
  ).res.body;
  refused.circleComment = (
    await submit(t.app, space, `${space}/comments`, { body: ' ' }, learner)
  ).res.body;
  await submit(t.app, space, `${space}/invite`, { invite: 'on' }, learner);
  // The circle was asked to merge or stay: its members see the question with its two buttons.
  await t.database.db
    .update(circles)
    .set({ offerAt: new Date('2026-03-10T12:20:00Z') })
    .where(eq(circles.id, ids.CIRCLE));
  const asked = await t.app.inject({ url: space, headers: { cookie: learner } });
  expect(asked.body).toContain(`action="${space}/offer"`);
  const queue = await t.app.inject({
    url: '/c/spring/organise/moderation',
    headers: { cookie: organiser },
  });
  expect(queue.body).toContain('listen-first');
  // House rules: Ann's open proposal with an objection (she sees the answer form), one
  // adopted change in the history, and the proposal and vote forms refused.
  const spring = await t.database.db.query.cohorts.findFirst({ where: eq(cohorts.slug, 'spring') });
  const objector = await ensureUser(t.database.db, {
    email: 'objector@example.org',
    name: 'Obi',
    locale: 'en',
  });
  const proposal = await createProposal(t.database.db, {
    cohortId: spring?.id ?? 0,
    proposerId: ann?.id ?? 0,
    ruleId: 'directory',
    isNew: false,
    title: 'Only who wants to',
    body: '',
    setting: 'directory',
    value: 'opt-in',
    now: new Date('2026-03-08T10:00:00Z'),
  });
  await castVote(t.database.db, {
    proposalId: proposal.id,
    userId: objector.id,
    vote: 'object',
    reason: 'Then nobody finds anyone.',
    now: new Date('2026-03-08T11:00:00Z'),
  });
  await t.database.db.insert(ruleChanges).values({
    cohortId: spring?.id ?? 0,
    version: 2,
    ruleId: 'names_in_digests',
    text: 'First names only.',
    setting: 'names_in_digests',
    value: 'first',
    consents: 3,
    responses: 3,
    adoptedAt: new Date('2026-03-07T10:00:00Z'),
  });
  const rules = '/c/spring/rules';
  refused.proposal = (
    await submit(t.app, rules, `${rules}/proposals`, { rule: 'new', title: '', body: 'x' }, learner)
  ).res.body;
  refused.vote = (
    await submit(
      t.app,
      rules,
      `${rules}/proposals/${proposal.id}/vote`,
      { vote: 'object' },
      learner,
    )
  ).res.body;
  // Polls: enough answers for charts, reasons, a repeat with a move; a vote refused.
  const others = [];
  for (let i = 0; i < 7; i++)
    others.push(
      await ensureUser(t.database.db, { email: `p${i}@example.org`, name: `P${i}`, locale: 'en' }),
    );
  for (const [i, u] of others.entries()) {
    const cast = (pollId: string, option: string, question = '') =>
      castPollVote(t.database.db, {
        cohortId: cohort?.id ?? 0,
        pollId,
        userId: u.id,
        ballots: [{ question, options: [option] }],
        reason: i === 0 ? 'Because <we> try' : null,
        now: new Date('2026-03-09T12:00:00Z'),
      });
    await cast('stance', i < 4 ? 'blended' : 'experiment');
    await cast('stance-again', 'experiment');
    await cast('tools', i < 3 ? 'paper' : 'app');
  }
  const look = '/c/spring/welcome/first-look';
  await submit(
    t.app,
    look,
    '/c/spring/polls/stance/vote',
    { option: 'blended', reason: 'Mixed' },
    learner,
  );
  const video = '/c/spring/walking/video';
  await submit(
    t.app,
    video,
    '/c/spring/polls/stance-again/vote',
    { option: 'experiment' },
    learner,
  );
  refused.poll = (
    await submit(
      t.app,
      look,
      '/c/spring/polls/stance/vote',
      { option: 'x', reason: 'kept' },
      learner,
    )
  ).res.body;
  // The blog carnival: Ann's post, a refused one, the host's desk refused (too early to
  // publish); after the close the round-up is published and its page captured, then the clock
  // goes back so the other pages meet the same day.
  const carnival = '/c/spring/walking/carnival';
  const sent = await submit(
    t.app,
    carnival,
    carnival,
    { url: 'https://blog.example.org/a', title: 'My walk', note: 'I walked. It helped me think.' },
    learner,
  );
  ids.ENTRY = Number(/carnival\/(\d+)$/.exec(sent.res.headers.location ?? '')?.[1]);
  refused.carnivalPost = (
    await submit(t.app, carnival, carnival, { url: 'nope', title: '', note: 'x' }, learner)
  ).res.body;
  const roundupDesk = `${carnival}/roundup`;
  refused.carnivalDesk = (
    await submit(t.app, roundupDesk, roundupDesk, { body: 'Early', action: 'publish' }, organiser)
  ).res.body;
  t.setNow(new Date('2026-03-17T12:00:00Z'));
  await submit(
    t.app,
    roundupDesk,
    roundupDesk,
    { body: 'All our *walks*.', action: 'publish' },
    organiser,
  );
  refused.roundup = (
    await t.app.inject({ url: '/c/spring/sharing/roundup', headers: { cookie: learner } })
  ).body;
  t.setNow(new Date('2026-03-10T12:20:00Z'));
});
afterAll(() => t.close());

type Visit = {
  url: string;
  as?: () => string;
  post?: Record<string, string>;
  /** A page captured in beforeAll instead of requested. */
  captured?: string;
};

/** Every kind of page, anonymous or signed in; posts are sent without a valid form. */
const pages: Visit[] = [
  { url: '/' },
  { url: '/c/spring' },
  { url: '/c/spring', as: () => learner },
  { url: '/c/spring/welcome', as: () => learner },
  { url: '/c/spring/welcome/drawing', as: () => learner },
  { url: '/c/spring/welcome/first-look', as: () => learner },
  { url: '/c/spring/welcome/talk', as: () => learner }, // audio player and transcript
  { url: '/c/spring/walking/video', as: () => learner }, // click-to-load video placeholder
  { url: '/c/spring/sharing', as: () => learner }, // not open yet
  { url: '/c/spring/welcome', as: () => outsider }, // not a member
  { url: '/c/spring/leave', as: () => learner },
  { url: '/c/nobody' }, // 404
  { url: '/sign-in' },
  { url: '/sign-in/sent' },
  { url: `/auth/${'a'.repeat(32)}` }, // expired or unknown link
  { url: '/auth/TOKEN' },
  { url: '/auth/NEWCOMER' }, // an admin's first sign-in: the name is asked
  { url: 'refused-newcomer', captured: 'newcomer' },
  { url: '/auth/INVITE' }, // a co-organiser's invitation
  { url: '/settings', as: () => learner },
  { url: '/settings/delete', as: () => learner },
  { url: '/sign-in', post: { email: 'not an address' } }, // CSRF page with the typed text
  // Conversation: a thread with a reply, a hidden comment (organiser view), the wall.
  { url: '/c/spring/welcome/drawing', as: () => learner },
  { url: '/c/spring/welcome/drawing', as: () => organiser },
  { url: '/c/spring/welcome/drawing?sort=liked', as: () => learner },
  { url: '/c/spring/welcome/wall', as: () => learner },
  { url: '/c/spring/welcome/wall', as: () => organiser },
  { url: '/c/spring/welcome/wall/ITEM', as: () => learner },
  { url: '/c/spring/welcome/wall/ITEM/edit', as: () => learner },
  { url: '/c/spring/welcome/wall/ITEM/flag', as: () => organiser },
  { url: '/c/spring/organise/moderation', as: () => organiser },
  { url: '/comments/COMMENT/edit', as: () => learner },
  { url: '/comments/COMMENT/reply', as: () => organiser },
  { url: '/comments/COMMENT/flag', as: () => organiser },
  // Unsubscribing: the confirm page, the done page, and a link that is not valid.
  { url: '/unsubscribe/UNSUB' },
  { url: '/unsubscribe/UNSUB', post: {} },
  { url: '/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAA' },
  // Peer feedback: the assignment with work, a review received and given; a review form
  // (leased), a review sent; the organiser's view; and the three forms refused.
  { url: '/c/spring/welcome/feedback', as: () => learner },
  { url: '/c/spring/welcome/feedback', as: () => organiser },
  { url: '/c/spring/welcome/feedback/submissions/LEASED', as: () => learner },
  { url: '/c/spring/welcome/feedback/submissions/REVIEWED', as: () => organiser },
  { url: '/c/spring/organise/feedback', as: () => organiser },
  { url: 'refused-review', captured: 'review' },
  { url: 'refused-rating', captured: 'rating' },
  { url: 'refused-submission', captured: 'submission' },
  // The meet-up: none yet (other cohort), the new form, a refused save; then invited with
  // a full waitlist: the member page, the organiser's page, the answer link (ask, then done).
  { url: '/c/other/meetup', as: () => outsider },
  { url: 'meetup-new', captured: 'meetupNew' },
  { url: 'refused-meetup', captured: 'meetup' },
  { url: '/c/spring/meetup', as: () => learner },
  { url: '/c/spring/meetup', as: () => organiser },
  { url: '/c/spring/organise/meetup', as: () => organiser },
  { url: '/meetup/rsvp/RSVP' },
  { url: '/meetup/rsvp/RSVP', post: {} },
  // The organiser's desk: publishing rooms, the settings, a room with the banner.
  { url: '/c/spring/organise', as: () => organiser },
  { url: '/c/spring/organise/settings', as: () => organiser },
  { url: '/c/spring/sharing', as: () => organiser },
  // The organiser's dashboard, by default and sorted by last activity.
  { url: '/c/spring/organise/dashboard', as: () => organiser },
  {
    url: '/c/spring/organise/dashboard?sort=activity&dir=desc&rsort=posts&rdir=desc',
    as: () => organiser,
  },
  // Announcements: the organiser's form and list; the authoring help.
  { url: '/c/spring/organise/announcements', as: () => organiser },
  { url: '/c/spring/organise/announcements/ANNOUNCEMENT/edit', as: () => organiser },
  { url: 'refused-announcement', captured: 'announcement' },
  { url: '/c/spring', as: () => organiser }, // with the organiser banner
  { url: '/organise/writing-a-room', as: () => organiser },
  { url: '/organise', as: () => organiser }, // the cohorts one organises
  // Profiles and who's here: the form (saved and refused), the list (filtered, and as an
  // organiser), a member's page, and a cohort home with the invitation to introduce oneself.
  { url: '/c/spring/profile', as: () => learner },
  { url: 'refused-profile', captured: 'profile' },
  { url: 'refused-photo', captured: 'photo' },
  // "You are seen": the organiser sees the learner's first post marked, with the welcomes.
  { url: '/c/spring/welcome', as: () => organiser },
  { url: '/c/spring/organise/moderation/welcomes', as: () => organiser },
  { url: 'refused-welcomes', captured: 'welcomes' },
  { url: '/c/spring/people', as: () => learner },
  { url: '/c/spring/people?prompt=keeps-you-up&language=en', as: () => learner },
  { url: '/c/spring/people?time=morning', as: () => learner }, // nobody matches
  { url: '/c/spring/people', as: () => organiser },
  { url: '/c/spring/people/PERSON', as: () => learner },
  { url: '/c/other', as: () => outsider },
  { url: '/c/other/people', as: () => outsider },
  // The live hour: before, under way (learner, host, a refused message), the desk, over.
  { url: 'live-before', captured: 'liveBefore' },
  { url: 'live-learner', captured: 'liveLearner' },
  { url: 'live-host', captured: 'liveHost' },
  { url: 'live-refused', captured: 'liveMessage' },
  { url: 'live-desk', captured: 'liveDesk' },
  { url: '/c/spring/live/welcome', as: () => learner },
  { url: '/c/spring/live/welcome', as: () => organiser },
  // Circles: opt-in (fresh and refused twice), the desk's preview and a refused seed, then
  // after forming: one's circles page, the space (as member, refused twice, as invited guest),
  // the desk's list, and the cohort home's link.
  { url: 'circles-fresh', captured: 'circlesFresh' },
  { url: 'circles-join', captured: 'circlesJoin' },
  { url: 'circles-code', captured: 'circlesCode' },
  { url: 'circles-preview', captured: 'circlesPreview' },
  { url: 'circles-seed', captured: 'circlesSeed' },
  { url: '/c/spring/circles', as: () => learner },
  { url: '/c/spring/circles/CIRCLE', as: () => learner },
  { url: 'circle-meeting', captured: 'circleMeeting' },
  { url: 'circle-comment', captured: 'circleComment' },
  { url: '/c/spring/circles/CIRCLE', as: () => organiser },
  { url: '/c/spring/organise/circles', as: () => organiser },
  { url: '/c/spring/circles', as: () => organiser },
  // The blog carnival: its page, a post with its thread, a refused post, the host's desk (and
  // refused), the published round-up.
  { url: '/c/spring/walking/carnival', as: () => learner },
  { url: '/c/spring/walking/carnival/ENTRY', as: () => learner },
  { url: 'carnival-post', captured: 'carnivalPost' },
  { url: '/c/spring/walking/carnival/roundup', as: () => organiser },
  { url: 'carnival-desk', captured: 'carnivalDesk' },
  { url: 'roundup', captured: 'roundup' },
  // House rules: the page (a proposer, an organiser) and its refused forms.
  { url: '/c/spring/rules', as: () => learner },
  { url: '/c/spring/rules', as: () => organiser },
  { url: 'refused-proposal', captured: 'proposal' },
  { url: 'refused-vote', captured: 'vote' },
  // Polls: a scan in a room's introduction, charts with reasons, a repeat, a refused vote.
  { url: '/c/spring/welcome', as: () => organiser },
  { url: '/c/spring/welcome/first-look', as: () => organiser },
  { url: '/c/spring/walking', as: () => learner },
  { url: 'refused-poll', captured: 'poll' },
  // The icebreaker (with a photo of a view) as learners see it, and its refused photo.
  { url: '/c/spring/welcome', as: () => learner },
  { url: 'refused-intro-photo', captured: 'introPhoto' },
];

describe('HTML validity', () => {
  it('passes the Nu Html Checker on every page, in both languages', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'salon-vnu-'));
    try {
      const files: string[] = [];
      for (const lang of ['nl', 'en']) {
        for (const [i, visit] of pages.entries()) {
          const cookie = [`lang=${lang}`, visit.as?.() ?? ''].filter(Boolean).join('; ');
          const res = visit.captured
            ? { headers: { 'content-type': 'text/html' }, body: refused[visit.captured] ?? '' }
            : await t.app.inject({
                method: visit.post ? 'POST' : 'GET',
                url: visit.url
                  .replace('TOKEN', token)
                  .replace('NEWCOMER', newcomer)
                  .replace('INVITE', invite)
                  .replace('COMMENT', String(ids.COMMENT))
                  .replace('ITEM', String(ids.ITEM))
                  .replace('LEASED', String(ids.LEASED))
                  .replace('REVIEWED', String(ids.REVIEWED))
                  .replace('ANNOUNCEMENT', String(ids.ANNOUNCEMENT))
                  .replace('PERSON', String(ids.PERSON))
                  .replace('CIRCLE', String(ids.CIRCLE))
                  .replace('ENTRY', String(ids.ENTRY))
                  .replace('UNSUB', t.app.signer.sign('unsubscribe', '1'))
                  .replace('RSVP', rsvp),
                headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
                payload: visit.post ? new URLSearchParams(visit.post).toString() : undefined,
              });
          expect(res.headers['content-type']).toContain('text/html');
          // The find's own pages must be those pages, not a 404 in their place.
          if ((visit.url.includes('ITEM') || visit.url.includes('CIRCLE')) && 'statusCode' in res) {
            expect(res.statusCode, visit.url).toBeLessThan(400);
          }
          const file = path.join(dir, `${lang}-${i}${visit.url.replace(/\//g, '_')}.html`);
          await writeFile(file, res.body);
          files.push(file);
        }
      }
      const { stdout, stderr } = await run(
        'java',
        // The JVM's quick compiler only, and one GC thread: a single run of the checker spends
        // less CPU that way (half, measured), and the machine is busy with other test files.
        // That compiler's frames are larger, so the checker's deep schema needs a bigger stack.
        [
          '-Xss16m',
          '-XX:TieredStopAtLevel=1',
          '-XX:+UseSerialGC',
          '-jar',
          vnu,
          '--format',
          'json',
          '--exit-zero-always',
          ...files,
        ],
        {
          maxBuffer: 10 * 1024 * 1024,
        },
      );
      const report = JSON.parse(stderr || stdout) as {
        messages: {
          type: string;
          subType?: string;
          message: string;
          url: string;
          lastLine?: number;
        }[];
      };
      const problems = report.messages
        .filter((m) => m.type === 'error' || m.subType === 'warning')
        .map((m) => `${path.basename(m.url)}:${m.lastLine}: ${m.message}`);
      expect(problems).toEqual([]);
      expect(files).toHaveLength(pages.length * 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The icebreaker's form posted with a photo and no description: refused, as a page. */
async function postIcebreakerPhoto(t: TestApp, cookie: string): Promise<string> {
  const room = '/c/spring/welcome';
  const form = await t.app.inject({ url: room, headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const { body, type } = multipartBody(
    [
      ['_csrf', token],
      ['body', 'Hi'],
      ['photo_alt', ''],
    ],
    [{ field: 'photo', filename: 'v.jpg', type: 'image/jpeg', bytes: Buffer.from('x') }],
  );
  const res = await t.app.inject({
    method: 'POST',
    url: `${room}/comments`,
    headers: { cookie: withCookies(cookie, form), 'content-type': type },
    payload: body,
  });
  expect(res.statusCode).toBe(422);
  return res.body;
}
