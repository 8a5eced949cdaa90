// One log line per request is noise in a terminal and a cost in production: requests are
// logged only when someone should look at them, i.e. server errors, the refusals that point
// at a problem or an attack, and slow responses. Everything else stays silent at `info`.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Refusals worth a line; 404 and 422 (a typo, a form error) are everyday use. */
const notableRefusals = new Set([400, 401, 403, 405, 408, 413, 414, 429, 431]);

export type RequestLogChoice = 'error' | 'refused' | 'slow' | null;

/** Why a finished request is logged, or null when it is not. */
export function requestLogChoice(status: number, ms: number, slowMs: number): RequestLogChoice {
  if (status >= 500) return 'error';
  if (notableRefusals.has(status)) return 'refused';
  if (ms >= slowMs) return 'slow';
  return null;
}

export const requestLogPlugin = fp(async function requestLog(
  app: FastifyInstance,
  opts: { slowMs?: number },
) {
  const slowMs = opts.slowMs ?? 1000;
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime);
    const why = requestLogChoice(reply.statusCode, ms, slowMs);
    if (!why) return;
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms },
      `${request.method} ${request.url} → ${reply.statusCode} in ${ms} ms (${why})`,
    );
  });
});
