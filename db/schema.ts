// The database schema: every table (users, sessions, enrolments, comments, submissions,
// outbox…); cohorts are the root they all hang from, by integer id.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** A run of a course: the course itself lives in content/, referenced by its id. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull().unique(),
    /** What people call the cohort ("Voorjaar 2027"); the slug is only its address. */
    name: text().notNull(),
    courseId: text('course_id').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    timezone: text().notNull().default('Europe/Amsterdam'),
    enrolmentOpen: boolean('enrolment_open').notNull().default(true),
    capacity: integer(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('cohorts_course_id_idx').on(t.courseId),
    check('cohorts_capacity_positive', sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
  ],
);

/** An organiser's override of when a room opens for one cohort (content files stay untouched). */
export const roomOpenings = pgTable(
  'room_openings',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.roomId] })],
);

export type Cohort = typeof cohorts.$inferSelect;
export type NewCohort = typeof cohorts.$inferInsert;
export type RoomOpening = typeof roomOpenings.$inferSelect;

/** A person, known by a verified e-mail address (lower-cased). No passwords. */
export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull().unique(),
    name: text().notNull(),
    locale: text().notNull().default('nl'),
    /** daily | weekly | off — read by the digest. */
    digest: text().notNull().default('weekly'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Who's here lists a cohort by name then id and pages by that pair (a keyset, no offset).
    index('users_name_id_idx').on(t.name, t.id),
    // The participation export reads a cohort by lower(name) then id in keyset batches: each
    // batch starts in this index after the last member sent, rather than sorting the cohort.
    index('users_lower_name_id_idx').on(sql`lower(${t.name})`, t.id),
    check('users_locale', sql`${t.locale} IN ('nl', 'en')`),
    check('users_digest', sql`${t.digest} IN ('daily', 'weekly', 'off')`),
  ],
);

/** Lucia's design: the id is the SHA-256 (hex) of the cookie's token, never the token itself. */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

/**
 * One-time links sent by mail. Only the SHA-256 of the token is stored; the purpose (and for
 * enrolment the cohort and the name typed) decides what following the link does.
 */
export const signInTokens = pgTable(
  'sign_in_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text().notNull(),
    email: text().notNull(),
    cohortId: integer('cohort_id').references(() => cohorts.id, { onDelete: 'cascade' }),
    name: text(),
    locale: text().notNull(),
    /** Where to go after signing in (a path on this site). */
    next: text(),
    /** Enrolment links only: 'organiser' when a co-organiser was invited (default learner). */
    role: text(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_tokens_email_idx').on(t.email),
    index('sign_in_tokens_cohort_id_idx').on(t.cohortId),
    check(
      'sign_in_tokens_purpose',
      sql`(${t.purpose} = 'sign-in' AND ${t.cohortId} IS NULL) OR (${t.purpose} = 'enrol' AND ${t.cohortId} IS NOT NULL)`,
    ),
  ],
);

/** Membership of a cohort. Course organisers and admins come from content and config. */
export const enrolments = pgTable(
  'enrolments',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text().notNull().default('learner'),
    /** The house rules' version the member accepted on enrolling, and when. */
    rulesVersion: integer('rules_version'),
    rulesAcceptedAt: timestamp('rules_accepted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId] }),
    index('enrolments_user_id_idx').on(t.userId),
    check('enrolments_role', sql`${t.role} IN ('learner', 'organiser')`),
  ],
);

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * Mail waiting to be sent. Requests only insert here; a worker claims rows with
 * FOR UPDATE SKIP LOCKED, so any number of processes share the queue. The idempotency key
 * makes enqueueing the same message twice a no-op.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    kind: text().notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    toAddress: text('to_address').notNull(),
    toName: text('to_name'),
    subject: text().notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    /** Extra headers such as List-Unsubscribe. */
    headers: jsonb().$type<Record<string, string>>(),
    /** Files sent along, e.g. the meet-up's invite.ics (text content only). */
    attachments: jsonb().$type<MailAttachment[]>(),
    /** Bodies holding a secret (sign-in links) are blanked once sent. */
    sensitive: boolean().notNull().default(false),
    /** pending → sending → sent, or failed after the last attempt. */
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A claim that is not finished by then (crashed worker) is taken over. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_user_id_idx').on(t.userId),
    check('outbox_status', sql`${t.status} IN ('pending', 'sending', 'sent', 'failed')`),
  ],
);

