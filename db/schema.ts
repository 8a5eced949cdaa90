// The database schema. Later features add their tables here (users, sessions, enrolments,
// comments, submissions, outbox…); cohorts are the root they all hang from, by integer id.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** A run of a course: the course itself lives in content/, referenced by its id. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull().unique(),
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
