// Profiles and who's here: one member's profile, the cohort's members with theirs (filtered,
// a page at a time), and what a member wrote that others can already see.
import { and, asc, count, desc, eq, gte, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  comments,
  enrolments,
  type Profile,
  profilePhotos,
  profiles,
  users,
  visits,
} from '../../db/schema.ts';
import { peopleChanged } from '../core/people.ts';
import { inPublicThread } from '../core/public-threads.ts';
import { type DirectoryRule, isListed, optOut } from './directory.ts';
import type { ProfileValues } from './forms.ts';
import type { EncodedPhoto, PhotoSize } from './photo.ts';

export async function findProfile(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<Profile | null> {
  const [row] = await db
    .select()
    .from(profiles)
    .where(and(eq(profiles.cohortId, cohortId), eq(profiles.userId, userId)));
  return row ?? null;
}

export async function saveProfile(
  db: Db,
  input: { cohortId: number; userId: number; now: Date } & ProfileValues,
): Promise<void> {
  const { cohortId, userId, now, ...values } = input;
  await db
    .insert(profiles)
    .values({ cohortId, userId, ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [profiles.cohortId, profiles.userId],
      set: { ...values, updatedAt: now },
    });
}

/** What the form changes about the photo: a new one, none any more, or leave it. */
export type PhotoChange = { set: EncodedPhoto } | { remove: true } | null;

/** The profile and its photo in one go: a refused or failed photo never leaves half a save. */
export async function saveProfileWithPhoto(
  db: Db,
  input: { cohortId: number; userId: number; now: Date } & ProfileValues,
  photo: PhotoChange,
): Promise<void> {
  await db.transaction(async (tx) => {
    await saveProfile(tx as unknown as Db, input);
    const { cohortId, userId, now } = input;
    if (!photo) return;
    if ('remove' in photo) {
      await tx
        .delete(profilePhotos)
        .where(and(eq(profilePhotos.cohortId, cohortId), eq(profilePhotos.userId, userId)));
      return;
    }
    const { hash, large, small } = photo.set;
    await tx
      .insert(profilePhotos)
      .values({ cohortId, userId, hash, large, small, createdAt: now })
      .onConflictDoUpdate({
        target: [profilePhotos.cohortId, profilePhotos.userId],
        set: { hash, large, small, createdAt: now },
      });
  });
  peopleChanged();
}

/** The current photo of this hash in the cohort, in one size; an old hash finds nothing. */
export async function findPhotoBytes(
  db: Db,
  cohortId: number,
  hash: string,
  size: PhotoSize,
): Promise<Uint8Array | null> {
  const [row] = await db
    .select({ bytes: size === 'l' ? profilePhotos.large : profilePhotos.small })
    .from(profilePhotos)
    .where(and(eq(profilePhotos.cohortId, cohortId), eq(profilePhotos.hash, hash)))
    .limit(1);
  return row?.bytes ?? null;
}

/** The hash of the member's photo, or null when they have none. */
export async function findPhotoHash(
  db: Db,
  cohortId: number,
  userId: number,
): Promise<string | null> {
  const [row] = await db
    .select({ hash: profilePhotos.hash })
    .from(profilePhotos)
    .where(and(eq(profilePhotos.cohortId, cohortId), eq(profilePhotos.userId, userId)));
  return row?.hash ?? null;
}

export async function deleteProfile(db: Db, cohortId: number, userId: number): Promise<void> {
  await db
    .delete(profiles)
    .where(and(eq(profiles.cohortId, cohortId), eq(profiles.userId, userId)));
}

export interface PeopleFilter {
  /** Visited this room (the one open now). */
  room?: string | null;
  language?: string | null;
  timeBand?: string | null;
  /** Answered this prompt; its answer comes with each person. */
  prompt?: string | null;
  /** Enrolled on or after this moment. */
  since?: Date | null;
}

export interface Person {
  userId: number;
  name: string;
  intro: string;
  answers: Record<string, string>;
  languages: string[];
  timeBand: string | null;
  link1: string | null;
  link2: string | null;
  /** false: left out of who's here (only organisers and the member see them). */
  listed: boolean;
  hasProfile: boolean;
  enrolledAt: Date;
  /** The hash of their photo, or null: the initials are drawn instead. */
  photo: string | null;
}

const personColumns = {
  userId: users.id,
  name: users.name,
  intro: profiles.intro,
  answers: profiles.answers,
  languages: profiles.languages,
  timeBand: profiles.timeBand,
  link1: profiles.link1,
  link2: profiles.link2,
  listed: profiles.listed,
  savedAt: profiles.updatedAt,
  hasProfile: sql<boolean>`${profiles.userId} IS NOT NULL`,
  enrolledAt: enrolments.createdAt,
  photo: profilePhotos.hash,
};

/** Only the photo's hash comes along; its bytes are fetched by its own URL. */
const photoJoin = {
  table: profilePhotos,
  on: and(
    eq(profilePhotos.cohortId, enrolments.cohortId),
    eq(profilePhotos.userId, enrolments.userId),
  ),
};

type PersonRow = {
  [K in keyof typeof personColumns]: unknown;
};

/** Who is listed follows the cohort's rule on the directory (server/profile/directory.ts). */
function toPerson(r: PersonRow, directory: DirectoryRule = optOut): Person {
  return {
    userId: r.userId as number,
    name: r.name as string,
    intro: (r.intro as string | null) ?? '',
    answers: (r.answers as Record<string, string> | null) ?? {},
    languages: (r.languages as string[] | null) ?? [],
    timeBand: (r.timeBand as string | null) ?? null,
    link1: (r.link1 as string | null) ?? null,
    link2: (r.link2 as string | null) ?? null,
    // No profile yet: listed as the form's box would start (ticked only under opt-out).
    listed: isListed(
      (r.listed as boolean | null) ?? null,
      (r.savedAt as Date | null) ?? null,
      directory,
    ),
    hasProfile: Boolean(r.hasProfile),
    enrolledAt: r.enrolledAt as Date,
    photo: (r.photo as string | null) ?? null,
  };
}

/** isListed (server/profile/directory.ts) in SQL, over the profile left-joined to a member. */
export function listedWhere(directory: DirectoryRule): SQL | undefined {
  if (directory.rule === 'opt-out') return or(isNull(profiles.listed), eq(profiles.listed, true));
  return and(
    eq(profiles.listed, true),
    directory.choiceSince ? gte(profiles.updatedAt, directory.choiceSince) : undefined,
  );
}

function peopleWhere(
  cohortId: number,
  filter: PeopleFilter,
  viewer: { userId: number; organises: boolean },
  directory: DirectoryRule,
): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(enrolments.cohortId, cohortId)];
  if (!viewer.organises) conditions.push(or(listedWhere(directory), eq(users.id, viewer.userId)));
  if (filter.language)
    conditions.push(sql`${profiles.languages} @> ${JSON.stringify([filter.language])}::jsonb`);
  if (filter.timeBand) conditions.push(eq(profiles.timeBand, filter.timeBand));
  if (filter.prompt)
    conditions.push(sql`coalesce(${profiles.answers} ->> ${filter.prompt}, '') <> ''`);
  if (filter.since) conditions.push(gte(enrolments.createdAt, filter.since));
  if (filter.room)
    conditions.push(
      sql`exists (select 1 from ${visits} where ${visits.cohortId} = ${enrolments.cohortId} and ${visits.userId} = ${enrolments.userId} and ${visits.roomId} = ${filter.room})`,
    );
  return and(...conditions);
}

