// "I'll be there": members who say they will come to a live hour get a reminder by mail an
// hour before it starts. The mail's outbox key names the session, the start and the member, so
// a second tick or process sends nothing twice, and an hour moved to another time reminds
// again (moving it also clears `reminded_at`, which only saves the tick from asking again).
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { type Cohort, type LiveSession, liveAttendance, users } from '../../db/schema.ts';
import type { LivePlan } from '../content/types.ts';
import { mailMembers } from '../core/member-mail.ts';
import { cohortTitle } from '../core/model.ts';
import { absolute, paths } from '../core/paths.ts';
import { unsubscribeUrl } from '../core/unsubscribe-links.ts';
import { isLocale, translator } from '../i18n/index.ts';

export const reminderLeadMs = 3_600_000;

export async function isAttending(db: Db, sessionId: number, userId: number): Promise<boolean> {
  const rows = await db
    .select({ userId: liveAttendance.userId })
    .from(liveAttendance)
    .where(and(eq(liveAttendance.sessionId, sessionId), eq(liveAttendance.userId, userId)));
  return rows.length > 0;
}

export async function countAttending(db: Db, sessionId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(liveAttendance)
    .where(eq(liveAttendance.sessionId, sessionId));
  return row?.n ?? 0;
}

/** Says yes (kept if said before) or no (forgotten). */
export async function setAttending(
  db: Db,
  sessionId: number,
  userId: number,
  attending: boolean,
): Promise<void> {
  if (attending) {
    await db.insert(liveAttendance).values({ sessionId, userId }).onConflictDoNothing();
  } else {
    await db
      .delete(liveAttendance)
      .where(and(eq(liveAttendance.sessionId, sessionId), eq(liveAttendance.userId, userId)));
  }
}

/** A moved hour reminds again at its new time. */
export async function forgetReminders(db: Db, sessionId: number): Promise<void> {
  await db
    .update(liveAttendance)
    .set({ remindedAt: null })
    .where(eq(liveAttendance.sessionId, sessionId));
}

/** A member who leaves the cohort is no longer expected at its hours. */
export async function dropAttendance(db: Db, cohortId: number, userId: number): Promise<void> {
  await db.execute(sql`DELETE FROM live_attendance WHERE user_id = ${userId}
    AND session_id IN (SELECT id FROM live_sessions WHERE cohort_id = ${cohortId})`);
}

/**
 * Mails the reminder to everyone coming who has not had it, once the hour is less than an
 * hour away; returns how many were queued. Marked only after queueing: a crash in between
 * mails nobody twice (the outbox key) and nobody not at all.
 */
export async function remindAttendees(
  app: FastifyInstance,
  cohort: Cohort,
  session: LiveSession,
  plan: LivePlan,
  startsAt: Date,
  now: Date,
): Promise<number> {
  const lead = startsAt.getTime() - now.getTime();
  if (lead <= 0 || lead > reminderLeadMs || session.startedAt) return 0;
  const due = await app.db
    .select({ userId: liveAttendance.userId })
    .from(liveAttendance)
    .where(and(eq(liveAttendance.sessionId, session.id), isNull(liveAttendance.remindedAt)));
  if (!due.length) return 0;
  const ids = due.map((d) => d.userId);
  const course = app.content.current().courses.get(cohort.courseId);
  const liveUrl = absolute(app.config.baseUrl, paths.live(cohort.slug, session.roomId));
  const { queued } = await mailMembers(app, {
    cohortId: cohort.id,
    audience: 'everyone',
    where: inArray(users.id, ids),
    compose: (user) => {
      const locale = isLocale(user.locale) ? user.locale : (course?.language ?? 'nl');
      const when = translator(locale).dateTime(startsAt, cohort.timezone);
      return {
        key: `live-reminder:${session.id}:${startsAt.getTime()}:${user.id}`,
        kind: 'live-reminder',
        ...app.renderMail(
          'live-reminder',
          locale,
          { key: 'live.mail.reminderSubject', params: { title: plan.title } },
          {
            name: user.name,
            course: course ? cohortTitle(cohort, course) : cohort.name,
            title: plan.title,
            when,
            zone: cohort.timezone,
            liveUrl,
            settingsUrl: absolute(app.config.baseUrl, paths.settings()),
            unsubscribeUrl: unsubscribeUrl(app, user.id),
          },
        ),
      };
    },
  });
  await app.db
    .update(liveAttendance)
    .set({ remindedAt: now })
    .where(and(eq(liveAttendance.sessionId, session.id), inArray(liveAttendance.userId, ids)));
  return queued;
}
