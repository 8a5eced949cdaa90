// One-shot messages across a POST → 303 → GET ("Saved", "We sent you a link"). Kept in a
// short-lived cookie so any app process can show it; reply.page() reads and clears it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { MessageKey, Params } from '../i18n/index.ts';

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

/** The message left by the previous response, cleared so it shows once. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = request.cookies[cookieName];
  if (!raw) return null;
  reply.clearCookie(cookieName, { path: '/' });
  try {
    const value = JSON.parse(raw) as Flash;
    return typeof value?.key === 'string' ? value : null;
  } catch {
    return null;
  }
}

export const flashPlugin = fp(async (app: FastifyInstance, opts: { secure: boolean }) => {
  app.decorateReply('flash', function flash(this: FastifyReply, message: Flash) {
    return this.setCookie(cookieName, JSON.stringify(message), {
      path: '/',
      maxAge: 120,
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secure,
    });
  });
});
