// A member's photo: read from a multipart upload, checked, re-encoded and stored. Re-encoding
// is the safety: whatever arrived (a camera's EXIF with GPS, a colour profile, a crafted
// file), what is kept and served is a fresh WebP that sharp wrote, with no metadata at all.
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { type FieldError, fieldError } from '../core/forms.ts';

export const photoMaxBytes = 2 * 1024 * 1024;
export const photoSizes = { large: 256, small: 64 } as const;
export type PhotoSize = 'l' | 's';
const acceptedFormats = new Set(['jpeg', 'png', 'webp']);
/** A decoded image larger than this (pixels) is refused before it is decoded in full. */
const maxPixels = 24_000_000;

/** One file field as it arrived: its name on the sender's disk, its bytes, cut or whole. */
export interface Upload {
  filename: string;
  bytes: Buffer;
  /** More than photoMaxBytes was sent; bytes holds only the start. */
  tooLarge: boolean;
}

const uploads = new WeakMap<FastifyRequest, Map<string, Upload>>();

/**
 * Multipart for the forms of this feature, parsed into plain fields (as the urlencoded forms
 * are, so the CSRF check and the form readers do not change) plus the files, which are read
 * whole (at most photoMaxBytes) and kept beside the body. A file over the limit is cut, not
 * an error, so the form can say so in the person's language with the typed text kept. A body
 * that is not valid multipart is the sender's mistake: a 400, never a 500.
 */
export async function registerUploads(app: FastifyInstance) {
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: photoMaxBytes, files: 1, fields: 60, parts: 61, fieldSize: 64 * 1024 },
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

export interface EncodedPhoto {
  hash: string;
  large: Buffer;
  small: Buffer;
}

/** The photo re-encoded in both sizes, or the message that says why it cannot be one. */
export async function encodePhoto(
  upload: Upload,
): Promise<{ photo: EncodedPhoto; error?: undefined } | { photo?: undefined; error: FieldError }> {
  if (upload.tooLarge) return { error: fieldError('profile.error.photoTooLarge', { max: 2 }) };
  if (upload.bytes.length === 0) return { error: fieldError('profile.error.photoEmpty') };
  try {
    const input = () =>
      sharp(upload.bytes, { failOn: 'error', limitInputPixels: maxPixels, animated: false });
    const meta = await input().metadata();
    if (!meta.format || !acceptedFormats.has(meta.format))
      return { error: fieldError('profile.error.photoFormat') };
    // rotate() first: the camera's orientation lives in the EXIF that is about to go.
    const resized = (size: number) =>
      input()
        .rotate()
        .resize(size, size, { fit: 'cover', position: 'attention' })
        .webp({ quality: 80 })
        .toBuffer();
    const [large, small] = await Promise.all([
      resized(photoSizes.large),
      resized(photoSizes.small),
    ]);
    const hash = createHash('sha256').update(large).digest('hex').slice(0, 32);
    return { photo: { hash, large, small } };
  } catch {
    // Not an image sharp can read, or a broken one: the person's file, not our failure.
    return { error: fieldError('profile.error.photoUnreadable') };
  }
}

const photoFile = /^([0-9a-f]{32})-([ls])\.webp$/;

/** The hash and size a photo's file name says, or null for a name this app never writes. */
export function readPhotoFile(file: string): { hash: string; size: PhotoSize } | null {
  const m = photoFile.exec(file);
  return m ? { hash: m[1] as string, size: m[2] as PhotoSize } : null;
}
