// One error policy: 4xx get a short translated page, 5xx a calm "nothing was lost" page and
// a log line with the request; internals never reach the browser.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../db/client.ts';
import type { Locale, MessageKey } from '../i18n/index.ts';
import { safeNext } from './redirects.ts';

/**
 * Thrown by guards and helpers that find a request cannot go on; the error handler renders
 * its page, so no helper sends a reply itself. `language`: the course's, when the page
 * belongs to one (the reader's own choice still wins, as on every course page).
 */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly view: string,
    readonly data: { title: string; [key: string]: unknown },
    readonly language?: Locale | null,
  ) {
    super(data.title);
  }
}

export class NotFoundError extends PageError {
  constructor() {
    super(404, 'errors/error', { title: 'error.notFoundTitle', message: 'error.notFound' });
  }
}

export class NotAllowedError extends PageError {
  constructor() {
    super(403, 'errors/error', { title: 'error.notAllowedTitle', message: 'error.notAllowed' });
  }
}

export function notFoundPage(reply: FastifyReply) {
  return reply.page(
    'errors/error',
    { title: 'error.notFoundTitle', message: 'error.notFound' },
    { status: 404, fragment: false },
  );
}

/** 403 for a signed-in member who may not do this (e.g. a learner trying an organiser action). */
export function notAllowedPage(reply: FastifyReply) {
  return reply.page(
    'errors/error',
    { title: 'error.notAllowedTitle', message: 'error.notAllowed' },
    { status: 403, fragment: false },
  );
}

/** Hidden fields a form carries for the app, not text anyone typed. */
const machineFields = new Set(['_csrf', 'key']);

/**
 * A form posted without a valid CSRF token (expired page, other site): a 403 that shows what
 * the person typed, read-only, so nothing is lost; never re-submits it for them.
 */
function csrfPage(request: FastifyRequest, reply: FastifyReply) {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const typed = Object.entries(body)
    .filter(
      ([name, value]) => !machineFields.has(name) && typeof value === 'string' && value.trim(),
    )
    .map(([name, value]) => ({ name, value: String(value).slice(0, 20_000) }))
    .slice(0, 10);
  const referer = request.headers.referer;
  let back: string | null = null;
  try {
    const url = referer ? new URL(referer) : null;
    if (url && url.host === request.headers.host) back = safeNext(url.pathname + url.search);
  } catch {
    back = null;
  }
  return reply.page(
    'errors/csrf',
    { title: 'error.forbiddenTitle', typed, back },
    { status: 403, fragment: false },
  );
}

function codeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code;
}

export const errorsPlugin = fp(async function errors(app: FastifyInstance) {
  app.setNotFoundHandler((_request, reply) => notFoundPage(reply));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof PageError) {
      const locale = error.language ? request.localeFor(error.language) : undefined;
      return reply.page(error.view, error.data, { status: error.status, fragment: false, locale });
    }
    // A URL segment that fails its pattern is simply a page that does not exist.
    if (error.validationContext === 'params') return notFoundPage(reply);
    if (isDatabaseUnavailable(error)) {
      // An outage, not a bug: one short line per request, and a page that says to wait.
      request.log.warn({ code: codeOf(error), url: request.url }, 'database unavailable');
      return reply
        .header('retry-after', '5')
        .page(
          'errors/error',
          { title: 'error.unavailableTitle', message: 'error.unavailable' },
          { status: 503, fragment: false },
        );
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status >= 500) request.log.error({ err: error, url: request.url }, 'request failed');
    else
      request.log.info(
        { err: error.message, code: error.code, url: request.url },
        'request refused',
      );
    if (error.code?.startsWith('FST_CSRF')) return csrfPage(request, reply);
    let title: MessageKey = 'error.serverTitle';
    let message: MessageKey = 'error.server';
    if (status === 404) [title, message] = ['error.notFoundTitle', 'error.notFound'];
    else if (status === 403) [title, message] = ['error.forbiddenTitle', 'error.forbidden'];
    else if (status < 500) [title, message] = ['error.badRequestTitle', 'error.badRequest'];
    try {
      return await reply.page('errors/error', { title, message }, { status, fragment: false });
    } catch (renderError) {
      // The error page itself failed (e.g. a broken template): fall back to plain text.
      request.log.error({ err: renderError }, 'error page failed');
      return reply
        .code(status)
        .type('text/plain; charset=utf-8')
        .send('Something went wrong. Nothing was lost; please try again.');
    }
  });
});
