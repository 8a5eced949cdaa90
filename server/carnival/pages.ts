// The carnival's pages: the room's carnival (invitation, posts, the form), one post with its
// thread, the host's round-up desk, and a published round-up in the next room.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import type { FieldErrors } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { carnivalThread } from '../core/thread-key.ts';
import type { ThreadFormState } from '../core/thread-places.ts';
import { NotAllowedError, NotFoundError } from '../http/errors.ts';
import { type Locale, translator } from '../i18n/index.ts';
import { draftRoundup } from './draft.ts';
import { type EntryForm, noteMax, roundupMax, tagMax, titleMax } from './forms.ts';
import { type CarnivalPlace, carnivalBefore, hosts, phaseOf, visibleCarnival } from './model.ts';
import { countOwn, findEntry, findPublishedInto, findRoundup, listEntries } from './queries.ts';

const localeOf = (request: FastifyRequest, member: Membership) =>
  request.localeFor(member.course.language);

// With the hour, as a poll's closing: a carnival that closes at midnight is not open that day.
const dateText = (at: Date, zone: string, locale: Locale) => translator(locale).dateTime(at, zone);

/** Why a post was refused as a whole, not for one of its fields. */
export type CarnivalRefusal = 'notYet' | 'closed' | 'full';

/** The member's own link to the feed: signed for them, so a reader needs no session. */
export const feedToken = (app: FastifyInstance, member: Membership) =>
  app.signer.sign('carnival-feed', `${member.cohort.id}-${member.userId}`);

function datesOf(place: CarnivalPlace, member: Membership, locale: Locale) {
  const zone = member.cohort.timezone;
  return {
    opens: dateText(place.opensAt, zone, locale),
    closes: dateText(place.closesAt, zone, locale),
    opensIso: place.opensAt.toISOString(),
    closesIso: place.closesAt.toISOString(),
  };
}

export async function renderCarnivalPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
  state: {
    form?: EntryForm;
    errors?: FieldErrors<keyof EntryForm>;
    refusal?: CarnivalRefusal;
    status?: number;
  } = {},
) {
  const place = visibleCarnival(member, roomId);
  const { cohort, course } = member;
  const now = app.clock();
  const [entries, own, roundup] = await Promise.all([
    listEntries(app.db, cohort.id, roomId),
    countOwn(app.db, cohort.id, roomId, member.userId),
    findRoundup(app.db, cohort.id, roomId),
  ]);
  const locale = localeOf(request, member);
  return reply.page(
    'carnival/carnival',
    {
      title: translator(locale).t('carnival.title', { theme: place.carnival.theme }),
      rawTitle: true,
      cohort,
      course,
      room: place.room,
      carnival: place.carnival,
      phase: phaseOf(place, now),
      dates: datesOf(place, member, locale),
      entries,
      own,
      left: Math.max(0, place.carnival.maxPerPerson - own),
      learner: member.role === 'learner',
      host: hosts(place, member, request.user?.email ?? ''),
      published:
        roundup?.publishedAt && place.nextRoom
          ? paths.roundup(cohort.slug, place.nextRoom.id)
          : null,
      feed: paths.carnivalFeed(cohort.slug, roomId, feedToken(app, member)),
      form: state.form ?? { url: '', title: '', note: '' },
      errors: state.errors ?? {},
      refusal: state.refusal ?? null,
      notice: state.refusal ? `carnival.error.${state.refusal}` : undefined,
      titleMax,
      noteMax,
    },
    { status: state.status ?? 200, locale },
  );
}

/** A post in a carnival this member may see, or a 404. */
export async function visibleEntry(
  app: FastifyInstance,
  member: Membership,
  roomId: string,
  id: number,
) {
  const place = visibleCarnival(member, roomId);
  const entry = await findEntry(app.db, id);
  if (!entry || entry.cohortId !== member.cohort.id || entry.roomId !== roomId)
    throw new NotFoundError();
  return { place, entry };
}