/**
 * Rate-limit events, shared by every app process. Keys are hashed (no raw addresses kept);
 * old rows are pruned by the mail worker.
 */
export const rateEvents = pgTable(
  'rate_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('rate_events_key_at_idx').on(t.key, t.at)],
);

/**
 * A comment in a thread: `exhibit:<room>/<exhibit>` or `wall:<contribution id>`, per cohort.
 * One level of replies (parent_id). Markdown is rendered and sanitised once, on save.
 * Counters are kept on the row so a thread page never counts likes or replies.
 */
export const comments = pgTable(
  'comments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    thread: text().notNull(),
    roomId: text('room_id').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => comments.id, {
      onDelete: 'cascade',
    }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    likeCount: integer('like_count').notNull().default(0),
    replyCount: integer('reply_count').notNull().default(0),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    /** Removed by its author (or account deletion): body erased, kept while it has replies. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** Hidden by an organiser: invisible to learners. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    spotlightedAt: timestamp('spotlighted_at', { withTimezone: true }),
    /** A photo posted with it (introductions only): its bytes are in comment_photos. */
    photo: jsonb().$type<CommentPhotoInfo>(),
    /** The random key of the form it was posted from: a resubmitted form posts nothing new. */
    postKey: text('post_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('comments_post_key_idx')
      .on(t.cohortId, t.authorId, t.postKey)
      .where(sql`${t.postKey} IS NOT NULL`),
    // Keyset pagination of top-level comments: newest/oldest (one index, both directions)
    // and most liked. Replies are read per parent.
    index('comments_thread_time_idx')
      .on(t.cohortId, t.thread, t.createdAt, t.id)
      .where(sql`${t.parentId} IS NULL`),
    index('comments_thread_likes_idx')
      .on(t.cohortId, t.thread, t.likeCount, t.id)
      .where(sql`${t.parentId} IS NULL`),
    index('comments_thread_spotlight_idx')
      .on(t.cohortId, t.thread)
      .where(sql`${t.spotlightedAt} IS NOT NULL`),
    index('comments_parent_idx').on(t.parentId, t.createdAt, t.id),
    // A whole thread, replies included, without the cohort's other threads: the comment count
    // of every find on a wall page (a read of the cohort's comments per find without it), and
    // a thread's comments in a time window (the digest's activity in a member's threads).
    index('comments_thread_idx').on(t.cohortId, t.thread, t.createdAt),
    index('comments_author_idx').on(t.authorId),
    index('comments_cohort_time_idx').on(t.cohortId, t.createdAt),
  ],
);

/**
 * Visible comments per thread, kept by a trigger on comments (migration 0003), so a room page
 * reads eight small rows instead of counting a 17,000-comment thread on every view.
 */
export const threadCounts = pgTable(
  'thread_counts',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    thread: text().notNull(),
    roomId: text('room_id').notNull(),
    comments: integer().notNull().default(0),
    /** When its newest visible comment was posted (migration 0024). */
    lastAt: timestamp('last_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.thread] }),
    index('thread_counts_room_idx').on(t.cohortId, t.roomId),
  ],
);

/**
 * Changes to thread_counts not yet folded in. The trigger appends here instead of updating
 * the thread's row, so posts to one busy thread never queue on a row lock (measured: 1,270
 * inserts/s with the lock, 5,800 without); reading a room folds them in (migration 0005).
 */
export const threadCountDeltas = pgTable(
  'thread_count_deltas',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    thread: text().notNull(),
    roomId: text('room_id').notNull(),
    delta: integer().notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }),
  },
  (t) => [index('thread_count_deltas_room_idx').on(t.cohortId, t.roomId)],
);

/**
 * Visible comments, visible wall posts and completed reviews of a cohort per quarter hour
 * (UTC; every time zone's offset is a whole number of quarters, so any cohort's local days
 * are sums of these), kept by triggers (migration 0024) so the organiser's activity chart
 * reads a few thousand small rows instead of counting every comment of the last weeks.
 */
