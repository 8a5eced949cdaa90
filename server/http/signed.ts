// Signed links for mail (one-click unsubscribe, RSVP): they work without signing in, so the
// link itself must prove what it allows. HMAC-SHA256 over purpose and payload, with a key
// the app makes once and keeps in the database (every process shares it; no extra setting).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appSecrets } from '../../db/schema.ts';

export async function loadSecret(db: Db, name: string): Promise<Buffer> {
  await db
    .insert(appSecrets)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const rows = await db.select().from(appSecrets).where(eq(appSecrets.name, name));
  const value = rows[0]?.value;
  if (!value) throw new Error(`secret ${name} could not be made`);
  return Buffer.from(value, 'base64url');
}

export interface Signer {
  /** `payload.mac`; the payload must be [A-Za-z0-9-] (ids, answers). */
  sign(purpose: string, payload: string): string;
  /** The payload when the token is genuine for this purpose, else null. */
  verify(purpose: string, token: string): string | null;
}

export function createSigner(key: Buffer): Signer {
  const mac = (purpose: string, payload: string) =>
    createHmac('sha256', key).update(`${purpose}\n${payload}`).digest().subarray(0, 16);
  return {
    sign: (purpose, payload) => `${payload}.${mac(purpose, payload).toString('base64url')}`,
    verify(purpose, token) {
      const dot = token.lastIndexOf('.');
      if (dot <= 0) return null;
      const payload = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = mac(purpose, payload);
      return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
    },
  };
}
