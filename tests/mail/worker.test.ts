import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AddressObject, ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { outbox, rateEvents } from '../../db/schema.ts';
import { claimDueMail, enqueueMail, type OutgoingMail } from '../../server/mail/outbox.ts';
import {
  createTransport,
  devMailNotice,
  type MailLog,
  type MailMessage,
  type MailTransport,
} from '../../server/mail/transports.ts';
import { createMailer } from '../../server/mail/worker.ts';
import { createTestDatabase, resetDatabase } from '../helpers/db.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FROM = 'Salon <salon@example.org>';

let database: Database;
let sink: SmtpSink;
let smtp: MailTransport;
let now: Date;
const clock = () => now;
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

function recordingLog() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const log: MailLog = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
  return { log, lines };
}

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  smtp = createTransport(
    { smtpUrl: sink.url, dataDir: '/nonexistent', mailFrom: FROM },
    recordingLog().log,
  );
});
afterAll(async () => {
  smtp.close();
  await sink.close();
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  sink.clear();
  now = new Date('2026-03-02T09:00:00.000Z');
});

const mail = (key: string, extra: Partial<OutgoingMail> = {}): OutgoingMail => ({
  key,
  kind: 'test',
  to: { address: `${key}@example.org` },
  subject: `Subject ${key}`,
  text: `Text ${key}`,
  ...extra,
});

const mailer = (
  transport: MailTransport,
  log = recordingLog().log,
  maxAttempts = 8,
  sendsInFlight?: number,
) =>
  createMailer({ db: database.db, transport, from: FROM, clock, log, maxAttempts, sendsInFlight });

async function row(key: string) {
  const [found] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
  if (!found) throw new Error(`no outbox row ${key}`);
  return found;
}

/** A transport that takes 20 ms a mail, and remembers the most sends it had at once. */
function slowTransport() {
  let active = 0;
  let most = 0;
  const sent: string[] = [];
  const slow: MailTransport = {
    send: async (message: MailMessage) => {
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      sent.push(message.to.address);
      active--;
    },
    close: () => {},
  };
  return { slow, sent, maxActive: () => most };
}

const firstTo = (m: ParsedMail) => (m.to as AddressObject).value[0];
const recipients = (messages: ParsedMail[]) =>
  messages.map((m) => firstTo(m)?.address ?? '').toSorted();

