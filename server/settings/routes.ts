// The learner's own data: name, language, digest, sessions, export and deletion.
import type { FastifyInstance } from 'fastify';
import type { User } from '../../db/schema.ts';
import { requireUser, userOf } from '../core/access.ts';
import { deleteUser, listEnrolmentsOfUser, updateUser } from '../core/accounts.ts';
import { type FieldErrors, fieldError, text } from '../core/forms.ts';
import { checkDigest, checkLocale, checkName } from '../core/input.ts';
import { paths } from '../core/paths.ts';
import { invalidateUserSessions } from '../core/sessions.ts';

type SettingsBody = { name?: string; locale?: string; digest?: string };

export default async function settingsRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireUser);

  /** The user's cohorts with their course titles, for the settings page. */
  async function cohortsOf(user: User) {
    const enrolments = await listEnrolmentsOfUser(app.db, user.id);
    const courses = app.content.current().courses;
    return enrolments.map((e) => ({ ...e, course: courses.get(e.courseId)?.title ?? e.courseId }));
  }

  app.get('/settings', async (request, reply) => {
    const user = userOf(request);
    return reply.page('settings/settings', {
      title: 'settings.title',
      form: { name: user.name, locale: user.locale, digest: user.digest },
      errors: {},
      enrolments: await cohortsOf(user),
    });
  });

  app.post<{ Body: SettingsBody }>(
    '/settings',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const user = userOf(request);
      const body = request.body ?? {};
      const name = checkName(body.name);
      const digest = checkDigest(body.digest);
      const locale = checkLocale(body.locale, request.locale);
      const errors: FieldErrors = {};
      if (name.error) errors.name = name.error;
      if (digest.error) errors.digest = digest.error;
      if (name.error || digest.error) {
        return reply.page(
          'settings/settings',
          {
            title: 'settings.title',
            form: { name: name.value, locale, digest: body.digest ?? '' },
            errors,
            enrolments: await cohortsOf(user),
          },
          { status: 422 },
        );
      }
      await updateUser(app.db, user.id, { name: name.value, locale, digest: digest.value });
      // Threads in memory show authors' names: a new name shows at once, not in a few seconds.
      app.conversationCache.clear();
      app.forgetSessions(user.id);
      reply.flash({ key: 'settings.saved' });
      return reply.redirect(paths.settings(), 303);
    },
  );

  app.post(
    '/settings/sign-out-everywhere',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      await invalidateUserSessions(app.db, userOf(request).id);
      app.forgetSessions(userOf(request).id);
      await reply.endSession();
      reply.flash({ key: 'settings.signedOutEverywhere' });
      return reply.redirect(paths.signIn(), 303);
    },
  );

  app.get('/settings/export', async (request, reply) => {
    const user = userOf(request);
    const data = await app.personalData.exportFor(app.db, user);
    const day = app.clock().toISOString().slice(0, 10);
    return reply
      .header('content-disposition', `attachment; filename="salon-export-${day}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ exportedAt: app.clock().toISOString(), ...data }, null, 2));
  });

  app.get('/settings/delete', async (request, reply) => {
    userOf(request);
    return reply.page('settings/delete', {
      title: 'delete.title',
      form: { email: '' },
      errors: {},
    });
  });

  app.post<{ Body: { email?: string } }>(
    '/settings/delete',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const user = userOf(request);
      const typed = text(request.body?.email);
      // Typing the address is the confirmation: one stray click cannot delete an account.
      if (typed.toLowerCase() !== user.email) {
        return reply.page(
          'settings/delete',
          {
            title: 'delete.title',
            form: { email: typed },
            errors: { email: fieldError('delete.mismatch') },
          },
          { status: 422 },
        );
      }
      await app.personalData.eraseFor(app.db, user);
      await deleteUser(app.db, user.id);
      // Nothing of theirs may be served from memory after they are gone.
      app.conversationCache.clear();
      app.forgetSessions(user.id);
      await reply.endSession();
      reply.flash({ key: 'delete.done' });
      return reply.redirect(paths.home(), 303);
    },
  );
}
