// A member's profile photo: the upload re-encoded by the core (server/core/uploads.ts) as two
// square WebP crops, and the file names they are served under.
import { type FieldError, fieldError } from '../core/forms.ts';
import { encodeImage, type ImageProblem, type Upload, uploadMaxBytes } from '../core/uploads.ts';

export const photoSizes = { large: 256, small: 64 } as const;
export type PhotoSize = 'l' | 's';

export interface EncodedPhoto {
  hash: string;
  large: Buffer;
  small: Buffer;
}

const messages: Record<ImageProblem, FieldError> = {
  tooLarge: fieldError('profile.error.photoTooLarge', { max: uploadMaxBytes / 1024 / 1024 }),
  empty: fieldError('profile.error.photoEmpty'),
  format: fieldError('profile.error.photoFormat'),
  unreadable: fieldError('profile.error.photoUnreadable'),
};

/** The photo re-encoded in both sizes, or the message that says why it cannot be one. */
export async function encodePhoto(
  upload: Upload,
): Promise<{ photo: EncodedPhoto; error?: undefined } | { photo?: undefined; error: FieldError }> {
  const square = (size: number) => ({ width: size, height: size, fit: 'cover' as const });
  const encoded = await encodeImage(upload, {
    large: square(photoSizes.large),
    small: square(photoSizes.small),
  });
  if (encoded.problem) return { error: messages[encoded.problem] };
  const { large, small } = encoded.images;
  return { photo: { hash: encoded.hash, large: large.bytes, small: small.bytes } };
}

const photoFile = /^([0-9a-f]{32})-([ls])\.webp$/;

/** The hash and size a photo's file name says, or null for a name this app never writes. */
export function readPhotoFile(file: string): { hash: string; size: PhotoSize } | null {
  const m = photoFile.exec(file);
  return m ? { hash: m[1] as string, size: m[2] as PhotoSize } : null;
}
