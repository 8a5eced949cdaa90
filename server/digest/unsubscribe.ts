// One-click unsubscribe (RFC 8058). Every digest and notification carries
//   List-Unsubscribe: <BASE_URL/unsubscribe/TOKEN>
//   List-Unsubscribe-Post: List-Unsubscribe=One-Click
// The token is the user id signed with HMAC, so it needs no sign-in (and no CSRF token: mail
// clients POST it without a page). GET only shows a confirm button; POST turns digests off
// for that address in every cohort. Enrolling again later does not turn them back on.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type User, users } from '../../db/schema.ts';
import { unsubscribePurpose as purpose } from '../core/unsubscribe-links.ts';
import { isLocale } from '../i18n/index.ts';

const localeOf = (user: User | null) => (user && isLocale(user.locale) ? user.locale : undefined);

const tokenParam = { type: 'string', pattern: '^[0-9]{1,10}\\.[A-Za-z0-9_-]{10,40}$' } as const;

export default async function unsubscribeRoutes(app: FastifyInstance) {
  const schema = {
    params: { type: 'object', properties: { token: tokenParam }, required: ['token'] },
  } as const;
  // RFC 8058 lets a mail client send the one-click POST as multipart/form-data (or another
  // type): the body says nothing the signed token does not, so any body is read and dropped.
  app.addContentTypeParser('*', (_request, payload, done) => {
    payload.on('error', done);
    payload.on('end', () => done(null, {}));
    payload.resume();
  });
  const userOf = async (token: string) => {
    const id = app.signer.verify(purpose, token);
    if (!id) return null;
    const rows = await app.db
      .select()
      .from(users)
      .where(eq(users.id, Number(id)))
      .limit(1);
    return rows[0] ?? null;
  };

  app.get<{ Params: { token: string } }>(
    '/unsubscribe/:token',
    { schema },
    async (request, reply) => {
      const user = await userOf(request.params.token);
      return reply.page(
        'digest/unsubscribe',
        { title: 'unsubscribe.title', token: request.params.token, account: user, done: false },
        { status: user ? 200 : 404, locale: localeOf(user) },
      );
    },
  );

  app.post<{ Params: { token: string } }>(
    '/unsubscribe/:token',
    { schema },
    async (request, reply) => {
      const user = await userOf(request.params.token);
      if (user && user.digest !== 'off') {
        await app.db.update(users).set({ digest: 'off' }).where(eq(users.id, user.id));
      }
      return reply.page(
        'digest/unsubscribe',
        {
          title: 'unsubscribe.title',
          token: request.params.token,
          account: user,
          done: Boolean(user),
        },
        { status: user ? 200 : 404, locale: localeOf(user) },
      );
    },
  );
}