export const activityCounts = pgTable(
  'activity_counts',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    bucket: timestamp({ withTimezone: true }).notNull(),
    /** 'comments', 'posts' or 'reviews'. */
    kind: text().notNull(),
    n: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.bucket, t.kind] })],
);

/**
 * Changes to activity_counts not yet folded in: the triggers append rather than update, so
 * a cohort's posts never queue on its quarter hour's row; the dashboard and the minute tick
 * fold them in.
 */
export const activityCountDeltas = pgTable(
  'activity_count_deltas',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    bucket: timestamp({ withTimezone: true }).notNull(),
    kind: text().notNull(),
    delta: integer().notNull(),
  },
  (t) => [index('activity_count_deltas_cohort_idx').on(t.cohortId)],
);

export const likes = pgTable(
  'likes',
  {
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] }), index('likes_user_idx').on(t.userId)],
);

/** A member's report of a comment; open until an organiser hides, restores or dismisses. */
export const flags = pgTable(
  'flags',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text().notNull(),
    /** The house rule the report cites, by id; null when it cites none. */
    ruleId: text('rule_id'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolution: text(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('flags_comment_user_idx').on(t.commentId, t.userId),
    index('flags_open_idx').on(t.cohortId, t.createdAt).where(sql`${t.resolvedAt} IS NULL`),
    index('flags_user_idx').on(t.userId),
  ],
);

/** Something a learner hangs on a room's wall; it has its own thread (`wall:<id>`). */
export const contributions = pgTable(
  'contributions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    title: text().notNull(),
    url: text(),
    noteMd: text('note_md').notNull(),
    noteHtml: text('note_html').notNull(),
    featuredAt: timestamp('featured_at', { withTimezone: true }),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contributions_room_idx').on(t.cohortId, t.roomId, t.createdAt, t.id),
    // The cohort's newest finds across its rooms: the digest's (once per member) and what's new.
    index('contributions_cohort_time_idx').on(t.cohortId, t.createdAt),
    index('contributions_author_idx').on(t.authorId),
  ],
);

/** A member's like of a wall find; counted from here (an index-only count per find). */
export const contributionLikes = pgTable(
  'contribution_likes',
  {
    contributionId: integer('contribution_id')
      .notNull()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.contributionId, t.userId] }),
    index('contribution_likes_user_idx').on(t.userId),
  ],
);

/** A member's report of a wall find; open until an organiser hides, restores or dismisses. */
export const contributionFlags = pgTable(
  'contribution_flags',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    contributionId: integer('contribution_id')
      .notNull()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text().notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolution: text(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contribution_flags_contribution_user_idx').on(t.contributionId, t.userId),
    index('contribution_flags_open_idx')
      .on(t.cohortId, t.createdAt)
      .where(sql`${t.resolvedAt} IS NULL`),
    index('contribution_flags_user_idx').on(t.userId),
  ],
);

/**
 * Who has been where: one row per (member, room page or exhibit), updated in place. `previous_at`
 * keeps the visit before the latest, so "new since your last visit" survives a reload.
 */
export const visits = pgTable(
  'visits',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
    /** '' for the room page itself. */
    exhibitId: text('exhibit_id').notNull().default(''),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
    previousAt: timestamp('previous_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId, t.roomId, t.exhibitId] }),
    index('visits_room_recent_idx').on(t.cohortId, t.roomId, t.exhibitId, t.lastAt),
    // Who has been in a room, counted and the latest named from the index alone, each
    // member's visits together (the room page's visitors; the key leads with the member).
    index('visits_room_people_idx').on(t.cohortId, t.roomId, t.userId, t.lastAt),
    index('visits_user_idx').on(t.userId),
  ],
);

/**
 * A learner's work for a room's assignment (content/…/assignment.md): one per learner per
 * room. `reviews_done` counts completed reviews, kept in the transaction that completes one,
 * so allocation orders by it without counting.
 */