describe('the mail worker over SMTP', () => {
  it('delivers a queued mail with encoded name, both parts and extra headers', async () => {
    await enqueueMail(
      database.db,
      mail('zoe', {
        to: { address: 'zoe@example.org', name: 'Zoë Ångström' },
        subject: 'Welkom bij “Salon”',
        text: 'Hallo Zoë,\nwelkom.',
        html: '<p>Hallo Zoë, welkom.</p>',
        headers: {
          'List-Unsubscribe': '<https://salon.example.org/unsubscribe/abc>',
          'X-Salon-Kind': 'welcome',
        },
      }),
      now,
    );
    expect(await mailer(smtp).deliverDue()).toBe(1);

    const [received] = await sink.waitFor(1);
    if (!received) throw new Error('no message');
    expect(firstTo(received)).toEqual({ address: 'zoe@example.org', name: 'Zoë Ångström' });
    // On the wire the name is an RFC 2047 encoded word, never raw UTF-8.
    const toLine = received.headerLines.find((h) => h.key === 'to')?.line ?? '';
    expect(toLine).toMatch(/^To: =\?UTF-8\?[BQ]\?.+\?= <zoe@example\.org>$/);
    expect(toLine).not.toContain('Zoë');
    expect(received.from?.value[0]).toEqual({ address: 'salon@example.org', name: 'Salon' });
    expect(received.subject).toBe('Welkom bij “Salon”');
    expect(received.text?.trim()).toBe('Hallo Zoë,\nwelkom.');
    expect(received.html).toBe('<p>Hallo Zoë, welkom.</p>');
    expect(received.headers.get('list')).toEqual({
      unsubscribe: { url: 'https://salon.example.org/unsubscribe/abc' },
    });
    expect(received.headers.get('x-salon-kind')).toBe('welcome');

    const stored = await row('zoe');
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, textBody: 'Hallo Zoë,\nwelkom.' });
    expect(stored.sentAt).toEqual(now);
  });

  it('blanks a sensitive body once it has been sent', async () => {
    const link = 'http://localhost:3000/auth/secret-token';
    await enqueueMail(
      database.db,
      mail('link', {
        text: `Sign in: ${link}`,
        html: `<a href="${link}">Sign in</a>`,
        sensitive: true,
      }),
      now,
    );
    expect(await mailer(smtp).deliverDue()).toBe(1);
    const [received] = await sink.waitFor(1);
    expect(received?.text).toContain(link);
    expect(await row('link')).toMatchObject({ status: 'sent', textBody: '', htmlBody: null });
  });

  it('retries a failing mail with backoff and gives up after the last attempt, sending the rest', async () => {
    let failures = 0;
    const flaky: MailTransport = {
      send: async (message) => {
        if (message.to.address === 'broken@example.org') {
          failures++;
          throw new Error('550 mailbox unavailable');
        }
        await smtp.send(message);
      },
      close: () => {},
    };
    const { log, lines } = recordingLog();
    const worker = mailer(flaky, log, 3);
    await enqueueMail(database.db, mail('a'), now);
    await enqueueMail(database.db, mail('broken', { text: 'SECRET BODY' }), now);
    await enqueueMail(database.db, mail('c'), now);

    expect(await worker.deliverDue()).toBe(2);
    expect(recipients(await sink.waitFor(2))).toEqual(['a@example.org', 'c@example.org']);
    let broken = await row('broken');
    expect(broken).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
    expect(broken.lastError).toBe('550 mailbox unavailable');
    expect(broken.nextAttemptAt).toEqual(new Date(now.getTime() + MINUTE));
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain('SECRET BODY');

    // Not due yet: nothing is tried.
    advance(MINUTE - 1);
    expect(await worker.deliverDue()).toBe(0);
    expect(failures).toBe(1);

    advance(1);
    expect(await worker.deliverDue()).toBe(0);
    broken = await row('broken');
    expect(broken).toMatchObject({ status: 'pending', attempts: 2 });
    expect(broken.nextAttemptAt).toEqual(new Date(now.getTime() + 5 * MINUTE));

    advance(5 * MINUTE);
    expect(await worker.deliverDue()).toBe(0);
    expect((await row('broken')).status).toBe('failed');
    expect(failures).toBe(3);

    advance(DAY);
    expect(await worker.deliverDue()).toBe(0);
    expect(failures).toBe(3);
    expect(sink.messages).toHaveLength(2);
  });

  it('fails at once when the server refuses the address for good (5xx), sending the rest', async () => {
    const strict = await startSmtpSink({ reject: (a) => a.startsWith('gone@') });
    const transport = createTransport(
      { smtpUrl: strict.url, dataDir: '/nonexistent', mailFrom: FROM },
      recordingLog().log,
    );
    try {
      await enqueueMail(database.db, mail('gone'), now);
      await enqueueMail(database.db, mail('here'), now);
      expect(await mailer(transport).deliverDue()).toBe(1);
      expect(await row('gone')).toMatchObject({ status: 'failed', attempts: 1 });
      expect((await row('gone')).lastError).toContain('No such mailbox');
      expect(await row('here')).toMatchObject({ status: 'sent' });
      expect((await strict.waitFor(1)).map((m) => m.subject)).toEqual(['Subject here']);
    } finally {
      transport.close();
      await strict.close();
    }
  });

  it('sends a stable Message-ID, a Date, Reply-To and attachments', async () => {
    await enqueueMail(
      database.db,
      mail('ics', {
        attachments: [
          { filename: 'invite.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' },
        ],
      }),
      now,
    );
    const worker = createMailer({
      db: database.db,
      transport: smtp,
      from: FROM,
      replyTo: 'team@example.org',
      clock,
      log: recordingLog().log,
    });
    expect(await worker.deliverDue()).toBe(1);
    const [received] = await sink.waitFor(1);
    expect(received?.messageId).toMatch(/^<\d+\.[0-9a-f]{12}@example\.org>$/);
    expect(received?.date).toEqual(now);
    expect(received?.replyTo?.value[0]?.address).toBe('team@example.org');
    expect(received?.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['invite.ics', 'BEGIN:VCALENDAR'],
    ]);
  });

  it('takes over mail claimed by a worker that crashed once its lock expires', async () => {
    await enqueueMail(database.db, mail('orphan'), now);
    await claimDueMail(database.db, now, 10, 5 * MINUTE); // that worker never finishes
    const worker = createMailer({
      db: database.db,
      transport: smtp,
      from: FROM,
      clock,
      log: recordingLog().log,
      lockMs: 5 * MINUTE,
    });
    advance(4 * MINUTE);
    expect(await worker.deliverDue()).toBe(0);
    advance(2 * MINUTE);
    expect(await worker.deliverDue()).toBe(1);
    expect(recipients(await sink.waitFor(1))).toEqual(['orphan@example.org']);
    expect(await row('orphan')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('keeps going until nothing is due, batch after batch', async () => {
    for (let i = 0; i < 7; i++) await enqueueMail(database.db, mail(`b${i}`), now);
    const worker = createMailer({
      db: database.db,
      transport: smtp,
      from: FROM,
      clock,
      log: recordingLog().log,
      batchSize: 3,
    });
    expect(await worker.deliverDue()).toBe(7);
    expect(await sink.waitFor(7)).toHaveLength(7);
  });
});

describe('scheduling runs', () => {
  it('never runs twice at once in one process, and catches up on mail queued meanwhile', async () => {
    const { slow, sent, maxActive } = slowTransport();
    // One send at a time, so a second run alongside would show as two sends at once.
    const worker = mailer(slow, undefined, 8, 1);
    for (const key of ['a', 'b', 'c']) await enqueueMail(database.db, mail(key), now);
    const first = worker.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await enqueueMail(database.db, mail('late'), now);
    const results = await Promise.all([first, worker.deliverDue(), worker.deliverDue()]);

    expect(maxActive()).toBe(1);
    expect(sent.toSorted()).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
      'late@example.org',
    ]);
    expect(results[0] + (results[1] ?? 0)).toBe(4);
    expect(results[2]).toBe(results[1]); // the two waiting callers shared one run
  });

  it('has a few sends in flight at once, and sends each mail once', async () => {
    const { slow, sent, maxActive } = slowTransport();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const key of keys) await enqueueMail(database.db, mail(key), now);
    expect(await mailer(slow, undefined, 8, 3).deliverDue()).toBe(keys.length);
    expect(maxActive()).toBe(3);
    expect(sent.toSorted()).toEqual(keys.map((k) => `${k}@example.org`));
    for (const key of keys) expect((await row(key)).status).toBe('sent');
  });

  it('sends soon after a nudge, on its interval after start, and not after stop', async () => {
    const worker = mailer(smtp);
    await enqueueMail(database.db, mail('nudged'), now);
    worker.nudge();
    worker.nudge();
    expect(recipients(await sink.waitFor(1))).toEqual(['nudged@example.org']);

    worker.start(20);
    await enqueueMail(database.db, mail('ticked'), now);
    expect(recipients(await sink.waitFor(2))).toEqual(['nudged@example.org', 'ticked@example.org']);

    await worker.stop();
    await enqueueMail(database.db, mail('after-stop'), now);
    worker.nudge();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.messages).toHaveLength(2);
    expect((await row('after-stop')).status).toBe('pending');
  });

  it('stop waits for the run in flight', async () => {
    let finished = false;
    const slow: MailTransport = {
      send: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        finished = true;
      },
      close: () => {},
    };
    const worker = mailer(slow);
    await enqueueMail(database.db, mail('slow'), now);
    worker.nudge();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop();
    expect(finished).toBe(true);
    expect((await row('slow')).status).toBe('sent');
  });

  it('prunes old sent mail and rate events at most once an hour', async () => {
    const worker = mailer(smtp);
    const seed = async () => {
      await enqueueMail(database.db, mail(`old-${now.getTime()}`), now);
      await database.db
        .update(outbox)
        .set({ status: 'sent', sentAt: new Date(now.getTime() - 31 * DAY) });
      await database.db.insert(rateEvents).values([
        { key: 'k', at: new Date(now.getTime() - 3 * DAY) },
        { key: 'k', at: new Date(now.getTime() - DAY) },
      ]);
    };
    const counts = async () => ({
      outbox: (await database.db.select().from(outbox)).length,
      rateEvents: (await database.db.select().from(rateEvents)).length,
    });

    await seed();
    await worker.deliverDue();
    expect(await counts()).toEqual({ outbox: 0, rateEvents: 1 });

    advance(59 * MINUTE);
    await seed();
    await worker.deliverDue();
    expect(await counts()).toEqual({ outbox: 1, rateEvents: 3 });

    advance(2 * MINUTE);
    await worker.deliverDue();
    expect(await counts()).toEqual({ outbox: 0, rateEvents: 2 });
  });
});