export async function renderEntryPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
  entryId: number,
  state: ThreadFormState = {},
) {
  const { place, entry } = await visibleEntry(app, member, roomId, entryId);
  const { cohort, course } = member;
  const key = carnivalThread(entry.id);
  const href = paths.carnivalEntry(cohort.slug, roomId, entry.id);
  const panels = await app.panels.circle.load({
    app,
    request,
    member,
    key,
    href,
    roomId,
    readOnly: false,
    state,
  });
  return reply.page(
    'carnival/entry',
    {
      title: entry.title,
      rawTitle: true,
      cohort,
      course,
      room: place.room,
      carnival: place.carnival,
      entry,
      mine: entry.authorId === member.userId,
      panels,
    },
    { status: state.status ?? 200, locale: localeOf(request, member) },
  );
}

/** The carnival whose round-up this member hosts, or 404/403. */
export function hostedCarnival(request: FastifyRequest, member: Membership, roomId: string) {
  const place = visibleCarnival(member, roomId);
  if (!hosts(place, member, request.user?.email ?? '')) throw new NotAllowedError();
  return place;
}

export async function renderDeskPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
  state: {
    body?: string;
    error?: 'empty' | 'long' | 'early' | 'nowhere' | null;
    /** Tags as typed, by post id, after a refusal; and the posts whose tag was too long. */
    tags?: Record<number, string>;
    tooLong?: number[];
    status?: number;
  } = {},
) {
  const place = hostedCarnival(request, member, roomId);
  const { cohort, course } = member;
  const [entries, roundup] = await Promise.all([
    listEntries(app.db, cohort.id, roomId),
    findRoundup(app.db, cohort.id, roomId),
  ]);
  const locale = localeOf(request, member);
  const tr = translator(locale);
  const phase = phaseOf(place, app.clock());
  const body =
    state.body ??
    roundup?.bodyMd ??
    draftRoundup(entries, {
      intro: tr.t('carnival.draft.intro', { theme: place.carnival.theme }),
      untagged: tr.t('carnival.draft.untagged'),
      by: tr.t('carnival.draft.by'),
    });
  return reply.page(
    'carnival/desk',
    {
      title: tr.t('carnival.deskTitle'),
      rawTitle: true,
      cohort,
      course,
      room: place.room,
      carnival: place.carnival,
      nextRoom: place.nextRoom,
      closed: phase === 'closed',
      dates: datesOf(place, member, locale),
      entries: entries.map((e) => ({
        ...e,
        tag: state.tags?.[e.id] ?? e.tag,
        tagError: state.tooLong?.includes(e.id) ? 'carnival.error.tagTooLong' : null,
      })),
      roundup,
      body,
      error: state.error ?? null,
      errors: state.error ? { body: { key: `carnival.error.roundup.${state.error}` } } : {},
      tagMax,
      roundupMax,
    },
    { status: state.status ?? 200, locale },
  );
}

/** A published round-up, in the room after its carnival's. */
export async function renderRoundupPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  roomId: string,
) {
  const place = carnivalBefore(member, roomId);
  if (!place) throw new NotFoundError();
  // The round-up is seen where the room it is published into is: once that room is open.
  visibleCarnival(member, place.room.id);
  const target = member.schedule.find((s) => s.room.id === roomId);
  if (!target || !(target.open || member.organises)) throw new NotFoundError();
  const roundup = await findPublishedInto(app.db, member.cohort.id, roomId);
  if (!roundup || roundup.roomId !== place.room.id) throw new NotFoundError();
  const entries = await listEntries(app.db, member.cohort.id, place.room.id);
  const authors = [...new Set(entries.map((e) => e.author))];
  const locale = localeOf(request, member);
  return reply.page(
    'carnival/roundup',
    {
      title: translator(locale).t('carnival.roundupTitle', { theme: place.carnival.theme }),
      rawTitle: true,
      cohort: member.cohort,
      course: member.course,
      room: target.room,
      from: place.room,
      carnival: place.carnival,
      roundup,
      authors,
    },
    { locale },
  );
}
