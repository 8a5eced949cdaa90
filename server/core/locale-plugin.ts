// Works out each request's locale, and the small form that changes it (POST /locale).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clearCookie, cookieAttributes } from '../http/cookies.ts';
import { safeNext } from '../http/redirects.ts';
import {
  fromAcceptLanguage,
  isLocale,
  type Locale,
  localeCookie,
  pickLocale,
} from '../i18n/index.ts';
import { updateUser } from './accounts.ts';
import { paths } from './paths.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The locale for pages that have no language of their own. */
    locale: Locale;
    /** Picks the locale for a page whose content is in `language`. */
    localeFor(language: Locale | null): Locale;
  }
}

export const i18nPlugin = fp(async function localePlugin(
  app: FastifyInstance,
  opts: { secure: boolean },
) {
  app.decorateRequest('locale', 'nl');
  app.decorateRequest(
    'localeFor',
    function localeFor(
      this: {
        cookies: Record<string, string | undefined>;
        headers: Record<string, unknown>;
        user: { locale: string } | null;
      },
      language: Locale | null,
    ) {
      // A signed-in learner's saved language wins; otherwise the switch's cookie.
      const chosen = this.user?.locale ?? this.cookies[localeCookie];
      return pickLocale(
        isLocale(chosen) ? chosen : null,
        language,
        fromAcceptLanguage(this.headers['accept-language'] as string | undefined),
      );
    },
  );
  app.addHook('onRequest', async (request, reply) => {
    const chosen = request.cookies[localeCookie];
    if (chosen !== undefined && !isLocale(chosen)) clearCookie(reply, localeCookie, opts.secure);
    request.locale = request.localeFor(null);
  });

  app.post<{ Body: { locale?: string; back?: string } }>(
    '/locale',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const { locale, back } = request.body ?? {};
      if (isLocale(locale)) {
        if (request.user) {
          await updateUser(app.db, request.user.id, { locale });
          app.forgetSessions(request.user.id);
        }
        reply.setCookie(localeCookie, locale, {
          ...cookieAttributes(opts.secure),
          maxAge: 365 * 24 * 3600,
        });
      }
      return reply.redirect(safeNext(back) ?? paths.home(), 303);
    },
  );
});
