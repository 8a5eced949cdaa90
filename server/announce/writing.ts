// "Writing a room": the content format, for whoever writes course content. Organisers of any
// cohort see it (a course organiser, an organiser enrolment, or an admin); other signed-in
// users get a 403, anonymous visitors are sent to sign in. The text lives as Markdown in
// views/announce/writing-a-room.<locale>.md and is rendered once per language.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderMarkdown } from '../content/markdown.ts';
import { requireUser } from '../core/access.ts';
import { organisesSomewhere } from '../core/staff.ts';
import { notAllowedPage } from '../http/errors.ts';
import { type Locale, locales } from '../i18n/index.ts';

const views = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views/announce');

export function loadGuide(locale: Locale): string {
  return renderMarkdown(readFileSync(path.join(views, `writing-a-room.${locale}.md`), 'utf8'));
}

/** Someone who writes or runs a course somewhere: the guide is for them. */
export function writesContent(app: FastifyInstance, request: FastifyRequest): boolean {
  return organisesSomewhere(app, request);
}

export default async function writingRoutes(app: FastifyInstance) {
  const guides = new Map(locales.map((l) => [l, loadGuide(l)]));
  app.addHook('preHandler', requireUser);

  app.get('/organise/writing-a-room', async (request, reply) => {
    if (!writesContent(app, request)) return notAllowedPage(reply);
    return reply.page('announce/writing-a-room', {
      title: 'announce.writing.title',
      guideHtml: guides.get(request.locale) ?? '',
    });
  });
}