describe('the development transport', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'salon-mail-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('writes a parseable .eml and prints the sign-in link', async () => {
    const printed: string[] = [];
    const { log, lines } = recordingLog();
    const transport = createTransport({ smtpUrl: null, dataDir, mailFrom: FROM }, log, (line) =>
      printed.push(line),
    );
    await transport.send({
      from: FROM,
      to: { name: 'Ann "the tester", Jr.', address: 'ann@example.org' },
      subject: 'Your sign-in link',
      text: 'Hello,\n\nhttp://localhost:3000/auth/abc123\n\nSee https://example.org/about too.',
      html: '<p><a href="http://localhost:3000/auth/abc123">Sign in</a></p>',
    });
    transport.close();

    // Set apart by blank lines, the link alone on its line; no colour codes outside a terminal.
    expect(printed).toEqual([
      '\n✉  Mail to ann@example.org: "Your sign-in link"\n   → http://localhost:3000/auth/abc123\n',
    ]);
    const files = await readdir(path.join(dataDir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-[0-9a-f]+\.eml$/);
    const parsed = await simpleParser(await readFile(path.join(dataDir, 'mail', files[0] ?? '')));
    expect(firstTo(parsed)).toEqual({ address: 'ann@example.org', name: 'Ann "the tester", Jr.' });
    expect(parsed.subject).toBe('Your sign-in link');
    expect(parsed.text).toContain('http://localhost:3000/auth/abc123');
    expect(parsed.html).toContain('href="http://localhost:3000/auth/abc123"');
    expect(lines.some((l) => JSON.stringify(l.obj).includes(files[0] ?? '?'))).toBe(true);
  });

  it('makes the notice stand out in colour on a terminal', () => {
    const notice = devMailNotice(
      {
        from: FROM,
        to: { address: 'ann@example.org' },
        subject: 'Sign in',
        text: 'http://localhost:3000/auth/abc http://localhost:3000/auth/abc',
      },
      true,
    );
    expect(notice).toBe(
      '\n\x1b[1;33m✉  Mail to ann@example.org: "Sign in"\x1b[0m\n   → \x1b[1;36mhttp://localhost:3000/auth/abc\x1b[0m\n',
    );
  });
});