export const submissions = pgTable(
  'submissions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    url: text(),
    /** Handed in after submit_by (accepted until review_by). */
    late: boolean().notNull().default(false),
    reviewsDone: integer('reviews_done').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('submissions_author_room_idx').on(t.cohortId, t.roomId, t.authorId),
    index('submissions_room_idx').on(t.cohortId, t.roomId, t.createdAt, t.id),
    index('submissions_author_idx').on(t.authorId),
  ],
);

/**
 * A review, from the moment it is handed out: a lease (completed_at NULL) that counts for its
 * submission until expires_at, then a completed review with the answers per criterion, and
 * later the author's helpfulness rating. One per reviewer per submission.
 */
export const reviews = pgTable(
  'reviews',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    leasedAt: timestamp('leased_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Criterion id → the answer as typed or chosen ("1".."n" for scales and choices). */
    answers: jsonb().$type<Record<string, string>>(),
    helpfulness: smallint(),
    thanks: text(),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_submission_reviewer_idx').on(t.submissionId, t.reviewerId),
    index('reviews_reviewer_idx').on(t.reviewerId, t.cohortId, t.roomId),
    index('reviews_room_idx').on(t.cohortId, t.roomId),
    check('reviews_helpfulness', sql`${t.helpfulness} IS NULL OR ${t.helpfulness} BETWEEN 1 AND 5`),
  ],
);

/**
 * Secrets the app makes for itself on first start (e.g. the key that signs unsubscribe and
 * RSVP links), shared by every process through the database: production needs no extra
 * setting, and links keep working across restarts.
 */
export const appSecrets = pgTable('app_secrets', {
  name: text().primaryKey(),
  value: text().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One digest run per cohort, frequency and period. The idempotency key of every digest
 * already prevents duplicates; this row records the run (and its counts) so the minute tick
 * knows a period is done without looking at every learner again.
 */
export const digestRuns = pgTable(
  'digest_runs',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    frequency: text().notNull(),
    /** The local date the period ends on (its 07:00 is when the digest goes out). */
    period: date({ mode: 'string' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    queued: integer().notNull().default(0),
    empty: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.frequency, t.period] }),
    check('digest_runs_frequency', sql`${t.frequency} IN ('daily', 'weekly')`),
  ],
);

/** The cohort's physical meet-up (one per cohort), edited by organisers. */
export const meetups = pgTable(
  'meetups',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .unique()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    timezone: text().notNull(),
    place: text().notNull(),
    address: text().notNull(),
    descriptionMd: text('description_md').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    capacity: integer(),
    /** Bumped on every edit: calendar apps replace an event with a higher SEQUENCE. */
    sequence: integer().notNull().default(0),
    invitedAt: timestamp('invited_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('meetups_capacity_positive', sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
    check('meetups_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** A member's answer to the meet-up; "yes" beyond capacity waits on the list, oldest first. */
export const rsvps = pgTable(
  'rsvps',
  {
    meetupId: integer('meetup_id')
      .notNull()
      .references(() => meetups.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** going | waitlisted | declined */
    status: text().notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.meetupId, t.userId] }),
    index('rsvps_status_idx').on(t.meetupId, t.status, t.answeredAt),
    index('rsvps_user_idx').on(t.userId),
    check('rsvps_status', sql`${t.status} IN ('going', 'waitlisted', 'declined')`),
  ],
);

/**
 * A short message from the organisers to the cohort: shown on the cohort home, included in
 * the next digest, or (urgent) mailed at once through the outbox.
 */
export const announcements = pgTable(
  'announcements',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    title: text().notNull(),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    urgent: boolean().notNull().default(false),
    /** Urgent ones: when they were queued as mail to every member. */
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('announcements_cohort_idx').on(t.cohortId, t.createdAt),
    index('announcements_author_idx').on(t.authorId),
  ],
);

/**
 * A member's profile in one cohort: a short intro, answers to the course's profile prompts,
 * languages, a time band, up to two links, and whether they are listed in who's here.
 * A member without a row has no profile yet (and is listed, as the form's default says).
 */
