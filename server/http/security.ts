// Cookies, CSRF and security headers. The CSP allows scripts only from our own origin:
// htmx is served from /static, and templates carry no inline scripts or handlers.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityOptions {
  /** HTTPS in front of us: Secure cookies with the __Host- prefix, and upgrade-insecure-requests. */
  secure: boolean;
}

export const csrfCookieName = (secure: boolean) => (secure ? '__Host-salon_csrf' : 'salon_csrf');

export const securityPlugin = fp(async (app: FastifyInstance, opts: SecurityOptions) => {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: opts.secure ? [] : null,
      },
    },
    // Over plain http (development) HSTS would only confuse browsers on localhost.
    strictTransportSecurity: opts.secure,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: csrfCookieName(opts.secure),
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.secure },
  });
});
