// A photo in an introduction ("take a photo of your view and introduce yourself"): offered in
// the icebreaker only, on a new post (not a reply), with a description the author writes for
// those who cannot see it. The upload is re-encoded by the core (no EXIF, no GPS) and fitted
// inside photoMax pixels; the bytes live in comment_photos, what a page needs on the comment.
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { type CommentPhotoInfo, commentPhotos, comments } from '../../db/schema.ts';
import { length, text } from '../core/forms.ts';
import { encodeImage, type ImageProblem, type Upload, uploadOf } from '../core/uploads.ts';
import type { MessageKey } from '../i18n/index.ts';

export const photoMax = 1200;
export const altMax = 250;

export interface PhotoToPost {
  info: CommentPhotoInfo;
  image: Buffer;
}

const problems: Record<ImageProblem, MessageKey> = {
  tooLarge: 'comment.photo.tooLarge',
  empty: 'comment.photo.empty',
  format: 'comment.photo.format',
  unreadable: 'comment.photo.unreadable',
};

/**
 * The photo of a new introduction and its description as typed: none (no file chosen), a
 * photo ready to store, or the message that says what to change. A description without a
 * photo is kept for the form and otherwise ignored.
 */
export async function readPhoto(
  request: FastifyRequest,
  rawAlt: unknown,
): Promise<{ alt: string; photo: PhotoToPost | null; error: MessageKey | null }> {
  const alt = text(rawAlt);
  const upload = uploadOf(request, 'photo');
  if (!upload) return { alt, photo: null, error: null };
  if (!alt.trim()) return { alt, photo: null, error: 'comment.photo.altMissing' };
  if (length(alt) > altMax) return { alt, photo: null, error: 'comment.photo.altTooLong' };
  const encoded = await encodeIntroPhoto(upload, alt.trim());
  if ('problem' in encoded) return { alt, photo: null, error: problems[encoded.problem] };
  return { alt, photo: encoded, error: null };
}

/** An upload as an introduction's photo (fitted inside photoMax), with its description. */
export async function encodeIntroPhoto(
  upload: Upload,
  alt: string,
): Promise<PhotoToPost | { problem: ImageProblem }> {
  const encoded = await encodeImage(upload, {
    shown: { width: photoMax, height: photoMax, fit: 'inside' },
  });
  if (encoded.problem) return { problem: encoded.problem };
  const { bytes, width, height } = encoded.images.shown;
  return { info: { hash: encoded.hash, alt, width, height }, image: bytes };
}

/** Stores a posted comment's photo (once: a retried form keeps the first). */
export async function attachPhoto(
  db: Db,
  comment: { id: number; cohortId: number },
  photo: PhotoToPost,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(commentPhotos)
      .values({
        commentId: comment.id,
        cohortId: comment.cohortId,
        hash: photo.info.hash,
        image: photo.image,
      })
      .onConflictDoNothing()
      .returning({ commentId: commentPhotos.commentId });
    if (stored)
      await tx.update(comments).set({ photo: photo.info }).where(eq(comments.id, comment.id));
  });
}

/** The bytes of a comment's photo, when the hash is still its photo's. */
export async function findPhotoImage(
  db: Db,
  commentId: number,
  hash: string,
): Promise<Uint8Array | null> {
  const [row] = await db
    .select({ image: commentPhotos.image })
    .from(commentPhotos)
    .where(and(eq(commentPhotos.commentId, commentId), eq(commentPhotos.hash, hash)))
    .limit(1);
  return row?.image ?? null;
}

const photoFile = /^([0-9a-f]{32})\.webp$/;

/** The hash a photo's file name says, or null for a name this app never writes. */
export const readPhotoFile = (file: string): string | null => photoFile.exec(file)?.[1] ?? null;
