// Profiles and who's here, for the cohort's members and organisers.
import type { FastifyInstance } from 'fastify';
import { memberOf, requireMember } from '../core/access.ts';
import { paths } from '../core/paths.ts';
import { registerUploads, uploadOf } from '../core/uploads.ts';
import { NotFoundError } from '../http/errors.ts';
import { idParam, params, slugParam } from '../http/params.ts';
import { checkProfile } from './forms.ts';
import { renderPeoplePage, renderPersonPage, renderProfilePage } from './pages.ts';
import { encodePhoto, readPhotoFile } from './photo.ts';
import { findPhotoBytes, type PhotoChange, saveProfileWithPhoto } from './queries.ts';

type CohortParams = { cohort: string };
const schema = params({ cohort: slugParam });

export default async function profileRoutes(app: FastifyInstance) {
  // The profile form may carry a photo, so it is posted as multipart (urlencoded still works).
  await registerUploads(app);
  app.addHook('preHandler', requireMember(app));

  app.get<{ Params: CohortParams }>('/c/:cohort/profile', { schema }, (request, reply) =>
    renderProfilePage(app, request, reply, memberOf(request)),
  );

  app.post<{ Params: CohortParams; Body: Record<string, unknown> }>(
    '/c/:cohort/profile',
    { schema, preHandler: app.csrfProtection },
    async (request, reply) => {
      const member = memberOf(request);
      const body = request.body ?? {};
      const { form, errors, values } = checkProfile(body, member.course.profilePrompts);
      // Ticking "remove" wins over a file chosen at the same time: the safer reading.
      let photo: PhotoChange = body.remove_photo !== undefined ? { remove: true } : null;
      const upload = photo ? null : uploadOf(request, 'photo');
      if (upload) {
        const encoded = await encodePhoto(upload);
        if (encoded.error) errors.photo = encoded.error;
        else photo = { set: encoded.photo };
      }
      if (!values || errors.photo) {
        return renderProfilePage(app, request, reply, member, { form, errors, status: 422 });
      }
      await saveProfileWithPhoto(
        app.db,
        { cohortId: member.cohort.id, userId: member.userId, now: app.clock(), ...values },
        photo,
      );
      // Threads show the author's face and card: drop the renderings that show the old ones.
      app.conversationCache.clear();
      reply.flash({ key: 'profile.saved' });
      return reply.redirect(paths.profile(member.cohort.slug), 303);
    },
  );

  // Only the cohort's members and organisers get here (requireMember); the URL names the
  // photo's content, so it may be cached for good, though only by the reader's own browser.
  app.get<{ Params: CohortParams & { file: string } }>(
    '/c/:cohort/people/photos/:file',
    { schema },
    async (request, reply) => {
      const member = memberOf(request);
      const file = readPhotoFile(request.params.file);
      if (!file) throw new NotFoundError();
      const bytes = await findPhotoBytes(app.db, member.cohort.id, file.hash, file.size);
      if (!bytes) throw new NotFoundError();
      return reply
        .header('content-type', 'image/webp')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(bytes));
    },
  );

  app.get<{ Params: CohortParams; Querystring: Record<string, string | undefined> }>(
    '/c/:cohort/people',
    { schema },
    (request, reply) =>
      renderPeoplePage(app, request, reply, memberOf(request), request.query ?? {}),
  );

  app.get<{ Params: CohortParams & { id: string } }>(
    '/c/:cohort/people/:id',
    { schema: params({ cohort: slugParam, id: idParam }) },
    (request, reply) =>
      renderPersonPage(app, request, reply, memberOf(request), Number(request.params.id)),
  );
}
