// The one-click unsubscribe link (RFC 8058) every digest and notification carries: the user id
// signed with HMAC, so it needs no sign-in. The digest feature answers it.
import type { FastifyInstance } from 'fastify';
import { absolute, paths } from './paths.ts';

export const unsubscribePurpose = 'unsubscribe';

export function unsubscribeUrl(app: FastifyInstance, userId: number): string {
  const token = app.signer.sign(unsubscribePurpose, String(userId));
  return absolute(app.config.baseUrl, paths.unsubscribe(token));
}

/** The two headers, each a single line (the transport does not fold them). */
export function unsubscribeHeaders(app: FastifyInstance, userId: number): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(app, userId)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
