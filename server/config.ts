// The environment, read and validated once. Nothing else in the code reads process.env:
// everything downstream receives this typed object, so tests can build any configuration.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

export interface Config {
  port: number;
  host: string;
  baseUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  contentDir: string;
  smtpUrl: string | null;
  mailFrom: string;
  /** Where replies to Salon's mail go (e.g. the organisers); none by default. */
  mailReplyTo: string | null;
  mailLeaseMs: number;
  /** Admins; on the embedded database this includes `demoAdmin`. */
  adminEmails: string[];
  /** The embedded demo's admin (DEMO_ADMIN); null on PostgreSQL, where there is no demo. */
  demoAdmin: string | null;
  env: 'development' | 'production' | 'test';
  /** Whether the browser reaches us over HTTPS (decides Secure cookies and CSP upgrades). */
  secure: boolean;
  logLevel: string;
  /**
   * Which proxies may say who the client is (X-Forwarded-For): none (the socket's address
   * counts), the nearest `n` hops, or these addresses and ranges. Passed to Fastify.
   */
  trustProxy: false | number | string[];
  /** How long an e-mailed sign-in link works. */
  signInLinkMinutes: number;
  /** Sign-in and enrolment mails allowed per hour, per address and per client address. */
  mailLimitPerAddress: number;
  mailLimitPerIp: number;
  /** At most one comment, reply or wall post per this many seconds per learner. */
  postIntervalSeconds: number;
  likesPerDay: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const optional = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s);

const urlWithProtocols = (protocols: string[], expected: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected ${expected}` },
  );

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const emailList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((list) => list.every((e) => emailPattern.test(e)), {
    message:
      'expected a comma-separated list of e-mail addresses, e.g. ann@example.org,bo@example.org',
  });

const positiveInt = (fallback: number, what: string) =>
  z.coerce
    .number({ message: `expected ${what}` })
    .int(`expected ${what}`)
    .min(1, `expected ${what}`)
    .max(100_000, `expected ${what}`)
    .default(fallback);

const trustProxyMessage =
  'expected a number of proxy hops such as 1, or a comma-separated list of proxy addresses ' +
  'or ranges such as 10.0.0.1,192.168.0.0/16 (unset: trust no proxy)';

/** proxy-addr's names for whole ranges, which Fastify accepts too. */
const rangeNames = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (rangeNames.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .transform((s, ctx): number | string[] => {
    const value = s.trim();
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const list = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (!list.length || !list.every(isAddressOrRange)) {
      ctx.addIssue({ code: 'custom', message: trustProxyMessage });
      return z.NEVER;
    }
    return list;
  })
  .optional();

const schema = z.object({
  PORT: z.coerce
    .number({ message: 'expected a port number between 1 and 65535' })
    .int('expected a whole number between 1 and 65535')
    .min(1, 'expected a port number between 1 and 65535')
    .max(65535, 'expected a port number between 1 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('localhost'),
  BASE_URL: urlWithProtocols(
    ['http:', 'https:'],
    'an http(s) URL such as https://salon.example.org',
  ).optional(),
  DATABASE_URL: urlWithProtocols(
    ['postgres:', 'postgresql:'],
    'a PostgreSQL URL such as postgres://user:password@host:5432/salon',
  ).optional(),
  DATA_DIR: z.string().default('./data'),
  CONTENT_DIR: z.string().default('./content'),
  SMTP_URL: urlWithProtocols(
    ['smtp:', 'smtps:'],
    'an SMTP URL such as smtps://user:password@mail.example.org:465',
  ).optional(),
  MAIL_FROM: z.string().min(3).default('Salon <salon@localhost>'),
  MAIL_REPLY_TO: z.string().min(3).optional(),
  /** How long a worker's claim on a batch lasts before another worker may take it over. */
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  ADMIN_EMAILS: emailList.default([]),
  DEMO_ADMIN: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .refine((e) => emailPattern.test(e), {
      message: 'expected one e-mail address, e.g. admin@example.org',
    })
    .optional(),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      message: 'expected one of development, production, test',
    })
    .default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
  SIGN_IN_LINK_MINUTES: positiveInt(15, 'a number of minutes such as 15'),
  MAIL_LIMIT_PER_ADDRESS: positiveInt(5, 'a whole number of mails per hour such as 5'),
  MAIL_LIMIT_PER_IP: positiveInt(20, 'a whole number of mails per hour such as 20'),
  // 0 turns the posting limit off (load tests only).
  POST_INTERVAL_SECONDS: z.coerce
    .number({ message: 'expected a number of seconds such as 10 (0: no limit)' })
    .int('expected a number of seconds such as 10 (0: no limit)')
    .min(0, 'expected a number of seconds such as 10 (0: no limit)')
    .max(86_400, 'expected a number of seconds such as 10 (0: no limit)')
    .default(10),
  LIKES_PER_DAY: positiveInt(50, 'a whole number of likes such as 50'),
  TRUST_PROXY: trustProxy,
});

/** Reads the environment; throws ConfigError naming every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, optional(env[k])]));
  const parsed = schema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      problems.push(`${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const v = parsed.data;
  if (v.NODE_ENV === 'production' && !v.BASE_URL) {
    problems.push(
      'BASE_URL is missing: production needs the public address, e.g. https://salon.example.org',
    );
  }
  if (v.DATABASE_URL && v.DEMO_ADMIN) {
    problems.push(
      'DEMO_ADMIN is only for the embedded demo, which never runs with DATABASE_URL: name admins in ADMIN_EMAILS instead',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  // The embedded database is the demo: its admin can look inside every cohort at once.
  const demoAdmin = v.DATABASE_URL ? null : (v.DEMO_ADMIN ?? 'admin@example.org');
  const baseUrl = (v.BASE_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, '');
  return {
    port: v.PORT,
    host: v.HOST,
    baseUrl,
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir: path.resolve(v.DATA_DIR),
    contentDir: path.resolve(v.CONTENT_DIR),
    smtpUrl: v.SMTP_URL ?? null,
    mailFrom: v.MAIL_FROM,
    mailReplyTo: v.MAIL_REPLY_TO ?? null,
    mailLeaseMs: v.MAIL_LEASE_SECONDS * 1000,
    adminEmails:
      demoAdmin && !v.ADMIN_EMAILS.includes(demoAdmin)
        ? [...v.ADMIN_EMAILS, demoAdmin]
        : v.ADMIN_EMAILS,
    demoAdmin,
    env: v.NODE_ENV,
    secure: baseUrl.startsWith('https:'),
    logLevel: v.LOG_LEVEL ?? (v.NODE_ENV === 'test' ? 'silent' : 'info'),
    // 0 hops is the same as trusting nobody.
    trustProxy: v.TRUST_PROXY === undefined || v.TRUST_PROXY === 0 ? false : v.TRUST_PROXY,
    signInLinkMinutes: v.SIGN_IN_LINK_MINUTES,
    mailLimitPerAddress: v.MAIL_LIMIT_PER_ADDRESS,
    mailLimitPerIp: v.MAIL_LIMIT_PER_IP,
    postIntervalSeconds: v.POST_INTERVAL_SECONDS,
    likesPerDay: v.LIKES_PER_DAY,
  };
}
