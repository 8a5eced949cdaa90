// Uploads of pictures from members (a profile photo, a photo in an introduction): read from a
// multipart form, checked, re-encoded and returned as bytes to store. Re-encoding is the
// safety: whatever arrived (a camera's EXIF with GPS, a colour profile, a crafted file), what
// is kept and served is a fresh WebP that sharp wrote, with no metadata at all.
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const uploadMaxBytes = 2 * 1024 * 1024;
const acceptedFormats = new Set(['jpeg', 'png', 'webp']);
/** A decoded image larger than this (pixels) is refused before it is decoded in full. */
const maxPixels = 24_000_000;

/**
 * sharp (libvips) is loaded with the first picture, not at start: ~0.08 s that a restart would
 * otherwise spend before it answers anything, for what only uploads and the demo seeder use.
 */
export const loadSharp = () => import('sharp').then((module) => module.default);

/** One file field as it arrived: its name on the sender's disk, its bytes, cut or whole. */
export interface Upload {
  filename: string;
  bytes: Buffer;
  /** More than uploadMaxBytes was sent; bytes holds only the start. */
  tooLarge: boolean;
}

const uploads = new WeakMap<FastifyRequest, Map<string, Upload>>();

/**
 * Multipart for the forms of the scope it is registered in, parsed into plain fields (as the
 * urlencoded forms are, so the CSRF check and the form readers do not change) plus the files,
 * which are read whole (at most uploadMaxBytes) and kept beside the body. A file over the
 * limit is cut, not an error, so the form can say so in the person's language with the typed
 * text kept. A body that is not valid multipart is the sender's mistake: a 400, never a 500.
 */
export async function registerUploads(app: FastifyInstance) {
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: uploadMaxBytes, files: 1, fields: 60, parts: 61, fieldSize: 64 * 1024 },
  });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const body: Record<string, string | string[]> = {};
    const files = new Map<string, Upload>();
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          files.set(part.fieldname, {
            filename: part.filename ?? '',
            bytes,
            tooLarge: part.file.truncated,
          });
        } else if (typeof part.value === 'string' && !(part.fieldname in Object.prototype)) {
          const before = body[part.fieldname];
          body[part.fieldname] =
            before === undefined
              ? part.value
              : [...(Array.isArray(before) ? before : [before]), part.value];
        }
      }
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      throw Object.assign(new Error('unreadable multipart body', { cause: error }), {
        statusCode: status && status >= 400 && status < 500 ? status : 400,
      });
    }
    request.body = body;
    uploads.set(request, files);
  });
}

/** The file sent in this field, or null when none was chosen (a browser sends an empty part). */
export function uploadOf(request: FastifyRequest, field: string): Upload | null {
  const upload = uploads.get(request)?.get(field);
  if (!upload || (upload.filename === '' && upload.bytes.length === 0)) return null;
  return upload;
}

/** Why an upload cannot be a picture; each feature says it in its own words. */
export type ImageProblem = 'tooLarge' | 'empty' | 'format' | 'unreadable';

/** How one stored version is made: a square crop (`cover`) or the whole picture (`inside`). */
export interface ImageVariant {
  width: number;
  height: number;
  fit: 'cover' | 'inside';
}

export interface EncodedImage {
  /** WebP bytes as stored and served. */
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * The upload re-encoded as WebP in each variant, with a hash of the first (for a URL that
 * names the content), or the problem that keeps it from being a picture.
 */
export async function encodeImage<V extends string>(
  upload: Upload,
  variants: Record<V, ImageVariant>,
): Promise<
  { hash: string; images: Record<V, EncodedImage>; problem?: undefined } | { problem: ImageProblem }
> {
  if (upload.tooLarge) return { problem: 'tooLarge' };
  if (upload.bytes.length === 0) return { problem: 'empty' };
  const sharp = await loadSharp();
  try {
    const input = () =>
      sharp(upload.bytes, { failOn: 'error', limitInputPixels: maxPixels, animated: false });
    const meta = await input().metadata();
    if (!meta.format || !acceptedFormats.has(meta.format)) return { problem: 'format' };
    // rotate() first: the camera's orientation lives in the EXIF that is about to go.
    const encode = async ({ width, height, fit }: ImageVariant): Promise<EncodedImage> => {
      const { data, info } = await input()
        .rotate()
        .resize(width, height, {
          fit,
          ...(fit === 'cover' ? { position: 'attention' } : { withoutEnlargement: true }),
        })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      return { bytes: data, width: info.width, height: info.height };
    };
    const names = Object.keys(variants) as V[];
    const encoded = await Promise.all(names.map((name) => encode(variants[name])));
    const images = Object.fromEntries(names.map((name, i) => [name, encoded[i]])) as Record<
      V,
      EncodedImage
    >;
    const first = encoded[0]?.bytes ?? Buffer.alloc(0);
    const hash = createHash('sha256').update(first).digest('hex').slice(0, 32);
    return { hash, images };
  } catch {
    // Not an image sharp can read, or a broken one: the person's file, not our failure.
    return { problem: 'unreadable' };
  }
}
