// The assignment page and the review page, rendered by the feedback routes (again, with a
// form's typed text and messages, after a refused post).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Submission } from '../../db/schema.ts';
import type { Assignment, Room } from '../content/types.ts';
import type { Membership } from '../core/access.ts';
import type { FieldErrors } from '../core/forms.ts';
import { openRoom } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import { findActiveLease } from './allocation.ts';
import { reviewingOpen, submitState, type Windows, windowsFor } from './deadlines.ts';
import { answerLabel, type RatingForm, type SubmissionForm } from './forms.ts';
import {
  findOwnSubmission,
  findReviewBy,
  listGiven,
  listReceived,
  reviewerHelpfulness,
} from './queries.ts';

export interface FeedbackPlace {
  room: Room;
  assignment: Assignment;
  windows: Windows;
}

/** The room and its assignment for this member; throws 404 or "not open yet" otherwise. */
export function feedbackPlace(member: Membership, roomId: string): FeedbackPlace {
  const { room, opensAt } = openRoom(member, roomId).entry;
  if (!room.assignment) throw new NotFoundError();
  return {
    room,
    assignment: room.assignment,
    windows: windowsFor(room.assignment, opensAt, member.cohort.timezone),
  };
}

/** Whose name may show: reviewers see authors unless `both`; authors see reviewers with `none`. */
export const namesShown = (a: Assignment, organises: boolean) => ({
  authors: organises || a.anonymity !== 'both',
  reviewers: organises || a.anonymity === 'none',
});

/** A review's answers, criterion by criterion, as the page shows them. */
export function answerRows(a: Assignment, answers: Record<string, string> | null) {
  return a.criteria
    .map((c) => ({
      criterion: c,
      text: answerLabel(c, answers?.[c.id]),
      point: c.type === 'scale' ? Number(answers?.[c.id]) : 0,
    }))
    .filter((row) => row.text !== '');
}

export interface AssignmentPageState {
  form?: SubmissionForm;
  errors?: FieldErrors;
  /** A refused rating: which review, what was typed, and why. */
  rating?: { reviewId: number; form: RatingForm; errors: FieldErrors };
  status?: number;
}

export async function renderAssignment(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  place: FeedbackPlace,
  state: AssignmentPageState = {},
) {
  const { cohort, course, organises } = member;
  const { room, assignment, windows } = place;
  const userId = member.userId;
  const now = app.clock();
  const where = { cohortId: cohort.id, roomId: room.id };
  const [own, given, lease, rated] = await Promise.all([
    findOwnSubmission(app.db, where, userId),
    listGiven(app.db, where, userId),
    findActiveLease(app.db, { ...where, reviewerId: userId, now }),
    reviewerHelpfulness(app.db, userId, cohort.id),
  ]);
  const received = own
    ? await listReceived(app.db, own.id, namesShown(assignment, organises).reviewers)
    : [];
  const submit = submitState(windows, now);
  return reply.page(
    'feedback/assignment',
    {
      title: assignment.title,
      rawTitle: true,
      cohort,
      course,
      room,
      assignment,
      windows,
      submit,
      own,
      canEdit: submit === 'open' || (!own && submit === 'late'),
      form: state.form ?? { body: own?.bodyMd ?? '', url: own?.url ?? '' },
      errors: state.errors ?? {},
      received: received.map((r) => ({ ...r, rows: answerRows(assignment, r.answers) })),
      rating: state.rating ?? null,
      given,
      lease,
      reviewing: reviewingOpen(windows, now, organises),
      rated,
      organises,
    },
    { status: state.status ?? 200, locale: request.localeFor(course.language) },
  );
}

export async function renderReview(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  place: FeedbackPlace,
  submission: Submission & { authorName?: string },
  state: { answers?: Record<string, string>; errors?: FieldErrors; status?: number } = {},
) {
  const { cohort, course, organises } = member;
  const { room, assignment, windows } = place;
  const now = app.clock();
  const mine = await findReviewBy(app.db, submission.id, member.userId);
  const completed = Boolean(mine?.completedAt);
  return reply.page(
    'feedback/review',
    {
      title: 'feedback.reviewTitle',
      cohort,
      course,
      room,
      assignment,
      submission,
      authorName: namesShown(assignment, organises).authors ? (submission.authorName ?? '') : '',
      mine,
      completed,
      rows: completed ? answerRows(assignment, mine?.answers ?? null) : [],
      canReview: !completed && reviewingOpen(windows, now, organises),
      answers: state.answers ?? {},
      errors: state.errors ?? {},
      windows,
    },
    { status: state.status ?? 200, locale: request.localeFor(course.language) },
  );
}