export const profiles = pgTable(
  'profiles',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    intro: text().notNull().default(''),
    /** Prompt id → answer; prompts removed from the course later simply stop showing. */
    answers: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Language codes (nl, en, de, fr, es, other). */
    languages: jsonb().$type<string[]>().notNull().default([]),
    /** morning | daytime | evening | weekend, or null when not said. */
    timeBand: text('time_band'),
    link1: text('link_1'),
    link2: text('link_2'),
    listed: boolean().notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId] }),
    index('profiles_user_idx').on(t.userId),
    check(
      'profiles_time_band',
      sql`${t.timeBand} IS NULL OR ${t.timeBand} IN ('morning', 'daytime', 'evening', 'weekend')`,
    ),
  ],
);

/**
 * A member's proposal to change a house rule or add one: a consent vote that closes five days
 * after it opens. The counts and the version are written when it closes.
 */
export const ruleProposals = pgTable(
  'rule_proposals',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    proposerId: integer('proposer_id').references(() => users.id, { onDelete: 'set null' }),
    /** The rule it changes, or the id the new rule will have. */
    ruleId: text('rule_id').notNull(),
    isNew: boolean('is_new').notNull().default(false),
    title: text().notNull(),
    /** The rule's text as it would read; '' keeps the current text (a setting's value only). */
    body: text().notNull(),
    setting: text(),
    value: text(),
    status: text().notNull().default('open'),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    consents: integer(),
    responses: integer(),
    /** Members active when it closed (visited in the ten days before). */
    active: integer(),
    version: integer(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rule_proposals_cohort_idx').on(t.cohortId, t.createdAt),
    index('rule_proposals_due_idx').on(t.closesAt).where(sql`${t.status} = 'open'`),
    index('rule_proposals_proposer_idx').on(t.proposerId),
    check('rule_proposals_status', sql`${t.status} IN ('open', 'adopted', 'declined')`),
  ],
);

/**
 * One member's response to a proposal. A deleted member's vote stays counted without a name
 * (user_id null): the decision the cohort took does not change when someone leaves.
 */
export const ruleVotes = pgTable(
  'rule_votes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => ruleProposals.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    vote: text().notNull(),
    reason: text(),
    /** The proposer's answer to an objection. */
    answer: text(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rule_votes_proposal_user_idx').on(t.proposalId, t.userId),
    index('rule_votes_user_idx').on(t.userId),
    check('rule_votes_vote', sql`${t.vote} IN ('consent', 'abstain', 'object')`),
  ],
);

/**
 * The house rules' history in one cohort: version 1 is the course's draft, each adopted
 * proposal adds the next version with the rule as it now reads.
 */
export const ruleChanges = pgTable(
  'rule_changes',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    ruleId: text('rule_id').notNull(),
    text: text().notNull(),
    setting: text(),
    value: text(),
    proposalId: integer('proposal_id').references(() => ruleProposals.id, {
      onDelete: 'set null',
    }),
    consents: integer().notNull(),
    responses: integer().notNull(),
    adoptedAt: timestamp('adopted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.version] }),
    index('rule_changes_proposal_idx').on(t.proposalId),
  ],
);

/** The settings a cohort adopted by vote; a setting without a row has its draft's value. */
export const houseSettings = pgTable(
  'house_settings',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    value: text().notNull(),
    ruleId: text('rule_id').notNull(),
    version: integer().notNull(),
    adoptedAt: timestamp('adopted_at', { withTimezone: true }).notNull(),
    votesFor: integer('votes_for').notNull(),
    votesTotal: integer('votes_total').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.key] })],
);

/** Raw bytes (an image); postgres.js and PGlite both hand a bytea back as a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * A member's photo on their profile, already re-encoded (WebP, metadata gone) in two sizes.
 * Kept in the database so every app process serves the same bytes; the hash is part of the
 * photo's URL, so a changed photo is a new address and an old one stops resolving.
 */
export const profilePhotos = pgTable(
  'profile_photos',
  {
    cohortId: integer('cohort_id').notNull(),
    userId: integer('user_id').notNull(),
    /** Hex of the SHA-256 of the large image, cut to 32 characters. */
    hash: text().notNull(),
    large: bytea().notNull(),
    small: bytea().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId] }),
    // The photo goes with the profile (leaving the cohort, deleting the account).
    foreignKey({
      columns: [t.cohortId, t.userId],
      foreignColumns: [profiles.cohortId, profiles.userId],
    }).onDelete('cascade'),
    index('profile_photos_hash_idx').on(t.cohortId, t.hash),
  ],
);

