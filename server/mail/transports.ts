// How a mail leaves the process: real SMTP, or (without SMTP_URL) .eml files plus a console line.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface MailMessage {
  from: string;
  to: { name?: string | null; address: string };
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
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

export function createTransport(
  config: Pick<Config, 'smtpUrl' | 'dataDir' | 'mailFrom'>,
  log: MailLog,
  print: (line: string) => void = console.log,
): MailTransport {
  // mailFrom is the default sender, so a message is never composed without a From header.
  const defaults = { from: config.mailFrom };
  if (config.smtpUrl) {
    // A pool keeps the connection open across a batch (a digest is hundreds of mails);
    // ?pool=false in SMTP_URL still wins, since the URL's options override these.
    const smtp = nodemailer.createTransport({ url: config.smtpUrl, pool: true }, defaults);
    return {
      send: async (message) => {
        await smtp.sendMail(toNodemailer(message));
      },
      close: () => smtp.close(),
    };
  }
  const folder = path.join(config.dataDir, 'mail');
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true }, defaults);
  return {
    send: async (message) => {
      const info = await stream.sendMail(toNodemailer(message));
      await mkdir(folder, { recursive: true });
      // Colons are not allowed in Windows file names; the name still sorts by time.
      const stamp = new Date().toISOString().replace(/:/g, '-');
      const file = path.join(folder, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      await writeFile(file, info.message as Buffer);
      log.info({ file }, 'development mail written');
      const links = authLinks(message.text);
      print(
        `Mail to ${message.to.address}: ${JSON.stringify(message.subject)}${links.map((l) => ` → ${l}`).join('')}`,
      );
    },
    close: () => stream.close(),
  };
}

/** Address objects let nodemailer encode names (quotes, commas, non-ASCII) in the headers. */
function toNodemailer(message: MailMessage) {
  return {
    from: message.from,
    to: { name: message.to.name ?? '', address: message.to.address },
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    ...(message.headers ? { headers: message.headers } : {}),
  };
}

/** The sign-in links in a text body: what a developer needs to sign in without a mail server. */
export function authLinks(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"']+\/auth\/[^\s<>"']*/g) ?? [];
  return [...new Set(found)];
}
