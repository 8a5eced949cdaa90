// Peer feedback for learners: hand in work, review peers one at a time, rate the feedback
// received. Every page is reached through the room (open rooms only, members only).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Submission } from '../../db/schema.ts';
import { type Membership, memberOf, requireMember } from '../core/access.ts';
import { paths } from '../core/paths.ts';
import { renderBody } from '../core/render.ts';
import { NotFoundError, notAllowedPage, notFoundPage } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import { allocateReview, leaseChosen } from './allocation.ts';
import { reviewingOpen, submitState } from './deadlines.ts';
import {
  checkRating,
  checkReview,
  checkSubmission,
  type RatingForm,
  type SubmissionForm,
} from './forms.ts';
import {
  type FeedbackPlace,
  feedbackPlace,
  namesShown,
  renderAssignment,
  renderReview,
} from './pages.ts';
import {
  completeReview,
  findAuthorName,
  findOwnSubmission,
  findReview,
  findReviewBy,
  findSubmission,
  listGiven,
  rateReview,
  saveSubmission,
} from './queries.ts';

const roomSchema = params({ cohort: slugParam, room: slugParam });
const itemSchema = params({ cohort: slugParam, room: slugParam, id: idParam });
type RoomParams = { cohort: string; room: string };
type ItemParams = RoomParams & { id: string };

const feedbackHref = (m: Membership, roomId: string) => paths.feedback(m.cohort.slug, roomId);

/** The submission at this address, handed in for this room of the member's cohort, or a 404. */
async function submissionHere(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: ItemParams }>,
  member: Membership,
  place: FeedbackPlace,
): Promise<Submission> {
  const submission = await findSubmission(app.db, Number(request.params.id));
  const here =
    submission && submission.cohortId === member.cohort.id && submission.roomId === place.room.id;
  if (!here) throw new NotFoundError();
  return submission;
}

/**
 * Someone else's submission as its reviewer opens it: one leased to (or reviewed by) this
 * member, or any for organisers, with the author's name where the assignment shows it.
 * Anyone else, including someone guessing ids, gets a 404.
 */
async function openForReview(
  app: FastifyInstance,
  member: Membership,
  place: FeedbackPlace,
  submission: Submission,
): Promise<Submission & { authorName: string }> {
  if (!member.organises && !(await findReviewBy(app.db, submission.id, member.userId))) {
    throw new NotFoundError();
  }
  const authorName = namesShown(place.assignment, member.organises).authors
    ? await findAuthorName(app.db, submission)
    : '';
  return { ...submission, authorName };
}

type Handler<R extends { Params: RoomParams }> = (
  request: FastifyRequest<R>,
  reply: FastifyReply,
  member: Membership,
  place: FeedbackPlace,
) => Promise<unknown>;

/** Every feedback route starts from the member and the room's assignment (or a 404 / 403). */
function inPlace<R extends { Params: RoomParams }>(handler: Handler<R>) {
  return async (request: FastifyRequest<R>, reply: FastifyReply) => {
    const member = memberOf(request);
    const place = feedbackPlace(member, (request.params as RoomParams).room);
    return handler(request, reply, member, place);
  };
}

type SubmissionHandler<R extends { Params: ItemParams }> = (
  request: FastifyRequest<R>,
  reply: FastifyReply,
  member: Membership,
  place: FeedbackPlace,
  submission: Submission & { authorName: string },
) => Promise<unknown>;

/**
 * Routes on one submission to review (…/submissions/:id). Its author is sent to the
 * assignment page, where their own work lives.
 */
function onSubmission<R extends { Params: ItemParams }>(
  app: FastifyInstance,
  handler: SubmissionHandler<R>,
) {
  return inPlace<R>(async (request, reply, member, place) => {
    const submission = await submissionHere(app, request, member, place);
    if (submission.authorId === member.userId) {
      return reply.redirect(`${feedbackHref(member, place.room.id)}#your-work`, 303);
    }
    const opened = await openForReview(app, member, place, submission);
    return handler(request, reply, member, place, opened);
  });
}

/**
 * The reviewer's row for this submission. Organisers need no lease: reviewing work that is
 * still short gives them one on the spot.
 */
async function reviewRow(
  app: FastifyInstance,
  member: Membership,
  place: FeedbackPlace,
  submissionId: number,
  reviewerId: number,
) {
  const mine = await findReviewBy(app.db, submissionId, reviewerId);
  if (mine || !member.organises) return mine;
  const lease = await leaseChosen(app.db, {
    cohortId: member.cohort.id,
    roomId: place.room.id,
    reviewerId,
    submissionId,
    leaseMs: place.assignment.leaseHours * 3_600_000,
    now: app.clock(),
  });
  return findReview(app.db, lease.reviewId);
}