/** What a comment's page needs of its photo, kept on the comment so threads need no join. */
export interface CommentPhotoInfo {
  hash: string;
  alt: string;
  width: number;
  height: number;
}

/**
 * The photo of a comment, re-encoded (WebP, metadata gone) and fitted inside 1200 px. It goes
 * with the comment: removed by its author, erased with the account, cascaded with the row.
 */
export const commentPhotos = pgTable(
  'comment_photos',
  {
    commentId: integer('comment_id')
      .primaryKey()
      .references(() => comments.id, { onDelete: 'cascade' }),
    cohortId: integer('cohort_id').notNull(),
    /** Hex of the SHA-256 of the image, cut to 32 characters. */
    hash: text().notNull(),
    image: bytea().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('comment_photos_hash_idx').on(t.cohortId, t.hash)],
);

/**
 * The welcomes an organiser can reply with in one click under a learner's first post, as the
 * cohort's organisers wrote them; a cohort without a row uses the app's own (in the course
 * language).
 */
export const cohortWelcomes = pgTable('cohort_welcomes', {
  cohortId: integer('cohort_id')
    .primaryKey()
    .references(() => cohorts.id, { onDelete: 'cascade' }),
  welcomes: jsonb().$type<string[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type User = typeof users.$inferSelect;
export type RuleProposal = typeof ruleProposals.$inferSelect;
export type RuleVote = typeof ruleVotes.$inferSelect;
export type Profile = typeof profiles.$inferSelect;
export type ProfilePhoto = typeof profilePhotos.$inferSelect;
export type CommentPhoto = typeof commentPhotos.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type SignInToken = typeof signInTokens.$inferSelect;
export type Enrolment = typeof enrolments.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
export type Comment = typeof comments.$inferSelect;
export type Contribution = typeof contributions.$inferSelect;
export type Flag = typeof flags.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type Review = typeof reviews.$inferSelect;
export type Meetup = typeof meetups.$inferSelect;
export type Announcement = typeof announcements.$inferSelect;
export type Rsvp = typeof rsvps.$inferSelect;

/**
 * A circle of a few learners in a cohort who talk every week in their own thread
 * (`circle:<id>`). Its number is what members call it; its code lets a friend join while it
 * has room. Only its members read it (organisers when the cohort's rule and the circle allow).
 */
export const circles = pgTable(
  'circles',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    code: text().notNull().unique(),
    /** The members invited the cohort's organisers in (as guests who read). */
    inviteOrganisers: boolean('invite_organisers').notNull().default(false),
    /** The time the circle agreed to meet, and a short note (where, how). */
    meetingAt: timestamp('meeting_at', { withTimezone: true }),
    meetingNote: text('meeting_note').notNull().default(''),
    /** Fewer than three active members: asked by mail to merge or stay. */
    offerAt: timestamp('offer_at', { withTimezone: true }),
    /** The members' answer to that offer: merge (then closedAt) or stay. */
    offerDecision: text('offer_decision'),
    /** Merged into another circle; its thread stays readable to who was in it. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('circles_cohort_number_idx').on(t.cohortId, t.number),
    check(
      'circles_offer_decision',
      sql`${t.offerDecision} IS NULL OR ${t.offerDecision} IN ('merge', 'stay')`,
    ),
  ],
);

/**
 * A place in a circle. A member is in at most one circle of a cohort at a time (left_at null);
 * rows with left_at keep who was in a circle, so its old thread stays theirs to read.
 */
export const circleMembers = pgTable(
  'circle_members',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
    /** Last time the member opened the circle: ten days without counts as inactive. */
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
    leftAt: timestamp('left_at', { withTimezone: true }),
    /** What the member chose when the circle was offered a merge. */
    offerChoice: text('offer_choice'),
  },
  (t) => [
    uniqueIndex('circle_members_one_circle_idx')
      .on(t.cohortId, t.userId)
      .where(sql`${t.leftAt} IS NULL`),
    index('circle_members_circle_idx').on(t.circleId, t.leftAt),
    index('circle_members_user_idx').on(t.userId),
    check(
      'circle_members_offer_choice',
      sql`${t.offerChoice} IS NULL OR ${t.offerChoice} IN ('merge', 'stay')`,
    ),
  ],
);

/** A learner's opt-in: their answers; those without a place wait on the bench. */
export const circleSignups = pgTable(
  'circle_signups',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    language: text().notNull(),
    timeBand: text('time_band').notNull(),
    /** How much they mean to take part: all | most | some. */
    commitment: text().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId] }),
    index('circle_signups_user_idx').on(t.userId),
    check('circle_signups_commitment', sql`${t.commitment} IN ('all', 'most', 'some')`),
  ],
);

