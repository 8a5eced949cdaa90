// Compression for rendered pages, the one compression hook of the app. Pages are strings
// already in memory, so one synchronous zlib call is much cheaper than a per-response stream
// (measured: the room page served twice as many compressed requests per second). Assets are
// compressed once, ahead of time (assets.ts); course media is streamed as it is (images gain
// nothing from it).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { addVary } from './vary.ts';

const compressible = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/;
// Below this a page fits one TCP packet compressed or not: compressing saves no round trip
// and still costs a zlib call (~15 µs).
const minBytes = 1024;

/**
 * br, gzip or null, by the client's Accept-Encoding (q=0 means "not this one"). Assets prefer
 * brotli (compressed once at quality 11, smallest); pages prefer gzip 6, which costs less CPU
 * than brotli 4 for the same packets (decision 020).
 */
export function chooseEncoding(
  header: string | undefined,
  prefer: 'br' | 'gzip' = 'br',
): 'br' | 'gzip' | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get('*') ?? 0;
  const weight = (name: string) => accepted.get(name) ?? wildcard;
  const other = prefer === 'br' ? 'gzip' : 'br';
  if (weight(prefer) > 0 && weight(prefer) >= weight(other)) return prefer;
  if (weight(other) > 0) return other;
  return null;
}

export const compressPlugin = fp(async function compress(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.getHeader('content-encoding')) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (payload.length < minBytes || !compressible.test(type)) return payload;
    addVary(reply, 'accept-encoding');
    const encoding = chooseEncoding(request.headers['accept-encoding'], 'gzip');
    if (!encoding) return payload;
    const size = Buffer.byteLength(payload);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return encoding === 'br'
      ? brotliCompressSync(payload, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: size },
        })
      : gzipSync(payload, { level: 6 });
  });
});