export default async function feedbackRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  const withCsrf = { preHandler: app.csrfProtection };

  app.get<{ Params: RoomParams }>(
    '/c/:cohort/:room/feedback',
    { schema: roomSchema },
    inPlace(async (request, reply, member, place) => {
      return renderAssignment(app, request, reply, member, place);
    }),
  );

  // Hand in work, or edit it while submissions are open.
  app.post<{ Params: RoomParams; Body: Partial<SubmissionForm> }>(
    '/c/:cohort/:room/feedback',
    { schema: roomSchema, ...withCsrf },
    inPlace(async (request, reply, member, place) => {
      const userId = member.userId;
      const where = { cohortId: member.cohort.id, roomId: place.room.id };
      const { form, errors, url } = checkSubmission(place.assignment, request.body ?? {});
      const state = submitState(place.windows, app.clock());
      const own = await findOwnSubmission(app.db, where, userId);
      if (state === 'closed') errors.form = { key: 'feedback.submitClosed' };
      else if (own && state !== 'open') errors.form = { key: 'feedback.editClosed' };
      if (Object.keys(errors).length) {
        const status = errors.form ? 403 : 422;
        return renderAssignment(app, request, reply, member, place, { form, errors, status });
      }
      await saveSubmission(app.db, {
        ...where,
        authorId: userId,
        bodyMd: form.body,
        bodyHtml: renderBody(form.body),
        url,
        late: state === 'late',
        now: app.clock(),
      });
      reply.flash({
        key: own
          ? 'feedback.updated'
          : state === 'late'
            ? 'feedback.submittedLate'
            : 'feedback.submitted',
      });
      return reply.redirect(`${feedbackHref(member, place.room.id)}#your-work`, 303);
    }),
  );

  // "Review a peer": the next submission that needs a review, reserved for this reviewer.
  app.post<{ Params: RoomParams }>(
    '/c/:cohort/:room/feedback/review',
    { schema: roomSchema, ...withCsrf },
    inPlace(async (_request, reply, member, place) => {
      const href = feedbackHref(member, place.room.id);
      const now = app.clock();
      if (!reviewingOpen(place.windows, now, member.organises)) {
        reply.flash({ key: 'feedback.reviewClosed' });
        return reply.redirect(`${href}#review-a-peer`, 303);
      }
      const lease = await allocateReview(app.db, {
        cohortId: member.cohort.id,
        roomId: place.room.id,
        reviewerId: member.userId,
        leaseMs: place.assignment.leaseHours * 3_600_000,
        now,
      });
      if (!lease) {
        reply.flash({ key: 'feedback.nothingToReview' });
        return reply.redirect(`${href}#review-a-peer`, 303);
      }
      return reply.redirect(
        paths.submission(member.cohort.slug, place.room.id, lease.submissionId),
        303,
      );
    }),
  );

  app.get<{ Params: ItemParams }>(
    '/c/:cohort/:room/feedback/submissions/:id',
    { schema: itemSchema },
    onSubmission(app, (request, reply, member, place, submission) =>
      renderReview(app, request, reply, member, place, submission),
    ),
  );

  // The review itself: every required criterion answered, or the form again with the text.
  app.post<{ Params: ItemParams; Body: Record<string, unknown> }>(
    '/c/:cohort/:room/feedback/submissions/:id',
    { schema: itemSchema, ...withCsrf },
    onSubmission(app, async (request, reply, member, place, submission) => {
      const userId = member.userId;
      const now = app.clock();
      const { answers, stored, errors } = checkReview(place.assignment, request.body ?? {});
      if (!reviewingOpen(place.windows, now, member.organises)) {
        errors.form = { key: 'feedback.reviewClosed' };
      }
      if (Object.keys(errors).length) {
        const status = errors.form ? 403 : 422;
        return renderReview(app, request, reply, member, place, submission, {
          answers,
          errors,
          status,
        });
      }
      const mine = await reviewRow(app, member, place, submission.id, userId);
      if (!mine) return notAllowedPage(reply);
      // A lease that ran out is still accepted while reviewing is open: the work is done,
      // and an extra review only helps its author.
      const done = await completeReview(app.db, mine.id, stored, now);
      const given = await listGiven(
        app.db,
        { cohortId: member.cohort.id, roomId: place.room.id },
        userId,
      );
      reply.flash({
        key: done ? 'feedback.reviewSent' : 'feedback.alreadyReviewed',
        params: { given: given.length, total: place.assignment.reviewsPerLearner },
      });
      return reply.redirect(`${feedbackHref(member, place.room.id)}#review-a-peer`, 303);
    }),
  );

  // The author rates how helpful one review was (and may thank its anonymous writer).
  app.post<{ Params: ItemParams; Body: Partial<RatingForm> }>(
    '/c/:cohort/:room/feedback/reviews/:id/rating',
    { schema: itemSchema, ...withCsrf },
    inPlace(async (request, reply, member, place) => {
      const review = await findReview(app.db, Number(request.params.id));
      const submission = review?.completedAt
        ? await findSubmission(app.db, review.submissionId)
        : null;
      if (
        !review ||
        !submission ||
        submission.authorId !== member.userId ||
        submission.cohortId !== member.cohort.id ||
        submission.roomId !== place.room.id
      ) {
        return notFoundPage(reply);
      }
      const { form, errors, helpfulness, thanks } = checkRating(request.body ?? {});
      if (Object.keys(errors).length) {
        return renderAssignment(app, request, reply, member, place, {
          rating: { reviewId: review.id, form, errors },
          status: 422,
        });
      }
      await rateReview(app.db, review.id, { helpfulness, thanks }, app.clock());
      reply.flash({ key: 'feedback.rated' });
      return reply.redirect(`${feedbackHref(member, place.room.id)}#review-${review.id}`, 303);
    }),
  );
}