/** Each time an organiser read a circle as its guest; the circle shows the list. */
export const circleReads = pgTable(
  'circle_reads',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('circle_reads_circle_idx').on(t.circleId, t.at),
    index('circle_reads_user_idx').on(t.userId),
  ],
);

export type Circle = typeof circles.$inferSelect;
export type CircleMember = typeof circleMembers.$inferSelect;
export type CircleSignup = typeof circleSignups.$inferSelect;

/**
 * A learner's own post in a room's blog carnival: a link we never fetch, its title and a short
 * note that keeps the round-up readable when the link dies. Its thread is `carnival:<id>`; the
 * host files it under a tag for the round-up.
 */
export const carnivalEntries = pgTable(
  'carnival_entries',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    title: text().notNull(),
    note: text().notNull(),
    tag: text().notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('carnival_entries_room_idx').on(t.cohortId, t.roomId, t.createdAt),
    index('carnival_entries_author_idx').on(t.authorId),
  ],
);

/**
 * The host's round-up of one room's carnival, in Markdown: a draft until published, then shown
 * in the next room as an exhibit of kind roundup. One per carnival.
 */
export const carnivalRoundups = pgTable(
  'carnival_roundups',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    /** The carnival's room, and the room the round-up is shown in. */
    roomId: text('room_id').notNull(),
    targetRoomId: text('target_room_id').notNull(),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('carnival_roundups_room_idx').on(t.cohortId, t.roomId),
    index('carnival_roundups_target_idx').on(t.cohortId, t.targetRoomId),
  ],
);

export type CarnivalEntry = typeof carnivalEntries.$inferSelect;
export type CarnivalRoundup = typeof carnivalRoundups.$inferSelect;

/**
 * Answers to the polls and self-scans written in the content: one row per chosen option. A
 * ballot (one member, one question of one poll) is all its rows; changing an answer replaces
 * them. `position` is the order given (a ranked poll's rank; 1 for single and scale), so each
 * ballot has exactly one row at position 1, which also carries the reason.
 */
export const pollVotes = pgTable(
  'poll_votes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    /** The poll's id in the course content. */
    pollId: text('poll_id').notNull(),
    /** A scan's question id; '' for every other poll. */
    question: text().notNull().default(''),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The option's key as the author wrote it, so a relabelled option keeps its votes. */
    option: text().notNull(),
    position: smallint().notNull().default(1),
    reason: text(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('poll_votes_ballot_option_idx').on(
      t.cohortId,
      t.pollId,
      t.question,
      t.userId,
      t.option,
    ),
    index('poll_votes_user_idx').on(t.userId),
    check('poll_votes_position_check', sql`${t.position} >= 1`),
  ],
);

/**
 * Votes per option and position, kept by a trigger on poll_votes (migration 0017), so pages
 * that show a chart read a handful of rows. The voters of a question are the votes at
 * position 1 summed over its options.
 */
export const pollTallies = pgTable(
  'poll_tallies',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    pollId: text('poll_id').notNull(),
    question: text().notNull(),
    option: text().notNull(),
    position: smallint().notNull(),
    votes: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.pollId, t.question, t.option, t.position] })],
);

export type PollVote = typeof pollVotes.$inferSelect;

/**
 * A cohort's live hour, planned in a room's live.md: the row is made when first needed and
 * keeps what the cohort changed (a moved start) and how the hour went (its step in the plan).
 */
