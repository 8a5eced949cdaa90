// Builds the real app for a test file, on its own database and the test content.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../db/client.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createContentStore } from '../../server/content/store.ts';
import type { MailMessage, MailTransport } from '../../server/mail/transports.ts';
import { createTestDatabase, resetDatabase } from './db.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.join(root, 'tests/fixtures');

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** Mail sent through the in-memory transport (when no SMTP_URL is given). */
  sent: MailMessage[];
  /** Moves the app's clock. */
  setNow(date: Date): void;
  /** Empties the database and what the app keeps in memory about it. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function buildTestApp(
  options: {
    contentDir?: string;
    env?: Record<string, string>;
    /** Share another test app's database (a second "process"); it is not closed with this app. */
    database?: Database;
    /** Session cache TTL (default 0: every request asks the database). */
    sessionCacheMs?: number;
    /** Thread pages and room counts in memory (default on, as in production). */
    threadCacheMs?: number;
    /** How long a visit stands before it is written again (default 0: every view writes). */
    visitRewriteMs?: number;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    CONTENT_DIR: options.contentDir ?? path.join(fixtures, 'content-valid'),
    DATA_DIR: path.join(root, 'data/test'),
    ...options.env,
  });
  const database = options.database ?? (await createTestDatabase());
  const sent: MailMessage[] = [];
  // Without SMTP_URL, mail is collected in memory (no .eml files or console lines in tests).
  const transport: MailTransport | undefined = config.smtpUrl
    ? undefined
    : { send: async (m) => void sent.push(m), close: () => {} };
  let now = new Date();
  const app = await buildApp(config, {
    database,
    content: createContentStore(config.contentDir),
    clock: () => now,
    cohortCacheMs: 0,
    sessionCacheMs: options.sessionCacheMs ?? 0,
    visitRewriteMs: options.visitRewriteMs ?? 0,
    threadCacheMs: options.threadCacheMs,
    transport,
  });
  await app.ready();
  return {
    app,
    database,
    sent,
    setNow: (d) => {
      now = d;
    },
    // Ids start again after a reset, so nothing the app keeps in memory may survive it.
    reset: async () => {
      await resetDatabase(database);
      app.conversationCache.clear();
    },
    close: async () => {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}

/** The visible text of a page: tags removed, entities decoded, whitespace collapsed. */
export function textOf(res: LightMyRequestResponse | string): string {
  const html = typeof res === 'string' ? res : res.body;
  return (
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
      // Inline tags join their text; every other tag separates words.
      .replace(/<\/?(a|strong|em|b|i|span|code|abbr|time|bdi)\b[^>]*>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      // Isolation marks around names are invisible.
      .replace(/[\u2066-\u2069]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Fetches `url` and returns the CSRF token and cookies a form on it would post with. */
export async function csrfFrom(
  app: FastifyInstance,
  url = '/',
  headers: Record<string, string> = {},
) {
  const res = await app.inject({ method: 'GET', url, headers });
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { token, cookie };
}
