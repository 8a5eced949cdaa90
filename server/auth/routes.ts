// Signing in by e-mailed link and signing out. Following a link only shows a button: mail
// scanners fetch links, and a GET must never use the token up or sign anybody in.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SignInToken } from '../../db/schema.ts';
import { safeNext } from '../core/access.ts';
import {
  consumeToken,
  enrolLearner,
  enrolOrganiser,
  ensureUser,
  findUsableToken,
  findUserByEmail,
  listEnrolmentsOfUser,
} from '../core/accounts.ts';
import { findCohortById } from '../core/cohorts.ts';
import type { FieldErrors } from '../core/forms.ts';
import { checkEmail, checkName } from '../core/input.ts';
import { withdrawInvitation } from '../core/invitations.ts';
import { paths } from '../core/paths.ts';
import { sendLink } from '../core/sign-in-links.ts';
import { isStaffEmail, nameFromEmail, organisesSomewhere } from '../core/staff.ts';
import { hashToken } from '../core/tokens.ts';
import { takeFlash } from '../http/flash.ts';

type SignInBody = { email?: string; next?: string };
type TokenParams = { token: string };

const tokenSchema = {
  params: {
    type: 'object',
    properties: { token: { type: 'string', pattern: '^[a-z2-7]{16,64}$' } },
    required: ['token'],
  },
} as const;

export default async function authRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
    return reply.page('auth/sign-in', {
      title: 'signIn.title',
      form: { email: '' },
      next: safeNext(request.query.next),
      errors: {},
    });
  });

  app.post<{ Body: SignInBody }>(
    '/sign-in',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const email = checkEmail(request.body?.email);
      const next = safeNext(request.body?.next);
      const errors: FieldErrors = email.error ? { email: email.error } : {};
      const again = (status: number, notice: string | null) =>
        reply.page(
          'auth/sign-in',
          { title: 'signIn.title', form: { email: email.value }, next, errors, notice },
          { status },
        );
      if (email.error) return again(422, null);
      const sent = await sendLink(app, request, {
        purpose: 'sign-in',
        email: email.value,
        locale: request.locale,
        next,
      });
      if (sent === 'limited') return again(429, 'limits.mail');
      reply.flash({ key: 'signIn.sent', params: { email: email.value } });
      return reply.redirect(paths.signInSent(), 303);
    },
  );

  app.get('/sign-in/sent', async (request, reply) => {
    const flash = takeFlash(request, reply);
    return reply.page('auth/sent', {
      title: 'signIn.sentTitle',
      email: typeof flash?.params?.email === 'string' ? flash.params.email : null,
      flash: null,
      minutes: app.config.signInLinkMinutes,
    });
  });

  app.get<{ Params: TokenParams }>(
    '/auth/:token',
    { schema: tokenSchema },
    async (request, reply) => {
      const token = await findUsableToken(app.db, hashToken(request.params.token), app.clock());
      if (!token) return expired(reply);
      const newcomer = await isNewcomer(token);
      return confirm(reply, token, request.params.token, {
        form: { name: newcomer ? nameFromEmail(token.email) : '' },
        askName: newcomer,
      });
    },
  );

  /** A sign-in link for an address without an account: only staff get one (links.ts). */
  async function isNewcomer(token: SignInToken): Promise<boolean> {
    return token.purpose === 'sign-in' && !(await findUserByEmail(app.db, token.email));
  }

  function confirm(
    reply: FastifyReply,
    token: SignInToken,
    raw: string,
    state: { form: { name: string }; askName: boolean; errors?: FieldErrors; status?: number },
  ) {
    // No caching and no referrer: the token is in this page's URL.
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const invitation = token.purpose === 'enrol' && token.role === 'organiser';
    return reply.page(
      'auth/confirm',
      {
        title: invitation ? 'auth.inviteTitle' : 'auth.confirmTitle',
        email: token.email,
        purpose: invitation ? 'invite' : token.purpose,
        token: raw,
        askName: state.askName,
        form: state.form,
        errors: state.errors ?? {},
      },
      { status: state.status ?? 200, locale: token.locale === 'en' ? 'en' : 'nl' },
    );
  }

  function expired(reply: FastifyReply) {
    return reply.page(
      'auth/expired',
      { title: 'auth.expiredTitle', minutes: app.config.signInLinkMinutes, form: { email: '' } },
      { status: 410 },
    );
  }

  app.post<{ Params: TokenParams; Body: { name?: unknown } }>(
    '/auth/:token',
    { schema: tokenSchema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const tokenHash = hashToken(request.params.token);
      const pending = await findUsableToken(app.db, tokenHash, app.clock());
      if (!pending) return expired(reply);
      // A first sign-in names the new account; a refused name keeps the link usable.
      let newName: string | null = null;
      if (await isNewcomer(pending)) {
        if (!isStaffEmail(app, pending.email)) return expired(reply);
        const name = checkName(request.body?.name);
        if (name.error) {
          return confirm(reply, pending, request.params.token, {
            form: { name: name.value },
            askName: true,
            errors: { name: name.error },
            status: 422,
          });
        }
        newName = name.value;
      }
      const token = await consumeToken(app.db, tokenHash, app.clock());
      if (!token) return expired(reply);

      if (token.purpose === 'enrol' && token.cohortId !== null) {
        const user = await ensureUser(app.db, {
          email: token.email,
          name: token.name ?? token.email.split('@')[0] ?? token.email,
          locale: token.locale === 'en' ? 'en' : 'nl',
        });
        await reply.startSession(user);
        const cohort = await findCohortById(app.db, token.cohortId);
        if (!cohort) return reply.redirect(paths.home(), 303);
        if (token.role === 'organiser') {
          await enrolOrganiser(app.db, cohort.id, user.id);
          // Other invitation mails to this address are spent too: once removed, an old one
          // must not make them an organiser again.
          await withdrawInvitation(app.db, cohort.id, token.email, app.clock());
          app.forgetSessions(user.id);
          reply.flash({ key: 'organise.invite.welcome' });
          return reply.redirect(paths.desk(cohort.slug), 303);
        }
        const result = await enrolLearner(app.db, cohort, user.id);
        app.forgetSessions(user.id);
        reply.flash({ key: result === 'full' ? 'enrol.fullAfterLink' : 'enrol.welcome' });
        return reply.redirect(paths.cohort(cohort.slug), 303);
      }

      // A sign-in link proves the address but grants nothing else: an admin or organiser
      // gets an account, never an enrolment.
      const user =
        newName === null
          ? await findUserByEmail(app.db, token.email)
          : await ensureUser(app.db, {
              email: token.email,
              name: newName,
              locale: token.locale === 'en' ? 'en' : 'nl',
            });
      if (!user) return expired(reply);
      await reply.startSession(user);
      reply.flash({
        key: newName === null ? 'signIn.welcomeBack' : 'signIn.welcomeNew',
        params: { name: user.name },
      });
      const next = safeNext(token.next);
      if (next) return reply.redirect(next, 303);
      const mine = await listEnrolmentsOfUser(app.db, user.id);
      if (mine.length === 1 && mine[0]) return reply.redirect(paths.cohort(mine[0].slug), 303);
      return reply.redirect(
        organisesSomewhere(app, request) ? paths.organise() : paths.home(),
        303,
      );
    },
  );

  app.post('/sign-out', { preHandler: app.csrfProtection }, async (_request, reply) => {
    await reply.endSession();
    reply.flash({ key: 'signOut.done' });
    return reply.redirect(paths.home(), 303);
  });
}
