// One-shot messages across a POST → 303 → GET ("Saved", "We sent you a link"). Kept in a
// short-lived cookie so any app process can show it; reply.page() reads and clears it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { catalogues, type MessageKey, type Params } from '../i18n/index.ts';
import { clearCookie, cookieAttributes } from './cookies.ts';

export interface Flash {
  key: MessageKey;
  params?: Params;
}

const cookieName = 'salon_flash';

declare module 'fastify' {
  interface FastifyReply {
    flash(message: Flash): FastifyReply;
  }
}

/** A flash as we wrote it, or null: the cookie comes from the browser and may be anything. */
export function parseFlash(raw: string): Flash | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || !Object.hasOwn(catalogues.en, key)) return null;
  if (params === undefined) return { key: key as MessageKey };
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return null;
  const entries = Object.entries(params);
  if (!entries.every(([, v]) => typeof v === 'string' || typeof v === 'number')) return null;
  return { key: key as MessageKey, params: Object.fromEntries(entries) as Params };
}

/** The message left by the previous response, cleared so it shows once (a bad one too). */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = request.cookies[cookieName];
  if (!raw) return null;
  clearCookie(reply, cookieName, request.server.config.secure);
  return parseFlash(raw);
}

export const flashPlugin = fp(async function flash(
  app: FastifyInstance,
  opts: { secure: boolean },
) {
  app.decorateReply('flash', function flash(this: FastifyReply, message: Flash) {
    return this.setCookie(cookieName, JSON.stringify(message), {
      ...cookieAttributes(opts.secure),
      maxAge: 120,
    });
  });
});
