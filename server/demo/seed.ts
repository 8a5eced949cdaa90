// The embedded demo: one cohort per course, started so that the rooms up to the peer-feedback
// assignment are open, walked in by a few fictional learners (data.ts). Everything is written
// through the features' own checks and queries, so the rows are what the app itself would
// write. Only on the embedded database (main.ts), and only for a demo cohort that does not
// exist yet: a restart adds nothing, and costs one query per course.
import type { Db } from '../../db/client.ts';
import type { Cohort, NewCohort } from '../../db/schema.ts';
import { createAnnouncement } from '../announce/queries.ts';
import type { Assignment, Catalogue, Course } from '../content/types.ts';
import { attachPhoto, encodeIntroPhoto } from '../conversation/photos.ts';
import { createComment, setLike, setSpotlight } from '../conversation/queries.ts';
import { checkBody } from '../conversation/thread.ts';
import { recordVisit } from '../conversation/visits.ts';
import { createContribution, setContributionFlag } from '../conversation/wall.ts';
import { checkContribution } from '../conversation/wall-routes.ts';
import { enrolLearner, ensureUser, updateUser } from '../core/accounts.ts';
import { createCohort, findCohortBySlug } from '../core/cohorts.ts';
import { currentHouseRules } from '../core/house-rules.ts';
import { forgetHouseSettings } from '../core/house-settings.ts';
import { type ScheduledRoom, scheduleFor } from '../core/model.ts';
import { renderBody } from '../core/render.ts';
import { addDays, localAt, todayIn } from '../core/schedule.ts';
import {
  exhibitThread,
  formatThreadKey,
  icebreakerThread,
  wallThread,
} from '../core/thread-key.ts';
import { allocateReview } from '../feedback/allocation.ts';
import { submitState, windowsFor } from '../feedback/deadlines.ts';
import { checkRating, checkReview, checkSubmission, fieldOf } from '../feedback/forms.ts';
import { completeReview, listReceived, rateReview, saveSubmission } from '../feedback/queries.ts';
import { markInvited, saveMeetup } from '../meetup/queries.ts';
import { answerMeetup } from '../meetup/rsvp.ts';
import { checkProfile } from '../profile/forms.ts';
import { encodePhoto } from '../profile/photo.ts';
import { saveProfileWithPhoto } from '../profile/queries.ts';
import { ruleIdFor } from '../rules/forms.ts';
import {
  answerObjection,
  castVote,
  closeProposal,
  createProposal,
  listObjections,
} from '../rules/queries.ts';
import { sendInCarnivalPosts } from './carnival.ts';
import { seedCircles } from './circles.ts';
import { type DemoCourse, type DemoReply, demoCourses } from './data.ts';
import { seedLive } from './live.ts';
import { answerPolls } from './polls.ts';
import { portraitPng } from './portraits.ts';
import { demoStartsOn } from './schedule.ts';
import { viewPng } from './views.ts';

export const demoTimezone = 'Europe/Amsterdam';

export const demoSlug = (course: Pick<Course, 'id'>) => `${course.id}-demo`;

/** What a demo cohort is, in one place. */
function demoCohort(course: Course, now: Date): NewCohort {
  return {
    slug: demoSlug(course),
    name: demoCourses.get(course.id)?.cohortName ?? 'Demo',
    courseId: course.id,
    startsOn: demoStartsOn(course, demoTimezone, now),
    timezone: demoTimezone,
  };
}

/** Creates the demo cohort of every course that has none yet; returns the slugs created. */
export async function seedDemo(db: Db, catalogue: Catalogue, now: Date): Promise<string[]> {
  const created: string[] = [];
  for (const course of catalogue.courses.values()) {
    if (await findCohortBySlug(db, demoSlug(course))) continue;
    // All or nothing: a demo interrupted halfway would otherwise never be completed.
    await db.transaction(async (tx) => {
      const txDb = tx as unknown as Db;
      const cohort = await createCohort(txDb, demoCohort(course, now));
      const demo = demoCourses.get(course.id);
      if (demo) await walkIn(txDb, course, cohort, demo, now);
    });
    created.push(demoSlug(course));
  }
  return created;
}

interface Scene {
  db: Db;
  cohort: Cohort;
  schedule: ScheduledRoom[];
  /** User ids of the demo learners, in the order of the data. */
  people: number[];
  now: Date;
}

const hourMs = 3_600_000;

/** `hours` after the room opened, but never in the future. */
const momentIn = (s: Scene, place: ScheduledRoom, hours: number) =>
  new Date(
    Math.max(
      place.opensAt.getTime(),
      Math.min(place.opensAt.getTime() + hours * hourMs, s.now.getTime() - 60_000),
    ),
  );

