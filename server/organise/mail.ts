// The invitation for a co-organiser: a sign-in and enrolment link with a few words on what
// organising means. Its templates live with the feature (views/organise/emails/).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Cohort } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import type { Locale } from '../i18n/index.ts';
import { createMailRenderer, type MailRenderer } from '../mail/templates.ts';

const views = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views/organise');
const renderers = new Map<boolean, MailRenderer>();

function renderer(production: boolean): MailRenderer {
  let render = renderers.get(production);
  if (!render) {
    render = createMailRenderer(views, production);
    renderers.set(production, render);
  }
  return render;
}

export function inviteMail(
  app: FastifyInstance,
  invite: { locale: Locale; name: string; inviter: string; cohort: Cohort; course: Course },
) {
  const render = renderer(app.config.env === 'production');
  const { locale, name, inviter, cohort, course } = invite;
  return (url: string, minutes: number) =>
    render(
      'invite',
      locale,
      { key: 'organise.invite.subject', params: { course: course.title } },
      { name, inviter, url, minutes, course: course.title, cohortName: cohort.name },
    );
}
