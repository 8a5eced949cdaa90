// How a mail leaves the process: real SMTP, or (without SMTP_URL) .eml files plus a console line.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { MailAttachment } from '../../db/schema.ts';
import type { Config } from '../config.ts';

export interface MailMessage {
  from: string;
  replyTo?: string | null;
  to: { name?: string | null; address: string };
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  /** Stable across retries, so a receiver can recognise a message it already has. */
  messageId?: string;
  date?: Date;
  attachments?: MailAttachment[];
}

/** SMTP answered 5xx: the message or address is refused for good. */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** The part of Fastify's (pino's) logger the mail code uses. */
export interface MailLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The console notice for a development mail: set apart from the log lines around it, the
 * links on their own lines (easy to click or copy), in colour on a terminal.
 */
export function devMailNotice(message: MailMessage, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const links = authLinks(message.text);
  return [
    '',
    paint('1;33', `✉  Mail to ${message.to.address}: ${JSON.stringify(message.subject)}`),
    ...links.map((l) => `   → ${paint('1;36', l)}`),
    '',
  ].join('\n');
}

const printToConsole = (text: string) => console.log(text);

/**
 * nodemailer is loaded with the first mail, not at start: a restart answers sooner, and a
 * transport is cheap to make on first use (the SMTP pool connects on the first send anyway).
 */
function lazily<T extends Transporter>(
  make: (nodemailer: typeof import('nodemailer').default) => T,
): { get(): Promise<T>; close(): void } {
  let made: Promise<T> | undefined;
  return {
    get: () => {
      made ??= import('nodemailer').then((module) => make(module.default));
      return made;
    },
    close: () => void made?.then((transporter) => transporter.close()),
  };
}

export function createTransport(
  config: Pick<Config, 'smtpUrl' | 'dataDir' | 'mailFrom'>,
  log: MailLog,
  print: (text: string) => void = printToConsole,
): MailTransport {
  const color = print === printToConsole && Boolean(process.stdout.isTTY);
  // mailFrom is the default sender, so a message is never composed without a From header.
  const defaults = { from: config.mailFrom };
  if (config.smtpUrl) {
    // A pool keeps the connection open across a batch (a digest is hundreds of mails);
    // ?pool=false in SMTP_URL still wins, since the URL's options override these.
    // Timeouts well inside the outbox lease (MAIL_LEASE_SECONDS, 5 minutes by default):
    // nodemailer's own socket timeout is 10 minutes, long enough for a hung send to outlive
    // its claim and be sent twice.
    const url = config.smtpUrl;
    const smtp = lazily((nodemailer) =>
      nodemailer.createTransport(
        {
          url,
          pool: true,
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        },
        defaults,
      ),
    );
    return {
      send: async (message) => {
        await (await smtp.get()).sendMail(toNodemailer(message));
      },
      close: () => smtp.close(),
    };
  }
  const folder = path.join(config.dataDir, 'mail');
  const stream = lazily((nodemailer) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true }, defaults),
  );
  return {
    send: async (message) => {
      const info = await (await stream.get()).sendMail(toNodemailer(message));
      await mkdir(folder, { recursive: true });
      // Colons are not allowed in Windows file names; the name still sorts by time.
      const stamp = new Date().toISOString().replace(/:/g, '-');
      const file = path.join(folder, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      await writeFile(file, info.message as Buffer);
      log.info({ file }, 'development mail written');
      print(devMailNotice(message, color));
    },
    close: () => stream.close(),
  };
}

/** No text a user typed may start a header of its own: line breaks become spaces. */
export const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

/**
 * Address objects let nodemailer encode names (quotes, commas, non-ASCII) in the headers.
 * Extra headers are passed "prepared" so nodemailer does not fold them: RFC 8058 wants
 * List-Unsubscribe and List-Unsubscribe-Post each on one line.
 */
export function toNodemailer(message: MailMessage) {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([k, v]) => [
      oneLine(k),
      { prepared: true, value: oneLine(v) },
    ]),
  );
  return {
    from: message.from,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    to: { name: oneLine(message.to.name ?? ''), address: oneLine(message.to.address) },
    subject: oneLine(message.subject),
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    headers,
    ...(message.messageId ? { messageId: message.messageId } : {}),
    ...(message.date ? { date: message.date } : {}),
    ...(message.attachments?.length
      ? {
          attachments: message.attachments.map((a) => ({
            filename: oneLine(a.filename),
            contentType: a.contentType,
            content: a.content,
          })),
        }
      : {}),
  };
}

/** The sign-in links in a text body: what a developer needs to sign in without a mail server. */
export function authLinks(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"']+\/auth\/[^\s<>"']*/g) ?? [];
  return [...new Set(found)];
}
