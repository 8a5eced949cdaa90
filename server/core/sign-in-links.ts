// E-mailed sign-in links: rate-limit the request, store the hash of a fresh token with its
// purpose, and queue the mail. Unknown addresses get a mail too ("no account yet"), so the
// page, the timing and the rate limit look the same whether or not an address is known.
// Admins and course organisers get a real link before they have an account: they cannot
// enrol their way in (there may be no cohort yet), and enrolling would make them a learner.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import type { Locale } from '../i18n/index.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { RenderedMail } from '../mail/templates.ts';
import { createSignInToken, findUserByEmail } from './accounts.ts';
import { cohortTitle } from './model.ts';
import { absolute, paths } from './paths.ts';
import { consumeRateLimits } from './rate.ts';
import { isStaffEmail, nameFromEmail } from './staff.ts';
import { generateToken, hashToken } from './tokens.ts';

const hour = 60 * 60 * 1000;

export type LinkRequest =
  | { purpose: 'sign-in'; email: string; locale: Locale; next: string | null }
  | {
      purpose: 'enrol';
      email: string;
      name: string;
      locale: Locale;
      cohort: Cohort;
      course: Course;
      /** An invited co-organiser: following the link enrols with this role. */
      role?: 'organiser';
      /** Another mail than the standard enrolment mail (e.g. an invitation). */
      mail?: (url: string, minutes: number) => RenderedMail;
      /** How long the link works, when not the configured sign-in lifetime. */
      minutes?: number;
    };

/** Queues the mail; 'limited' when this address or client asked too often (nothing sent). */
export async function sendLink(
  app: FastifyInstance,
  request: FastifyRequest,
  link: LinkRequest,
): Promise<'sent' | 'limited'> {
  const now = app.clock();
  const limited = await consumeRateLimits(
    app.db,
    [
      { key: `mail:address:${link.email}`, max: app.config.mailLimitPerAddress, windowMs: hour },
      { key: `mail:ip:${request.ip}`, max: app.config.mailLimitPerIp, windowMs: hour },
    ],
    now,
  );
  if (!limited.ok) return 'limited';

  const user = await findUserByEmail(app.db, link.email);
  const minutes =
    (link.purpose === 'enrol' ? link.minutes : undefined) ?? app.config.signInLinkMinutes;
  const token = generateToken();
  const tokenHash = hashToken(token);
  const url = absolute(app.config.baseUrl, paths.signInLink(token));
  let mail: ReturnType<typeof app.renderMail>;
  let kind: string = link.purpose;

  if (link.purpose === 'enrol') {
    await createSignInToken(app.db, {
      tokenHash,
      purpose: 'enrol',
      email: link.email,
      cohortId: link.cohort.id,
      name: link.name || null,
      locale: link.locale,
      role: link.role ?? null,
      expiresAt: new Date(now.getTime() + minutes * 60_000),
    });
    mail = link.mail
      ? link.mail(url, minutes)
      : app.renderMail(
          'enrol',
          link.locale,
          { key: 'mail.enrolSubject', params: { course: cohortTitle(link.cohort, link.course) } },
          {
            name: link.name,
            url,
            minutes,
            course: cohortTitle(link.cohort, link.course),
            slug: link.cohort.slug,
          },
        );
  } else if (user || isStaffEmail(app, link.email)) {
    const locale = user ? (user.locale === 'en' ? 'en' : 'nl') : link.locale;
    await createSignInToken(app.db, {
      tokenHash,
      purpose: 'sign-in',
      email: link.email,
      locale,
      next: link.next,
      expiresAt: new Date(now.getTime() + minutes * 60_000),
    });
    mail = app.renderMail(
      'sign-in',
      locale,
      { key: 'mail.signInSubject' },
      { name: user?.name ?? nameFromEmail(link.email), url, minutes },
    );
  } else {
    kind = 'no-account';
    mail = app.renderMail(
      'no-account',
      link.locale,
      { key: 'mail.noAccountSubject' },
      { url: absolute(app.config.baseUrl, paths.home()) },
    );
  }

  await enqueueMail(
    app.db,
    {
      key: `${kind}:${tokenHash}`,
      kind,
      to: { address: link.email, name: (link.purpose === 'enrol' && link.name) || user?.name },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      userId: user?.id ?? null,
      sensitive: kind !== 'no-account',
    },
    now,
  );
  app.mailer.nudge();
  return 'sent';
}
