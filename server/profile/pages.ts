// The three pages: a member's own profile form, who's here (filters as a plain GET form, so
// they work without JavaScript) and one member's page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from '../core/access.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import { errorList, type FieldErrors } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { parseThreadKey, threadHref } from '../core/thread-key.ts';
import { NotFoundError } from '../http/errors.ts';
import { readDirectory } from './directory.ts';
import {
  answerField,
  answerMax,
  fieldOrder,
  formFromProfile,
  introMax,
  isLanguageCode,
  isTimeBand,
  languageCodes,
  type ProfileForm,
  timeBands,
} from './forms.ts';
import {
  findPerson,
  findPhotoHash,
  findProfile,
  listPeople,
  listVisibleWriting,
  type PeopleFilter,
  type Person,
} from './queries.ts';

export const pageSize = 24;
/** A who's-here cursor: the (name, id) of the member a page starts after or ends before. */
const personKey = ['text', 'id'] as const;
const newWithinMs = 7 * 24 * 3600 * 1000;
const writingShown = 20;

const localeOf = (request: FastifyRequest, member: Membership) =>
  request.localeFor(member.course.language);

export async function renderProfilePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  state: { form?: ProfileForm; errors?: FieldErrors; status?: number } = {},
) {
  const prompts = member.course.profilePrompts;
  const directory = await readDirectory(app.db, member.cohort.id);
  const form =
    state.form ??
    formFromProfile(await findProfile(app.db, member.cohort.id, member.userId), directory);
  const errors = state.errors ?? {};
  const photo = await findPhotoHash(app.db, member.cohort.id, member.userId);
  return reply.page(
    'profile/profile',
    {
      title: 'profile.title',
      cohort: member.cohort,
      course: member.course,
      form,
      errors,
      errorList: errorList(errors, fieldOrder(prompts)),
      prompts: prompts.map((p) => ({ ...p, field: answerField(p.id) })),
      languageCodes,
      timeBands,
      introMax,
      answerMax,
      directory: directory.rule,
      photo: photo ? paths.photo(member.cohort.slug, photo, 'l') : null,
    },
    { status: state.status ?? 200, locale: localeOf(request, member) },
  );
}

type PeopleQuery = {
  after?: string;
  before?: string;
  room?: string;
  language?: string;
  time?: string;
  prompt?: string;
  new?: string;
};

/** The filters the query names, each kept only when it names something that exists. */
function readFilters(member: Membership, query: PeopleQuery) {
  const thisWeek = member.schedule.findLast((s) => s.open)?.room ?? null;
  const one = (v: unknown) => (typeof v === 'string' ? v : '');
  const prompt = member.course.profilePrompts.find((p) => p.id === one(query.prompt)) ?? null;
  return {
    room: thisWeek && one(query.room) === thisWeek.id ? thisWeek.id : null,
    language: isLanguageCode(one(query.language)) ? one(query.language) : null,
    time: isTimeBand(one(query.time)) ? one(query.time) : null,
    prompt: prompt?.id ?? null,
    new: one(query.new) === '1' ? '1' : null,
    thisWeek,
    promptText: prompt?.text ?? null,
  };
}

export async function renderPeoplePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  query: PeopleQuery,
) {
  const f = readFilters(member, query);
  const filter: PeopleFilter = {
    room: f.room,
    language: f.language,
    timeBand: f.time,
    prompt: f.prompt,
    since: f.new ? new Date(app.clock().getTime() - newWithinMs) : null,
  };
  // A cursor that does not read back (edited, cut) is the first page, as is an old ?page=.
  const after = decodeCursor(query.after, personKey);
  const before = after ? null : decodeCursor(query.before, personKey);
  const { people, total, hasPrevious, hasNext } = await listPeople(
    app.db,
    member.cohort.id,
    filter,
    { userId: member.userId, organises: member.organises },
    { size: pageSize, after, before },
    await readDirectory(app.db, member.cohort.id),
  );
  const first = people[0];
  const last = people.at(-1);
  const kept = { room: f.room, language: f.language, time: f.time, prompt: f.prompt, new: f.new };
  const filtered = Object.values(kept).some(Boolean);
  return reply.page(
    'profile/people',
    {
      title: 'people.title',
      cohort: member.cohort,
      course: member.course,
      organises: member.organises,
      viewerId: member.userId,
      people: people.map((p) => ({ ...p, href: paths.person(member.cohort.slug, p.userId) })),
      total,
      previous:
        hasPrevious && first
          ? paths.people(member.cohort.slug, {
              ...kept,
              before: encodeCursor([first.name, first.userId]),
            })
          : null,
      next:
        hasNext && last
          ? paths.people(member.cohort.slug, {
              ...kept,
              after: encodeCursor([last.name, last.userId]),
            })
          : null,
      filters: kept,
      filtered,
      thisWeek: f.thisWeek,
      prompts: member.course.profilePrompts,
      promptText: f.promptText,
      languageCodes,
      timeBands,
      mine: await findProfile(app.db, member.cohort.id, member.userId),
    },
    { locale: localeOf(request, member) },
  );
}

/**
 * A member's page. Someone who is not a member of this cohort, or who left themselves out of
 * who's here, is a 404 (not a 403: that would say they exist), except to organisers and to the
 * member themselves.
 */
export async function personFor(
  app: FastifyInstance,
  member: Membership,
  userId: number,
): Promise<Person> {
  const directory = await readDirectory(app.db, member.cohort.id);
  const person = await findPerson(app.db, member.cohort.id, userId, directory);
  if (!person) throw new NotFoundError();
  if (!person.listed && !member.organises && member.userId !== userId) throw new NotFoundError();
  return person;
}

export async function renderPersonPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  member: Membership,
  userId: number,
) {
  const person = await personFor(app, member, userId);
  const openRooms = member.schedule.filter((s) => s.open).map((s) => s.room.id);
  const written = await listVisibleWriting(
    app.db,
    member.cohort.id,
    userId,
    openRooms,
    writingShown,
  );
  const titles = new Map<string, string>(
    member.schedule.flatMap((s) => [
      [`room:${s.room.id}`, s.room.title] as const,
      ...s.room.exhibits.map((e) => [`exhibit:${s.room.id}/${e.id}`, e.title] as const),
    ]),
  );
  const writing = written.flatMap((c) => {
    const key = parseThreadKey(c.thread);
    if (!key) return [];
    return [
      {
        ...c,
        href: `${threadHref(member.cohort.slug, key, c.roomId)}#comment-${c.id}`,
        // The exhibit's title, or the room's for a find on its wall.
        place: titles.get(key.kind === 'exhibit' ? c.thread : `room:${c.roomId}`) ?? c.roomId,
      },
    ];
  });
  return reply.page(
    'profile/person',
    {
      title: person.name,
      rawTitle: true,
      cohort: member.cohort,
      course: member.course,
      person,
      self: person.userId === member.userId,
      organises: member.organises,
      prompts: member.course.profilePrompts,
      writing,
    },
    { locale: localeOf(request, member) },
  );
}
