// The published story is an exhibit of its room (kind story) with a conversation of its own:
// the thread is the conversation's (…/live/:room/story/comments), and this says who may use
// it and shows the story page again. Before it is published there is nothing to talk under.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { paths } from '../core/paths.ts';
import { renderBody } from '../core/render.ts';
import { storyThread } from '../core/thread-key.ts';
import type { ThreadFormState, ThreadPlaceRules } from '../core/thread-places.ts';
import { roomAccess } from '../core/visibility.ts';
import { NotFoundError } from '../http/errors.ts';
import { translator } from '../i18n/index.ts';
import { baseOf } from './pages.ts';
import { findSession } from './queries.ts';
import type { Live } from './session.ts';
import { withdrawnIds, withoutWithdrawn } from './story.ts';

/** The story page: for every member once published, for its facilitators while a draft. */
export async function renderStoryPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  live: Live,
  state: ThreadFormState = {},
) {
  const s = live.session;
  if (!s.storyMd || (!s.storyPublishedAt && !live.facilitator)) throw new NotFoundError();
  const { member } = live;
  const roomId = live.entry.room.id;
  const shown = withoutWithdrawn(s.storyMd, await withdrawnIds(app.db, s.id));
  const locale = request.localeFor(member.course.language);
  // Talk opens with publication: a draft may still change under what people would say.
  const panels = s.storyPublishedAt
    ? await app.panels.circle.load({
        app,
        request,
        member,
        key: storyThread(roomId),
        href: paths.live(member.cohort.slug, roomId, 'story'),
        roomId,
        readOnly: false,
        state,
      })
    : [];
  return reply.page(
    'live/story',
    {
      title: live.plan.title,
      rawTitle: true,
      cohort: member.cohort,
      course: member.course,
      room: live.entry.room,
      plan: live.plan,
      storyHtml: renderBody(shown),
      published: s.storyPublishedAt
        ? translator(locale).dateTime(s.storyPublishedAt, member.cohort.timezone)
        : null,
      transcript: baseOf(live),
      panels,
    },
    { status: state.status ?? 200, locale },
  );
}

/** Who may read and write under a story: every member who may see its room, once published. */
export function storyThreadPlace(
  liveOf: (request: FastifyRequest, member: Membership, roomId: string) => Promise<Live>,
): ThreadPlaceRules {
  return {
    kind: 'story',
    async access(app, member, key) {
      if (key.kind !== 'story' || !roomAccess(member, key.roomId)?.visible) return 'missing';
      const session = await findSession(app.db, member.cohort.id, key.roomId);
      return session?.storyPublishedAt ? 'write' : 'missing';
    },
    roomOf: (_member, key) => (key.kind === 'story' ? key.roomId : ''),
    async render(app, request, reply, member, key, state) {
      if (key.kind !== 'story') throw new NotFoundError();
      return renderStoryPage(app, request, reply, await liveOf(request, member, key.roomId), state);
    },
  };
}