function person(s: Scene, index: number): number {
  const id = s.people[index];
  if (id === undefined) throw new Error(`the demo data names learner ${index}, who is not listed`);
  return id;
}

const openRoom = (s: Scene, roomId: string) =>
  s.schedule.find((p) => p.open && p.room.id === roomId);

/** A demo learner's profile, through the form's own checks, so who's here is full at once. */
async function introduce(
  db: Db,
  course: Course,
  cohort: Cohort,
  userId: number,
  learner: DemoCourse['learners'][number],
  now: Date,
) {
  const p = learner.profile;
  if (!p) return;
  const fields: Record<string, unknown> = {
    intro: p.intro,
    languages: p.languages ?? [],
    time_band: p.timeBand ?? '',
    link_1: p.link ?? '',
    listed: '1',
  };
  for (const [id, answer] of Object.entries(p.answers ?? {})) fields[`answer_${id}`] = answer;
  const { values } = checkProfile(fields, course.profilePrompts);
  if (!values)
    throw new Error(`the demo profile of ${learner.name} does not pass the form's checks`);
  // A drawn portrait goes through the same checks and re-encoding as an uploaded photo.
  let photo = null;
  if (learner.portrait !== undefined) {
    const bytes = await portraitPng(learner.portrait);
    const encoded = await encodePhoto({ filename: 'portrait.png', bytes, tooLarge: false });
    if (!encoded.photo) throw new Error(`the demo portrait of ${learner.name} was refused`);
    photo = { set: encoded.photo };
  }
  await saveProfileWithPhoto(db, { cohortId: cohort.id, userId, now, ...values }, photo);
}

async function walkIn(db: Db, course: Course, cohort: Cohort, demo: DemoCourse, now: Date) {
  const people: number[] = [];
  for (const learner of demo.learners) {
    const user = await ensureUser(db, { ...learner, locale: course.language });
    // Fictional people get no digests.
    await updateUser(db, user.id, { digest: 'off' });
    await enrolLearner(db, cohort, user.id);
    people.push(user.id);
    await introduce(db, course, cohort, user.id, learner, now);
  }
  const s: Scene = {
    db,
    cohort,
    schedule: scheduleFor(course, cohort, new Map(), now),
    people,
    now,
  };
  await visitOpenRooms(s);
  await introduceThemselves(s, demo);
  await talk(s, demo);
  await hangUpFinds(s, demo);
  const assignmentRoom = s.schedule.find((p) => p.open && p.room.assignment);
  if (assignmentRoom?.room.assignment) {
    await handInAndReview(s, demo, assignmentRoom, assignmentRoom.room.assignment);
  }
  await setUpMeetup(s, demo);
  await seedCircles(db, course, cohort, people, s.schedule, now);
  await answerPolls(db, course, cohort, s.schedule, people, now);
  await sendInCarnivalPosts(db, course, cohort, s.schedule, people, now);
  await seedLive(db, course, cohort, s.schedule, people, now);
  const announced = assignmentRoom ?? s.schedule.filter((p) => p.open).at(-1);
  if (announced) {
    await createAnnouncement(db, {
      cohortId: cohort.id,
      authorId: null,
      title: demo.announcement.title,
      bodyMd: demo.announcement.body,
      bodyHtml: renderBody(demo.announcement.body),
      urgent: false,
      now: momentIn(s, announced, 1),
    });
  }
  await setHouseRules(s, course, demo);
}

/**
 * The house rules through the feature's own steps: an amendment proposed on the first day,
 * consented by everyone and closed five days later; and a proposal made yesterday, still open
 * (made after the first week when the demo is further on: the seeder skips that check).
 */