/** Where a page of who's here sits: its sort key is (name, id), the index's order. */
export type PersonKey = readonly [name: string, userId: number];
export type PeopleWindow = { size: number; after?: PersonKey | null; before?: PersonKey | null };

const beyond = (key: PersonKey, direction: 'after' | 'before') =>
  direction === 'after'
    ? sql`(${users.name}, ${users.id}) > (${key[0]}, ${key[1]})`
    : sql`(${users.name}, ${users.id}) < (${key[0]}, ${key[1]})`;

/** The listing's order read forwards (after a member) or backwards (before one). */
const towards = (direction: 'after' | 'before') =>
  direction === 'after' ? [asc(users.name), asc(users.id)] : [desc(users.name), desc(users.id)];

const keyOf = (p: Person): PersonKey => [p.name, p.userId];

/** Members with their user, profile and photo: what a Person is read from. */
const selectPeople = (db: Db) =>
  db
    .select(personColumns)
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(
      profiles,
      and(eq(profiles.cohortId, enrolments.cohortId), eq(profiles.userId, enrolments.userId)),
    )
    .leftJoin(photoJoin.table, photoJoin.on);

/**
 * One page of the cohort's members, by name then id: never by activity, so nobody is ranked.
 * A page starts after (or ends before) a member's (name, id), so a deep page costs what the
 * first does (an offset would read and drop every row before it); whoever joins or leaves in
 * between shifts nobody onto two pages. A cursor past the end, or back past the start, gives
 * the first page.
 */
