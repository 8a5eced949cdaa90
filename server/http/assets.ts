// Static files. Each asset URL carries a hash of its content (?v=…), so browsers may cache
// it for a year; a changed file gets a new URL. htmx is served from our own origin. The
// stylesheet is written as small files in static/css/ (one per part of the design, read in
// name order) and served as one: a page needs one request for all of it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { buildSprite, spriteFile } from './icons.ts';

const require = createRequire(import.meta.url);
export const htmxFile = require.resolve('htmx.org/dist/htmx.min.js');

export interface AssetsOptions {
  root: string;
  production: boolean;
}

export const stylesheet = 'salon.css';

/** static/css/*.css joined in name order. */
export function readStylesheet(root: string): string {
  const dir = path.join(root, 'css');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.css'))
    .sort()
    .map((name) => readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}

/** Returns asset(name) → versioned URL. */
export function assetUrls(root: string, production: boolean) {
  const cache = new Map<string, string>();
  const read = (name: string) => {
    if (name === 'htmx.min.js') return readFileSync(htmxFile);
    if (name === spriteFile) return buildSprite();
    return name === stylesheet ? readStylesheet(root) : readFileSync(path.join(root, name));
  };
  return (name: string): string => {
    const hit = production ? cache.get(name) : undefined;
    if (hit) return hit;
    const hash = createHash('sha256').update(read(name)).digest('hex').slice(0, 10);
    const url = `/static/${name}?v=${hash}`;
    cache.set(name, url);
    return url;
  };
}

export const assetsPlugin = fp(async (app: FastifyInstance, opts: AssetsOptions) => {
  const maxAge = opts.production ? 365 * 24 * 3600 : 0;
  const htmxDir = path.dirname(htmxFile);
  // sendFile also serves course media (with its own cache rule): only touch our assets here.
  const setHeaders = (reply: FastifyReply, filePath: string) => {
    if (!filePath.startsWith(opts.root) && !filePath.startsWith(htmxDir)) return;
    reply.header('cache-control', maxAge ? `public, max-age=${maxAge}, immutable` : 'no-cache');
  };
  await app.register(fastifyStatic, {
    root: opts.root,
    prefix: '/static/',
    cacheControl: false,
    setHeaders,
  });
  app.get('/static/htmx.min.js', (_request, reply) => {
    return reply.sendFile('htmx.min.js', htmxDir);
  });
  const sprite = buildSprite();
  app.get(`/static/${spriteFile}`, (_request, reply) =>
    reply
      .type('image/svg+xml')
      .header('cache-control', maxAge ? `public, max-age=${maxAge}, immutable` : 'no-cache')
      .send(sprite),
  );
  const bundled = opts.production ? readStylesheet(opts.root) : null;
  app.get(`/static/${stylesheet}`, (_request, reply) => {
    // Development reads the files again on every request, so an edit shows on reload.
    const css = bundled ?? readStylesheet(opts.root);
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', maxAge ? `public, max-age=${maxAge}, immutable` : 'no-cache')
      .send(css);
  });
});
