// Random secrets for cookies and e-mailed links, and the one-way hash we store instead.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** 160 random bits, URL- and cookie-safe (Lucia's generateSessionToken). */
/** Whether a value from a cookie or URL has the shape generateToken() gives. */
export const isToken = (value: string) => /^[a-z2-7]{32}$/.test(value);

export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database keeps: a leaked table cannot be turned back into working tokens. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
