// Conditional GET for rendered pages: a weak ETag over what this member was sent, so a reload
// of an unchanged page is a 304 without a body (and without compressing one). The tag is a
// hash of the page itself plus the request's cookies, so it can only match for the same
// member, session and CSRF secret; any write that changes the page changes the tag at once.
// Runs before the compression hook (registered first), on the uncompressed text.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { addVary } from './vary.ts';

/**
 * Parts of a page that differ on every render but stay valid when an earlier copy is reused:
 * the CSRF token (any token made from the same secret passes). A form key must not be listed
 * here: a reused key would make the next post look like a repeat of the last one.
 */
const reusable = new WeakMap<FastifyReply, string>();

export function markReusable(reply: FastifyReply, value: string): void {
  reusable.set(reply, value);
}

function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === tag || v === tag.slice(2);
  });
}

export const conditionalPlugin = fp(async function conditional(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string') return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    // A response that sets a cookie (a flash read, a new CSRF secret) is not the same page
    // next time, and a page marked no-store must not be kept at all.
    if (reply.getHeader('set-cookie') || reply.getHeader('etag')) return payload;
    if (String(reply.getHeader('cache-control') ?? '').includes('no-store')) return payload;
    const token = reusable.get(reply);
    const body = token ? payload.split(token).join('') : payload;
    const tag = `W/"${createHash('sha1')
      .update(body)
      .update('\0')
      .update(request.headers.cookie ?? '')
      .digest('base64url')}"`;
    reply.header('etag', tag);
    if (!reply.getHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
    addVary(reply, 'cookie');
    if (!matches(request.headers['if-none-match'], tag)) return payload;
    reply.code(304);
    reply.removeHeader('content-length');
    return '';
  });
});
