// Static files. Each asset URL carries a hash of its content (?v=…), so browsers may cache
// it for a year; a changed file gets a new URL. htmx is served from our own origin. The
// stylesheet is written as small files in static/css/ (one per part of the design, read in
// name order) and served as one: a page needs one request for all of it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { chooseEncoding } from './compress.ts';
import { buildSprite, spriteFile } from './icons.ts';
import { addVary } from './vary.ts';

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

/** An asset as sent: its bytes, and in production also brotli- and gzip-compressed once. */
interface Asset {
  type: string;
  body: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
}

const typeByExtension: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Assets are compressed once with the slowest, smallest settings (brotli 11, gzip 9) rather
 * than on every request: the stylesheet and htmx are most of a first visit's bytes. Only
 * production keeps them; development reads and compresses quickly again, so an edit shows.
 * Compression runs on libuv's threads: brotli 11 of them all is ~0.15 s of CPU, which the
 * start would otherwise wait for before answering anything.
 */
async function packAsset(type: string, body: Buffer, best: boolean): Promise<Asset> {
  if (body.length < 1024) return { type, body, br: null, gzip: null };
  const [br, gzipped] = await Promise.all([
    brotliAsync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: best ? 11 : 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipAsync(body, { level: best ? 9 : 6 }),
  ]);
  return { type, body, br, gzip: gzipped };
}

/**
 * Every file served under /static/, by name: static/*, the stylesheet, the sprite, htmx. The
 * files are read at once (a missing one fails here); their compressed forms follow.
 */
function readAssets(root: string, best: boolean): Promise<Map<string, Asset>> {
  const assets = new Map<string, Promise<Asset>>();
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const type = typeByExtension[path.extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    assets.set(entry.name, packAsset(type, readFileSync(path.join(root, entry.name)), best));
  }
  const css = Buffer.from(readStylesheet(root));
  assets.set(stylesheet, packAsset(typeByExtension['.css'] as string, css, best));
  assets.set(spriteFile, packAsset('image/svg+xml', Buffer.from(buildSprite()), best));
  const htmx = readFileSync(htmxFile);
  assets.set('htmx.min.js', packAsset(typeByExtension['.js'] as string, htmx, best));
  return Promise.all(assets.values()).then(
    (packed) => new Map([...assets.keys()].map((name, i) => [name, packed[i] as Asset])),
  );
}

export const assetsPlugin = fp(async function assets(app: FastifyInstance, opts: AssetsOptions) {
  const maxAge = opts.production ? 365 * 24 * 3600 : 0;
  // Only for reply.sendFile (course media, with its own cache rule); /static/ is served below.
  await app.register(fastifyStatic, { root: opts.root, serve: false, cacheControl: false });
  // Not awaited: the server may answer other requests while the assets are compressed.
  const built = opts.production ? readAssets(opts.root, true) : null;
  app.get<{ Params: { name: string } }>('/static/:name', async (request, reply) => {
    const asset = (await (built ?? readAssets(opts.root, false))).get(request.params.name);
    if (!asset) return reply.callNotFound();
    reply
      .type(asset.type)
      .header('cache-control', maxAge ? `public, max-age=${maxAge}, immutable` : 'no-cache');
    if (!asset.br || !asset.gzip) return reply.send(asset.body);
    addVary(reply, 'accept-encoding');
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.body);
  });
});
