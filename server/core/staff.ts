// Who organises by configuration rather than by enrolment: admins (ADMIN_EMAILS) run every
// cohort, a course's `organisers:` run every cohort of that course. Neither needs an
// enrolment, so they are never counted or mailed as participants unless they enrol as
// learners themselves.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Course } from '../content/types.ts';

export function isAdminEmail(app: FastifyInstance, email: string): boolean {
  return app.config.adminEmails.includes(email.toLowerCase());
}

export function organisesCourse(course: Pick<Course, 'organisers'>, email: string): boolean {
  const address = email.toLowerCase();
  return course.organisers.some((e) => e.toLowerCase() === address);
}

/** An admin or a course organiser: may sign in before having an account. */
export function isStaffEmail(app: FastifyInstance, email: string): boolean {
  if (isAdminEmail(app, email)) return true;
  for (const course of app.content.current().courses.values()) {
    if (organisesCourse(course, email)) return true;
  }
  return false;
}

/** The signed-in user runs at least one cohort (by configuration or as invited co-organiser). */
export function organisesSomewhere(app: FastifyInstance, request: FastifyRequest): boolean {
  const user = request.user;
  if (!user) return false;
  return [...request.roles.values()].includes('organiser') || isStaffEmail(app, user.email);
}

/** "boss@example.org" → "Boss", "ann-marie.de.vries@…" → "Ann Marie De Vries": a first guess. */
export function nameFromEmail(email: string): string {
  // The part after "+" is a mail filter tag, not part of a name.
  const local = (email.split('@')[0] ?? '').split('+')[0] ?? '';
  const words = local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return words.join(' ').slice(0, 80) || email;
}