async function setHouseRules(s: Scene, course: Course, demo: DemoCourse) {
  if (!course.houseRules) return;
  const h = demo.houseRules;
  const first = s.schedule[0]?.opensAt ?? s.now;
  const made = new Date(Math.min(first.getTime() + 24 * hourMs, s.now.getTime() - 126 * hourMs));
  const adopted = await createProposal(s.db, {
    cohortId: s.cohort.id,
    proposerId: person(s, h.adopted.by),
    ruleId: h.adopted.rule,
    isNew: false,
    title: h.adopted.title,
    body: '',
    setting: course.houseRules.rules.find((r) => r.id === h.adopted.rule)?.setting ?? null,
    value: h.adopted.value,
    now: made,
  });
  for (const [i, userId] of s.people.entries()) {
    const at = new Date(made.getTime() + (i + 1) * hourMs);
    await castVote(s.db, {
      proposalId: adopted.id,
      userId,
      vote: 'consent',
      reason: null,
      now: at,
    });
  }
  const closed = await closeProposal(
    s.db,
    adopted.id,
    adopted.closesAt,
    async (tx, cohortId, ruleId) => {
      const rules = await currentHouseRules(tx, cohortId, course);
      return rules.rules.find((r) => r.id === ruleId)?.text ?? '';
    },
  );
  if (!closed?.outcome.adopted) throw new Error('the demo amendment was not adopted');
  forgetHouseSettings(s.db, s.cohort.id);

  const since = new Date(s.now.getTime() - 24 * hourMs);
  const open = await createProposal(s.db, {
    cohortId: s.cohort.id,
    proposerId: person(s, h.open.by),
    ruleId: ruleIdFor(h.open.title, new Set(course.houseRules.rules.map((r) => r.id))),
    isNew: true,
    title: h.open.title,
    body: h.open.body,
    setting: null,
    value: null,
    now: since,
  });
  for (const i of h.open.consents) {
    await castVote(s.db, {
      proposalId: open.id,
      userId: person(s, i),
      vote: 'consent',
      reason: null,
      now: new Date(since.getTime() + (i + 1) * hourMs),
    });
  }
  await castVote(s.db, {
    proposalId: open.id,
    userId: person(s, h.objection.by),
    vote: 'object',
    reason: h.objection.reason,
    now: new Date(since.getTime() + 2 * hourMs),
  });
  const [objection] = await listObjections(s.db, [open.id]);
  if (objection)
    await answerObjection(s.db, {
      proposalId: open.id,
      voteId: objection.id,
      answer: h.objection.answer,
      now: new Date(since.getTime() + 5 * hourMs),
    });
}

async function visitOpenRooms(s: Scene) {
  for (const place of s.schedule.filter((p) => p.open)) {
    for (const [i, userId] of s.people.entries()) {
      const visit = { cohortId: s.cohort.id, userId, roomId: place.room.id, exhibitId: '' };
      await recordVisit(s.db, visit, momentIn(s, place, 2 + i), 0);
    }
  }
}

async function say(
  s: Scene,
  where: { thread: string; roomId: string; parentId: number | null },
  line: DemoReply,
  place: ScheduledRoom,
) {
  const { html, error } = checkBody(line.text);
  if (error || !html) throw new Error(`demo comment refused (${error}): ${line.text}`);
  return createComment(s.db, {
    cohortId: s.cohort.id,
    ...where,
    authorId: person(s, line.by),
    bodyMd: line.text,
    bodyHtml: html,
    now: momentIn(s, place, line.hours),
  });
}

/** A drawn view on an introduction, re-encoded as an upload is. */
async function hangUpView(
  s: Scene,
  comment: { id: number; cohortId: number },
  view: { scene: number; alt: string },
) {
  const bytes = await viewPng(view.scene);
  const photo = await encodeIntroPhoto({ filename: 'view.png', bytes, tooLarge: false }, view.alt);
  if ('problem' in photo) throw new Error(`the demo view ${view.scene} was refused`);
  await attachPhoto(s.db, comment, photo);
}

/** Introductions in the icebreaker of the first open room that has one. */
async function introduceThemselves(s: Scene, demo: DemoCourse) {
  const place = s.schedule.find((p) => p.open && p.room.icebreaker);
  if (!place) return;
  const where = { thread: formatThreadKey(icebreakerThread(place.room.id)), roomId: place.room.id };
  for (const intro of demo.introductions) {
    const top = await say(s, { ...where, parentId: null }, intro, place);
    if (intro.view) await hangUpView(s, top, intro.view);
    for (const reply of intro.replies ?? [])
      await say(s, { ...where, parentId: top.id }, reply, place);
    for (const fan of intro.likedBy ?? []) await setLike(s.db, top.id, person(s, fan), true);
  }
}

async function talk(s: Scene, demo: DemoCourse) {
  for (const c of demo.comments) {
    const place = openRoom(s, c.room);
    const exhibit = place?.room.exhibits.find((e) => e.id === c.exhibit);
    if (!place || !exhibit) continue;
    const thread = formatThreadKey(exhibitThread(place.room.id, exhibit.id));
    const where = { thread, roomId: place.room.id };
    const top = await say(s, { ...where, parentId: null }, c, place);
    for (const reply of c.replies ?? []) await say(s, { ...where, parentId: top.id }, reply, place);
    for (const fan of c.likedBy ?? []) await setLike(s.db, top.id, person(s, fan), true);
    if (c.spotlight) await setSpotlight(s.db, top.id, true, momentIn(s, place, c.hours + 1));
    for (const line of [c, ...(c.replies ?? [])]) {
      const visit = {
        cohortId: s.cohort.id,
        userId: person(s, line.by),
        roomId: place.room.id,
        exhibitId: exhibit.id,
      };
      await recordVisit(s.db, visit, momentIn(s, place, line.hours), 0);
    }
  }
}

