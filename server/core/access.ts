// Who may see what. Public: home, cohort homes, sign-in. Signed in: settings. Members of a
// cohort (and its organisers): everything inside it. Route groups declare their level once
// with a preHandler from here; handlers then read request.member.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import { notAllowedPage, notFoundPage } from '../http/errors.ts';
import { type CohortContext, loadCohortContext } from './context.ts';
import { paths } from './paths.ts';
import { isAdminEmail, organisesCourse } from './staff.ts';

/** What a signed-in user is in one cohort: admins and course organisers act as organisers. */
export type CohortRole = 'learner' | 'organiser' | 'admin';

export interface Membership extends CohortContext {
  /** The signed-in member (behind requireMember there always is one). */
  userId: number;
  role: CohortRole;
  /** Organisers and admins: may preview closed rooms, moderate, publish. */
  organises: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    member: Membership | null;
  }
}

export function roleIn(
  app: FastifyInstance,
  request: FastifyRequest,
  context: { cohort: { id: number }; course: Course },
): CohortRole | null {
  const user = request.user;
  if (!user) return null;
  if (isAdminEmail(app, user.email)) return 'admin';
  if (organisesCourse(context.course, user.email)) return 'organiser';
  return request.roles.get(context.cohort.id) ?? null;
}

/** The signed-in user's membership of this cohort, or null (a visitor, or not a member). */
export function membershipIn(
  app: FastifyInstance,
  request: FastifyRequest,
  context: CohortContext,
): Membership | null {
  const user = request.user;
  const role = user ? roleIn(app, request, context) : null;
  if (!user || !role) return null;
  return { ...context, role, organises: role !== 'learner', userId: user.id };
}

// Kept importable from here, where the sign-in routes have always found it.
export { safeNext } from '../http/redirects.ts';

export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  // After a POST, coming back means the page the form was on, not the POST target.
  const next = request.method === 'GET' ? request.url : null;
  return reply.redirect(paths.signIn(next), 303);
}

/** preHandler: a signed-in user, or off to sign in and back. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply) {
  if (!request.user) return redirectToSignIn(request, reply);
}

/** preHandler for routes under /c/:cohort/…: members and organisers only. */
export function requireMember(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { cohort: slug } = request.params as { cohort: string };
    const context = await loadCohortContext(app, slug);
    if (!context) return notFoundPage(reply);
    if (!request.user) return redirectToSignIn(request, reply);
    const member = membershipIn(app, request, context);
    if (!member) {
      return reply.page(
        'errors/not-member',
        { title: 'access.notMemberTitle', cohort: context.cohort, course: context.course },
        { status: 403, locale: request.localeFor(context.course.language) },
      );
    }
    request.member = member;
  };
}

/** preHandler after requireMember: organisers and admins only (403 page for learners). */
export async function requireOrganiser(request: FastifyRequest, reply: FastifyReply) {
  if (!request.member?.organises) {
    return notAllowedPage(reply);
  }
  // Behind this guard is the organisers' desk: the layout shows its navigation (app.chrome).
  reply.locals = { ...reply.locals, desk: true };
}

/** The signed-in user; routes behind requireUser or requireMember always have one. */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new Error('route is outside the signed-in scope');
  return request.user;
}

/** The membership requireMember loaded; routes behind that guard always have one. */
export function memberOf(request: FastifyRequest): Membership {
  if (!request.member) throw new Error('route is outside the members scope');
  return request.member;
}

export function decorateMember(app: FastifyInstance) {
  app.decorateRequest('member', null);
}
