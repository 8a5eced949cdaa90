// The mails circles send: the offer to a circle that fell below three active members (merge
// with another small circle, or stay), and the news of a merge to everyone it touches. Each is
// queued once per circle and member (the idempotency key), so two ticks at once send it once.
import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Circle } from '../../db/schema.ts';
import { users } from '../../db/schema.ts';
import type { CohortContext } from '../core/context.ts';
import { mailMembers } from '../core/member-mail.ts';
import { cohortTitle } from '../core/model.ts';
import { absolute, paths } from '../core/paths.ts';
import { unsubscribeUrl } from '../core/unsubscribe-links.ts';
import { isLocale } from '../i18n/index.ts';

async function mailSome(
  app: FastifyInstance,
  context: CohortContext,
  userIds: number[],
  mail: { name: 'circle-offer' | 'circle-merged'; key: string; circle: Circle; into?: Circle },
) {
  if (userIds.length === 0) return;
  const { cohort, course } = context;
  const shown = mail.into ?? mail.circle;
  const circleUrl = absolute(app.config.baseUrl, paths.circle(cohort.slug, shown.id));
  await mailMembers(app, {
    cohortId: cohort.id,
    audience: 'everyone',
    where: inArray(users.id, userIds),
    compose: (user) => ({
      key: `${mail.key}:${user.id}`,
      kind: mail.name,
      ...app.renderMail(
        mail.name,
        isLocale(user.locale) ? user.locale : course.language,
        {
          key:
            mail.name === 'circle-offer'
              ? 'circles.mail.offerSubject'
              : 'circles.mail.mergedSubject',
          params: { number: shown.number },
        },
        {
          name: user.name,
          course: cohortTitle(cohort, course),
          number: mail.circle.number,
          into: mail.into?.number ?? null,
          circleUrl,
          oldUrl: absolute(app.config.baseUrl, paths.circle(cohort.slug, mail.circle.id)),
          settingsUrl: absolute(app.config.baseUrl, paths.settings()),
          unsubscribeUrl: unsubscribeUrl(app, user.id),
        },
      ),
    }),
  });
}

export const mailOffer = (
  app: FastifyInstance,
  context: CohortContext,
  circle: Circle,
  ids: number[],
) =>
  mailSome(app, context, ids, { name: 'circle-offer', key: `circle-offer:${circle.id}`, circle });

export const mailMerged = (
  app: FastifyInstance,
  context: CohortContext,
  circle: Circle,
  into: Circle,
  ids: number[],
) =>
  mailSome(app, context, ids, {
    name: 'circle-merged',
    key: `circle-merged:${circle.id}`,
    circle,
    into,
  });
