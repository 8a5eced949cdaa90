// Cookies, CSRF and security headers. The CSP allows scripts only from our own origin:
// htmx is served from /static, and templates carry no inline scripts or handlers.

import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { embedOrigins } from '../content/players.ts';
import { cookieAttributes } from './cookies.ts';

export interface SecurityOptions {
  /** HTTPS in front of us: Secure cookies with the __Host- prefix, and upgrade-insecure-requests. */
  secure: boolean;
}

export const csrfCookieName = (secure: boolean) => (secure ? '__Host-salon_csrf' : 'salon_csrf');

/**
 * The headers helmet sets for these options, worked out once. @fastify/helmet builds a new
 * helmet (parsing the whole policy) on every request: a tenth of a page's time (profiled).
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => {});
  return headers;
}

export const securityPlugin = fp(async function security(
  app: FastifyInstance,
  opts: SecurityOptions,
) {
  const options: HelmetOptions = {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only the privacy-enhanced players an exhibit may embed, and only after a click.
        frameSrc: embedOrigins,
        upgradeInsecureRequests: opts.secure ? [] : null,
      },
    },
    // Over plain http (development) HSTS would only confuse browsers on localhost.
    strictTransportSecurity: opts.secure,
    // Agrees with frame-ancestors 'none' for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
  };
  const headers = securityHeaders(options);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: csrfCookieName(opts.secure),
    cookieOpts: cookieAttributes(opts.secure),
  });
});