async function hangUpFinds(s: Scene, demo: DemoCourse) {
  for (const find of demo.finds) {
    const place = openRoom(s, find.room);
    if (!place) continue;
    const { form, errors, title, url } = checkContribution(find);
    if (Object.keys(errors).length) throw new Error(`demo find refused: ${find.title}`);
    const at = momentIn(s, place, find.hours);
    const item = await createContribution(s.db, {
      cohortId: s.cohort.id,
      roomId: place.room.id,
      authorId: person(s, find.by),
      title,
      url,
      noteMd: form.note,
      noteHtml: renderBody(form.note),
      now: at,
    });
    if (find.featured) await setContributionFlag(s.db, item.id, 'featured', true, at);
    for (const line of find.comments ?? []) {
      await say(
        s,
        { thread: formatThreadKey(wallThread(item.id)), roomId: place.room.id, parentId: null },
        line,
        place,
      );
    }
  }
}

/** The rubric's form fields as a reviewer would fill them in. */
function reviewFields(assignment: Assignment, texts: string[], scale: number) {
  const fields: Record<string, string> = {};
  let next = 0;
  for (const c of assignment.criteria) {
    fields[fieldOf(c)] =
      c.type === 'text'
        ? (texts[next++ % texts.length] ?? '')
        : String(Math.min(scale, c.options.length));
  }
  return fields;
}

/**
 * Work handed in, reviews handed out by the real allocation (so every submission stays below
 * reviews_required and a newcomer has work to review at once), and the authors' ratings.
 */
async function handInAndReview(
  s: Scene,
  demo: DemoCourse,
  place: ScheduledRoom,
  assignment: Assignment,
) {
  const where = { cohortId: s.cohort.id, roomId: place.room.id };
  const windows = windowsFor(assignment, place.opensAt, s.cohort.timezone);
  const handedIn: { id: number; by: number }[] = [];
  for (const work of demo.submissions) {
    const { form, errors, url } = checkSubmission(assignment, {
      body: work.text,
      url: assignment.link === 'required' ? 'https://example.org/' : '',
    });
    if (Object.keys(errors).length) continue;
    const at = momentIn(s, place, work.hours);
    const state = submitState(windows, at);
    if (state === 'closed') continue;
    const saved = await saveSubmission(s.db, {
      ...where,
      authorId: person(s, work.by),
      bodyMd: form.body,
      bodyHtml: renderBody(form.body),
      url,
      late: state === 'late',
      now: at,
    });
    handedIn.push({ id: saved.id, by: work.by });
  }
  if (handedIn.length < 2) return;
  for (const review of demo.reviews) {
    const { stored, errors } = checkReview(
      assignment,
      reviewFields(assignment, review.texts, review.scale),
    );
    if (Object.keys(errors).length) continue;
    const at = momentIn(s, place, review.hours);
    const lease = await allocateReview(s.db, {
      ...where,
      reviewerId: person(s, review.by),
      leaseMs: assignment.leaseHours * hourMs,
      now: at,
    });
    if (lease) await completeReview(s.db, lease.reviewId, stored, at);
  }
  for (const [i, work] of handedIn.entries()) {
    const rating = demo.ratings[i];
    const first = (await listReceived(s.db, work.id, false))[0];
    if (!rating || !first) continue;
    const checked = checkRating({ helpfulness: String(rating.helpfulness), thanks: rating.thanks });
    const at = momentIn(s, place, 48);
    await rateReview(s.db, first.id, checked, at);
  }
}

/** A week after the last room opens (or after today): far enough that no reminder is due. */
async function setUpMeetup(s: Scene, demo: DemoCourse) {
  const last = s.schedule.at(-1);
  if (!last) return;
  const tz = s.cohort.timezone;
  const from = todayIn(tz, new Date(Math.max(last.opensAt.getTime(), s.now.getTime())));
  const day = addDays(from, 7);
  const description = demo.meetup.description;
  const { meetup } = await saveMeetup(
    s.db,
    s.cohort.id,
    {
      title: demo.meetup.title,
      startsAt: localAt(day, 19, tz),
      endsAt: localAt(day, 22, tz),
      timezone: tz,
      place: demo.meetup.place,
      address: demo.meetup.address,
      descriptionMd: description,
      descriptionHtml: renderBody(description),
      capacity: 30,
    },
    s.now,
  );
  await markInvited(s.db, meetup.id, s.now);
  const answers = [
    ...demo.meetupYes.map((i) => [i, 'yes'] as const),
    ...demo.meetupNo.map((i) => [i, 'no'] as const),
  ];
  for (const [i, answer] of answers) {
    await answerMeetup(s.db, { meetupId: meetup.id, userId: person(s, i), answer, now: s.now });
  }
}
