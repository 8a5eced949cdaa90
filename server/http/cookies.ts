// The attributes Salon's cookies are set with. A browser replaces or removes a cookie only
// when the new Set-Cookie has the same name and path, and ignores a __Host- cookie without
// Secure altogether: so setting and clearing go through the same attributes.
import type { FastifyReply } from 'fastify';

export function cookieAttributes(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

/** Removes a cookie that Salon set (sign-out, a stale session, a shown or malformed value). */
export function clearCookie(reply: FastifyReply, name: string, secure: boolean) {
  reply.clearCookie(name, cookieAttributes(secure));
}
