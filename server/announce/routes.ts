// Announcements for organisers: write one (urgent ones are mailed to every member at once),
// see the earlier ones, edit or delete one. Members read them on the cohort home and in the digest.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type Membership,
  memberOf,
  requireMember,
  requireOrganiser,
  userOf,
} from '../core/access.ts';
import { errorList } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { renderBody } from '../core/render.ts';
import { NotFoundError, notFoundPage } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import {
  type AnnouncementErrors,
  type AnnouncementForm,
  checkAnnouncement,
  emptyForm,
  fieldOrder,
  titleMax,
} from './forms.ts';
import { mailAnnouncement } from './mail.ts';
import {
  createAnnouncement,
  deleteAnnouncement,
  findAnnouncement,
  listAnnouncements,
  updateAnnouncement,
} from './queries.ts';

type CohortParams = { cohort: string };
type ItemParams = CohortParams & { id: string };
const schema = params({ cohort: slugParam });
const itemSchema = params({ cohort: slugParam, id: idParam });
/** The organiser's list; older ones stay in the database but off the page. */
const listed = 100;

async function renderPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  state: { form?: AnnouncementForm; errors?: AnnouncementErrors; status?: number } = {},
) {
  const { cohort, course } = member;
  const errors = state.errors ?? {};
  return reply.page(
    'announce/organise',
    {
      title: 'announce.organiseTitle',
      cohort,
      course,
      form: state.form ?? emptyForm(),
      errors,
      errorList: errorList(errors, fieldOrder),
      titleMax,
      announcements: await listAnnouncements(app.db, cohort.id, listed),
    },
    { status: state.status ?? 200, locale: request.localeFor(course.language) },
  );
}

/** The edit page; a 404 when the announcement is not this cohort's. */
async function renderEdit(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  id: number,
  state: { form?: AnnouncementForm; errors?: AnnouncementErrors; status?: number } = {},
) {
  const { cohort, course } = member;
  const announcement = await findAnnouncement(app.db, cohort.id, id);
  if (!announcement) throw new NotFoundError();
  const errors = state.errors ?? {};
  return reply.page(
    'announce/edit',
    {
      title: 'announce.editTitle',
      cohort,
      course,
      announcement,
      form: state.form ?? {
        title: announcement.title,
        body: announcement.bodyMd,
        urgent: announcement.urgent,
      },
      errors,
      errorList: errorList(errors, fieldOrder),
      titleMax,
    },
    { status: state.status ?? 200, locale: request.localeFor(course.language) },
  );
}

export default async function announceRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireMember(app));
  app.addHook('preHandler', requireOrganiser);
  const withCsrf = { preHandler: app.csrfProtection };

  app.get<{ Params: CohortParams }>(
    '/c/:cohort/organise/announcements',
    { schema },
    (request, reply) => renderPage(app, request, reply, memberOf(request)),
  );

  app.post<{ Params: CohortParams; Body: Record<string, unknown> }>(
    '/c/:cohort/organise/announcements',
    { schema, ...withCsrf },
    async (request, reply) => {
      const member = memberOf(request);
      const { form, errors, values } = checkAnnouncement(request.body ?? {});
      if (!values) return renderPage(app, request, reply, member, { form, errors, status: 422 });
      const announcement = await createAnnouncement(app.db, {
        cohortId: member.cohort.id,
        authorId: member.userId,
        title: values.title,
        bodyMd: values.bodyMd,
        bodyHtml: renderBody(values.bodyMd),
        urgent: values.urgent,
        now: app.clock(),
      });
      if (announcement.urgent) {
        const { members } = await mailAnnouncement(app, announcement, member, {
          authorName: userOf(request).name,
        });
        reply.flash({
          key: members === 1 ? 'announce.flash.mailed.one' : 'announce.flash.mailed.other',
          params: { count: members },
        });
      } else {
        reply.flash({ key: 'announce.flash.published' });
      }
      return reply.redirect(paths.desk(member.cohort.slug, 'announcements'), 303);
    },
  );

  app.get<{ Params: ItemParams }>(
    '/c/:cohort/organise/announcements/:id/edit',
    { schema: itemSchema },
    (request, reply) =>
      renderEdit(app, request, reply, memberOf(request), Number(request.params.id)),
  );

  // Saving an edit: the same checks as a new one; urgency (and a mail already sent) stays.
  app.post<{ Params: ItemParams; Body: Record<string, unknown> }>(
    '/c/:cohort/organise/announcements/:id',
    { schema: itemSchema, ...withCsrf },
    async (request, reply) => {
      const member = memberOf(request);
      const id = Number(request.params.id);
      const { form, errors, values } = checkAnnouncement(request.body ?? {});
      if (!values) {
        return renderEdit(app, request, reply, member, id, { form, errors, status: 422 });
      }
      const saved = await updateAnnouncement(app.db, member.cohort.id, id, {
        title: values.title,
        bodyMd: values.bodyMd,
        bodyHtml: renderBody(values.bodyMd),
      });
      if (!saved) return notFoundPage(reply);
      reply.flash({ key: 'announce.flash.saved' });
      return reply.redirect(
        `${paths.desk(member.cohort.slug, 'announcements')}#announcement-${id}`,
        303,
      );
    },
  );

  app.post<{ Params: ItemParams }>(
    '/c/:cohort/organise/announcements/:id/delete',
    { schema: itemSchema, ...withCsrf },
    async (request, reply) => {
      const member = memberOf(request);
      const gone = await deleteAnnouncement(app.db, member.cohort.id, Number(request.params.id));
      reply.flash({ key: gone ? 'announce.flash.deleted' : 'announce.flash.notFound' });
      return reply.redirect(paths.desk(member.cohort.slug, 'announcements'), 303);
    },
  );
}
