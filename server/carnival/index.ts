// The blog carnival: a room invites learners to write a post of their own, everyone reads and
// talks about them (each post has the conversation's thread), and the host publishes a round-up
// into the next room. The threads are the conversation's; this feature says who may use them.
import type { FastifyInstance } from 'fastify';
import { paths } from '../core/paths.ts';
import { roomAccess } from '../core/visibility.ts';
import { carnivalDigest } from './digest-section.ts';
import { carnivalBefore, carnivalIn, phaseOf } from './model.ts';
import { renderEntryPage } from './pages.ts';
import { registerCarnivalData } from './personal-data.ts';
import { findEntry, findPublishedInto } from './queries.ts';
import carnivalRoutes from './routes.ts';

export default async function carnival(app: FastifyInstance) {
  registerCarnivalData(app.personalData);
  // A post's thread is open to every member who may see the carnival's room, as a find's is.
  app.threadPlaces.add({
    kind: 'carnival',
    async access(a, member, key) {
      if (key.kind !== 'carnival') return 'missing';
      const entry = await findEntry(a.db, key.entryId);
      if (!entry || entry.cohortId !== member.cohort.id) return 'missing';
      if (!carnivalIn(member, entry.roomId) || !roomAccess(member, entry.roomId)?.visible)
        return 'missing';
      return 'write';
    },
    async roomOf(member, key) {
      const entry = key.kind === 'carnival' ? await findEntry(app.db, key.entryId) : null;
      return entry?.roomId ?? member.course.rooms[0]?.id ?? '';
    },
    async render(a, request, reply, member, key, state) {
      const entry = key.kind === 'carnival' ? await findEntry(a.db, key.entryId) : null;
      return renderEntryPage(a, request, reply, member, entry?.roomId ?? '', entry?.id ?? 0, state);
    },
  });
  // The room page: its carnival (and how long it takes posts), and in the next room the
  // round-up, listed with the room's exhibits as one of kind roundup.
  app.panels.room.add({
    name: 'carnival',
    view: 'carnival/_room-panel',
    order: 5,
    async load({ app: a, member, room, exhibit }) {
      if (exhibit) return null;
      const place = carnivalIn(member, room.id);
      const before = carnivalBefore(member, room.id);
      const roundup = before ? await findPublishedInto(a.db, member.cohort.id, room.id) : null;
      if (!place && !roundup) return null;
      return {
        carnival: place
          ? {
              theme: place.carnival.theme,
              phase: phaseOf(place, a.clock()),
              href: paths.carnival(member.cohort.slug, room.id),
            }
          : null,
        roundup:
          roundup && before
            ? { theme: before.carnival.theme, href: paths.roundup(member.cohort.slug, room.id) }
            : null,
      };
    },
  });
  app.digestSections.add(carnivalDigest);
  await app.register(carnivalRoutes);
}