export const liveSessions = pgTable(
  'live_sessions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
    /** An organiser's move; null: as live.md plans it. */
    startsAt: timestamp('starts_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** -1 before the start; 0 the icebreaker, 1…n the questions, n+1 the closing question. */
    step: integer().notNull().default(-1),
    stepStartedAt: timestamp('step_started_at', { withTimezone: true }),
    /** Minutes the host added to the current step. */
    stepExtraMinutes: integer('step_extra_minutes').notNull().default(0),
    /** Slow mode: one message per member per this many seconds (0: off). */
    slowSeconds: integer('slow_seconds').notNull().default(0),
    storyMd: text('story_md'),
    storyHtml: text('story_html'),
    /** Quoted people were told then; the story goes out once their window has passed. */
    storyAskedAt: timestamp('story_asked_at', { withTimezone: true }),
    storyPublishedAt: timestamp('story_published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('live_sessions_room_idx').on(t.cohortId, t.roomId),
    check('live_sessions_slow', sql`${t.slowSeconds} >= 0`),
  ],
);

/**
 * What is said in a live hour. The id orders the stream and is what a reconnecting client
 * names to catch up; writes of one session take a lock so ids commit in order.
 */
export const liveMessages = pgTable(
  'live_messages',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => liveSessions.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** message | question (the host's, from the plan) | welcome */
    kind: text().notNull().default('message'),
    /** The plan's step that was current, or the one the replied-to message belongs to. */
    step: integer().notNull(),
    replyTo: bigint('reply_to', { mode: 'number' }).references((): AnyPgColumn => liveMessages.id, {
      onDelete: 'set null',
    }),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('live_messages_session_idx').on(t.sessionId, t.id),
    index('live_messages_author_idx').on(t.authorId),
    index('live_messages_reply_idx').on(t.replyTo),
    check('live_messages_kind', sql`${t.kind} IN ('message', 'question', 'welcome')`),
  ],
);

/** A message a facilitator lifted out of the stream onto the rail (the "retweet"). */
export const liveHighlights = pgTable(
  'live_highlights',
  {
    messageId: bigint('message_id', { mode: 'number' })
      .primaryKey()
      .references(() => liveMessages.id, { onDelete: 'cascade' }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => liveSessions.id, { onDelete: 'cascade' }),
    byId: integer('by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('live_highlights_session_idx').on(t.sessionId, t.createdAt),
    index('live_highlights_by_idx').on(t.byId),
  ],
);

/** A member's report of a live message, for the organisers. */
export const liveFlags = pgTable(
  'live_flags',
  {
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => liveMessages.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.userId] }),
    index('live_flags_user_idx').on(t.userId),
  ],
);

/** A question a member sent in before the hour, for the facilitators to take into the plan. */
export const liveQuestions = pgTable(
  'live_questions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => liveSessions.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    voteCount: integer('vote_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('live_questions_session_idx').on(t.sessionId, t.voteCount),
    index('live_questions_author_idx').on(t.authorId),
  ],
);

export const liveQuestionVotes = pgTable(
  'live_question_votes',
  {
    questionId: integer('question_id')
      .notNull()
      .references(() => liveQuestions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.userId] }),
    index('live_question_votes_user_idx').on(t.userId),
  ],
);

/**
 * A member who said they will come to a live hour. They get a reminder by mail an hour
 * before; `reminded_at` records it, and is cleared when the hour is moved.
 */
export const liveAttendance = pgTable(
  'live_attendance',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => liveSessions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.userId] }),
    index('live_attendance_user_idx').on(t.userId),
  ],
);

export type LiveSession = typeof liveSessions.$inferSelect;
export type LiveMessage = typeof liveMessages.$inferSelect;

/** A message quoted in a drafted story: its author was told and may withdraw it. */
export const liveStoryQuotes = pgTable(
  'live_story_quotes',
  {
    messageId: bigint('message_id', { mode: 'number' })
      .primaryKey()
      .references(() => liveMessages.id, { onDelete: 'cascade' }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => liveSessions.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    toldAt: timestamp('told_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    index('live_story_quotes_session_idx').on(t.sessionId),
    index('live_story_quotes_user_idx').on(t.userId),
  ],
);