export async function listPeople(
  db: Db,
  cohortId: number,
  filter: PeopleFilter,
  viewer: { userId: number; organises: boolean },
  window: PeopleWindow,
  directory: DirectoryRule = optOut,
): Promise<{ people: Person[]; total: number; hasPrevious: boolean; hasNext: boolean }> {
  const where = peopleWhere(cohortId, filter, viewer, directory);
  const select = async (from: SQL | undefined, direction: 'after' | 'before', limit: number) => {
    const rows = await selectPeople(db)
      .where(and(where, from))
      .orderBy(...towards(direction))
      .limit(limit);
    return rows.map((r) => toPerson(r, directory));
  };
  // Whether anyone is beyond a member, in the listing's order: read from that member on along
  // the (name, id) index, so it stops at the first row found.
  const anyoneBeyond = async (key: PersonKey, direction: 'after' | 'before') => {
    const [row] = await db
      .select({ id: users.id })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .leftJoin(
        profiles,
        and(eq(profiles.cohortId, enrolments.cohortId), eq(profiles.userId, enrolments.userId)),
      )
      .where(and(where, beyond(key, direction)))
      .orderBy(...towards(direction))
      .limit(1);
    return row !== undefined;
  };
  const { size } = window;
  let page: { people: Person[]; hasPrevious: boolean; hasNext: boolean } | null = null;
  if (window.before) {
    const rows = await select(beyond(window.before, 'before'), 'before', size + 1);
    // Fewer than a page before it: that is the first page, shown whole.
    if (rows.length > size) {
      const people = rows.slice(0, size).reverse();
      const last = people.at(-1) as Person;
      page = { people, hasPrevious: true, hasNext: await anyoneBeyond(keyOf(last), 'after') };
    }
  } else if (window.after) {
    const rows = await select(beyond(window.after, 'after'), 'after', size + 1);
    const people = rows.slice(0, size);
    const first = people[0];
    if (first)
      page = {
        people,
        hasPrevious: await anyoneBeyond(keyOf(first), 'before'),
        hasNext: rows.length > size,
      };
  }
  if (!page) {
    const rows = await select(undefined, 'after', size + 1);
    page = { people: rows.slice(0, size), hasPrevious: false, hasNext: rows.length > size };
  }
  const [totalRow] = await db
    .select({ n: count() })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(
      profiles,
      and(eq(profiles.cohortId, enrolments.cohortId), eq(profiles.userId, enrolments.userId)),
    )
    .where(where);
  return { ...page, total: Number(totalRow?.n ?? 0) };
}

/** A member of the cohort with their profile (or none yet); null for anyone else. */
export async function findPerson(
  db: Db,
  cohortId: number,
  userId: number,
  directory: DirectoryRule = optOut,
): Promise<Person | null> {
  const [row] = await selectPeople(db).where(
    and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, userId)),
  );
  return row ? toPerson(row, directory) : null;
}

export interface WrittenComment {
  id: number;
  thread: string;
  roomId: string;
  bodyHtml: string;
  createdAt: Date;
}

/**
 * What the member wrote in the cohort that every member can see now: in rooms that are open,
 * neither deleted nor hidden, not under a hidden find or a hidden comment (a deleted one keeps
 * its replies in view). Newest first.
 */
export async function listVisibleWriting(
  db: Db,
  cohortId: number,
  userId: number,
  openRooms: string[],
  limit: number,
): Promise<WrittenComment[]> {
  if (openRooms.length === 0) return [];
  return db
    .select({
      id: comments.id,
      thread: comments.thread,
      roomId: comments.roomId,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .where(
      and(
        eq(comments.cohortId, cohortId),
        eq(comments.authorId, userId),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
        inArray(comments.roomId, openRooms),
        inPublicThread(comments.thread),
        sql`(${comments.parentId} is null or exists (select 1 from comments p where p.id = ${comments.parentId} and p.hidden_at is null))`,
        sql`not exists (select 1 from contributions c where ${comments.thread} = 'wall:' || c.id and c.hidden_at is not null)`,
      ),
    )
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(limit);
}
