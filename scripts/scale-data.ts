// A cohort-sized world for measuring at scale: at scale 1, 50,000 learners over 10 cohorts
// (one of 10,000), 1,000,000 comments (one thread of 17,000), 100,000 wall finds, 200,000
// reviews and 500,000 visits, with profiles, likes, open reports, a live hour and sent mail
// around them. Every table is filled by a few INSERT … SELECT generate_series statements run
// on the server (no rows travel from Node), so the same code fills PostgreSQL in minutes and a
// PGlite in a test in a moment. Ids come from the course content and rows are what the app
// itself would write (counters agree with the rows they count), so the real pages render it.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.ts';
import type { Catalogue, Course } from '../server/content/types.ts';
import { scheduleFor } from '../server/core/model.ts';
import { inPublicThread } from '../server/core/public-threads.ts';
import { exhibitThread, formatThreadKey, icebreakerThread } from '../server/core/thread-key.ts';

/** What the full scale (1) makes; a smaller scale makes each proportionally fewer (at least 1). */
export const fullScale = {
  learners: 50_000,
  cohorts: 10,
  bigCohort: 10_000,
  comments: 1_000_000,
  bigThread: 17_000,
  finds: 100_000,
  reviews: 200_000,
  visits: 500_000,
  liveMessages: 20_000,
};

export interface ScaleCohort {
  id: number;
  slug: string;
  courseId: string;
  members: number;
  /** The first member's user id; members have consecutive ids. */
  firstUserId: number;
}

export interface ScaleWorld {
  cohorts: ScaleCohort[];
  /** The cohort of 10,000 (at scale 1), first in `cohorts`. */
  big: ScaleCohort;
  /** The long thread in the big cohort: its room, exhibit and key. */
  bigThread: { roomId: string; exhibitId: string; thread: string };
  /** The big cohort's live hour (its room id names it in URLs) and its session id. */
  live: { roomId: string; sessionId: number } | null;
  /** Rows per table, and how long each took. */
  timings: { table: string; rows: number; ms: number }[];
}

export interface ScaleOptions {
  scale: number;
  now: Date;
  /** Which course each cohort runs, in turn; the big cohort takes the first. */
  courseIds?: string[];
  onTable?: (t: { table: string; rows: number; ms: number }) => void;
}

const slugOf = (i: number) => (i === 0 ? 'scale-big' : `scale-${i + 1}`);

// Names people have, so sorting by name meets the spread a real cohort has.
const firstNames = [
  'Anna',
  'Bram',
  'Chloé',
  'Daan',
  'Eva',
  'Fatima',
  'Guus',
  'Hanna',
  'Ibrahim',
  'Julia',
  'Kees',
  'Lotte',
  'Mohammed',
  'Noor',
  'Olaf',
  'Priya',
  'Quinten',
  'Rosa',
  'Sem',
  'Tess',
  'Umar',
  'Vera',
  'Willem',
  'Xandra',
  'Yusuf',
  'Zoë',
  'Ana',
  'Björn',
  'Ciara',
  'Dmitri',
  'Élodie',
];
const lastNames = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Dijk',
  'Yilmaz',
  'El Amrani',
  'Nguyen',
  'Kowalski',
  'García',
  'Okafor',
  'Schmidt',
  'Rossi',
  'Dubois',
  'Silva',
  "O'Brien",
  'Andersson',
  'Novak',
];

/** A list for SQL as one text parameter (ids, thread keys and names hold no "|"). */
/** Seconds since the epoch, as a float parameter (never guessed to be an integer). */
const secs = (n: number) => sql`${n}::float8`;

const list = (items: (string | number)[]) => items.join('|');
const textAt = (items: string, index: SQL) =>
  sql`(string_to_array(${items}::text, '|'))[1 + (${index})]`;

interface Place {
  roomId: string;
  exhibitId: string;
  /** Epoch seconds the room opened. */
  opened: number;
}

/** Fills an empty, migrated database. Runs as one transaction: all of it or nothing. */
export async function seedScale(
  db: Db,
  catalogue: Catalogue,
  options: ScaleOptions,
): Promise<ScaleWorld> {
  const { scale, now } = options;
  const count = (n: number) => Math.max(1, Math.round(n * scale));
  const courses = (options.courseIds ?? [...catalogue.courses.keys()]).map((id) => {
    const course = catalogue.courses.get(id);
    if (!course) throw new Error(`no course ${id} in the content`);
    return course;
  });
  if (courses.length === 0) throw new Error('the content has no course');
  const learners = Math.max(fullScale.cohorts * 3, count(fullScale.learners));
  const bigMembers = Math.max(3, Math.round((learners * fullScale.bigCohort) / fullScale.learners));
  const others = fullScale.cohorts - 1;
  const sizes = [bigMembers];
  for (let i = 0; i < others; i++) {
    const rest = learners - bigMembers;
    sizes.push(Math.floor(rest / others) + (i < rest % others ? 1 : 0));
  }
  const timings: ScaleWorld['timings'] = [];
  const nowSec = Math.floor(now.getTime() / 1000);
  const at = (seconds: SQL) => sql`to_timestamp(${seconds})`;

  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // A bulk load of rows made consistent by construction: no foreign-key checks or triggers
    // row by row (the counters the triggers keep are computed once, at the end).
    await t.execute(sql`SET LOCAL session_replication_role = replica`);
    const timed = async (table: string, work: () => Promise<void>) => {
      const started = performance.now();
      await work();
      const [row] = rowsOf<{ n: number }>(
        await t.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`),
      );
      const entry = { table, rows: row?.n ?? 0, ms: Math.round(performance.now() - started) };
      timings.push(entry);
      options.onTable?.(entry);
    };

    // Cohorts: started six weeks ago, so every room of either course is open.
    const startsOn = new Date(now.getTime() - 42 * 86_400_000).toISOString().slice(0, 10);
    const cohorts: ScaleCohort[] = [];
    const scheduleOf = new Map<number, { course: Course; places: Place[] }>();
    await timed('cohorts', async () => {
      for (const [i, members] of sizes.entries()) {
        const course = courses[i % courses.length] as Course;
        const [row] = rowsOf<{ id: number }>(
          await t.execute(sql`
            INSERT INTO cohorts (slug, name, course_id, starts_on, timezone, created_at)
            VALUES (${slugOf(i)}, ${`Scale ${i + 1}`}, ${course.id}, ${startsOn}, 'Europe/Amsterdam',
                    ${at(sql`${secs(nowSec - 60 * 86_400)}`)})
            RETURNING id`),
        );
        if (!row) throw new Error('insert returned no row');
        cohorts.push({ id: row.id, slug: slugOf(i), courseId: course.id, members, firstUserId: 0 });
        const cohort = {
          id: row.id,
          slug: slugOf(i),
          name: '',
          courseId: course.id,
          startsOn,
          timezone: 'Europe/Amsterdam',
          enrolmentOpen: true,
          capacity: null,
          createdAt: now,
        };
        const places: Place[] = [];
        for (const p of scheduleFor(course, cohort, new Map(), now).filter((s) => s.open)) {
          const opened = p.opensAt.getTime() / 1000;
          places.push({ roomId: p.room.id, exhibitId: '', opened });
          for (const e of p.room.exhibits)
            places.push({ roomId: p.room.id, exhibitId: e.id, opened });
        }
        if (places.length < 11) throw new Error(`course ${course.id} has too few open places`);
        scheduleOf.set(row.id, { course, places });
      }
    });

    await timed('users', async () => {
      await t.execute(sql`
        INSERT INTO users (email, name, locale, digest, created_at)
        SELECT 'learner' || g || '@scale.example.org',
               ${textAt(list(firstNames), sql`g % ${firstNames.length}`)} || ' ' ||
               ${textAt(list(lastNames), sql`(g / ${firstNames.length}) % ${lastNames.length}`)},
               CASE WHEN g % 3 = 0 THEN 'en' ELSE 'nl' END,
               CASE WHEN g % 10 = 0 THEN 'off' WHEN g % 10 < 3 THEN 'daily' ELSE 'weekly' END,
               ${at(sql`${secs(nowSec - 50 * 86_400)} + g`)}
          FROM generate_series(1, ${learners}) AS g
         ORDER BY g`);
      const [first] = rowsOf<{ id: number }>(
        await t.execute(sql`SELECT id FROM users WHERE email = 'learner1@scale.example.org'`),
      );
      let next = first?.id ?? 1;
      for (const c of cohorts) {
        c.firstUserId = next;
        next += c.members;
      }
    });

    // Each cohort's id, first member and size, as rows a statement can join.
    const members = sql`SELECT (string_to_array(x, ':'))[1]::int AS id,
        (string_to_array(x, ':'))[2]::int AS first_user, (string_to_array(x, ':'))[3]::int AS members
      FROM unnest(string_to_array(${list(cohorts.map((c) => `${c.id}:${c.firstUserId}:${c.members}`))}::text, '|')) AS x`;

    await timed('enrolments', async () => {
      for (const c of cohorts) {
        await t.execute(sql`
          INSERT INTO enrolments (cohort_id, user_id, role, rules_version, rules_accepted_at, created_at)
          SELECT ${c.id}, ${c.firstUserId} + i, 'learner', 1, x.at, x.at
            FROM generate_series(0, ${c.members - 1}) AS i,
                 LATERAL (SELECT ${at(sql`${secs(nowSec - 56 * 86_400)} + (i * 28 * 86400.0 / ${c.members})`)} AS at) x`);
      }
    });

    await timed('profiles', async () => {
      for (const c of cohorts) {
        await t.execute(sql`
          INSERT INTO profiles (cohort_id, user_id, intro, languages, time_band, listed, created_at, updated_at)
          SELECT ${c.id}, ${c.firstUserId} + i,
                 'I work in a library and want to learn out loud, number ' || i || '.',
                 CASE WHEN i % 3 = 0 THEN '["nl","en"]'::jsonb WHEN i % 3 = 1 THEN '["nl"]'::jsonb ELSE '["en","de"]'::jsonb END,
                 ${textAt(list(['morning', 'daytime', 'evening', 'weekend']), sql`i % 4`)},
                 i % 17 <> 0, ${at(sql`${secs(nowSec - 40 * 86_400)}`)}, ${at(sql`${secs(nowSec - 40 * 86_400)}`)}
            FROM generate_series(0, ${c.members - 1}) AS i
           WHERE i % 5 <> 4`);
      }
    });

    // Each member visited ten places of their cohort (room pages and exhibits), the
    // ten starting at a place of their own, so every place has visitors.
    const visitsPer = Math.max(1, Math.round(fullScale.visits / fullScale.learners));
    await timed('visits', async () => {
      for (const c of cohorts) {
        const { places } = scheduleOf.get(c.id) as { places: Place[] };
        const rooms = list(places.map((p) => p.roomId));
        const exhibits = list(places.map((p) => p.exhibitId || '-'));
        const opened = list(places.map((p) => p.opened));
        const k = sql`((i + j) % ${places.length})`;
        await t.execute(sql`
          INSERT INTO visits (cohort_id, user_id, room_id, exhibit_id, first_at, last_at, previous_at)
          SELECT ${c.id}, ${c.firstUserId} + i, p.room, CASE WHEN p.exhibit = '-' THEN '' ELSE p.exhibit END,
                 ${at(sql`p.opened + 3600 * (1 + (i % 48))`)},
                 ${at(sql`p.opened + (${secs(nowSec)} - p.opened) * (0.5 + 0.5 * ((i * 7 + j * 13) % 100) / 100.0) - 60`)},
                 CASE WHEN (i + j) % 3 = 0 THEN NULL ELSE ${at(sql`p.opened + 3600 * (2 + (i % 48))`)} END
            FROM generate_series(0, ${c.members - 1}) AS i,
                 generate_series(0, ${visitsPer - 1}) AS j,
                 LATERAL (SELECT ${textAt(rooms, k)} AS room, ${textAt(exhibits, k)} AS exhibit,
                                 (${textAt(opened, k)})::float8 AS opened) p`);
      }
    });

    // Wall finds: in each cohort's open rooms, by its members, spread since each room opened;
    // one in 2,000 featured by an organiser (a handful a room), one in 997 hidden.
    const finds = count(fullScale.finds);
    await timed('contributions', async () => {
      for (const c of cohorts) {
        const { places } = scheduleOf.get(c.id) as { places: Place[] };
        const rooms = places.filter((p) => p.exhibitId === '');
        const n = Math.max(1, Math.round((finds * c.members) / learners));
        const k = sql`(g % ${rooms.length})`;
        await t.execute(sql`
          INSERT INTO contributions (cohort_id, room_id, author_id, title, url, note_md, note_html, featured_at, hidden_at, created_at)
          SELECT ${c.id}, ${textAt(list(rooms.map((r) => r.roomId)), k)},
                 ${c.firstUserId} + ((g * 7919) % ${c.members}),
                 'A find worth reading, number ' || g, 'https://example.org/finds/' || g,
                 'Found this while *reading* about networks: number ' || g || '.',
                 '<p>Found this while <em>reading</em> about networks: number ' || g || '.</p>',
                 CASE WHEN g % 2000 = 0 THEN x.at END, CASE WHEN g % 997 = 0 THEN x.at END, x.at
            FROM generate_series(1, ${n}) AS g,
                 LATERAL (SELECT (${textAt(list(rooms.map((r) => r.opened)), k)})::float8 AS opened) o,
                 LATERAL (SELECT ${at(sql`o.opened + (${secs(nowSec)} - 120 - o.opened) * g / ${n}`)} AS at) x
           ORDER BY g`);
      }
    });

    // Comments: the long thread, then top-level comments on every exhibit and icebreaker of
    // the open rooms (one in five with one to three replies, about 0.4 replies a comment),
    // and zero to two under each find. Likes: one comment in ten has one to three.
    const totalComments = count(fullScale.comments);
    const bigThreadSize = count(fullScale.bigThread);
    const wallComments = finds; // (id % 3) per find: one on average
    const topLevel = Math.max(
      cohorts.length,
      Math.round((totalComments - bigThreadSize - wallComments) / 1.4),
    );
    const bigPlace = (scheduleOf.get(cohorts[0]?.id ?? 0)?.places ?? []).find((p) => p.exhibitId);
    if (!bigPlace) throw new Error('the big cohort has no open exhibit');
    const bigThread = {
      roomId: bigPlace.roomId,
      exhibitId: bigPlace.exhibitId,
      thread: formatThreadKey(exhibitThread(bigPlace.roomId, bigPlace.exhibitId)),
    };
    const big = cohorts[0] as ScaleCohort;
    const body = (g: SQL) => ({
      md: sql`'Comment ' || ${g} || ' with a few words about the *exhibit*, and a question?'`,
      html: sql`'<p>Comment ' || ${g} || ' with a few words about the <em>exhibit</em>, and a question?</p>'`,
    });
    await timed('comments', async () => {
      const b = body(sql`g`);
      await t.execute(sql`
        INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html, like_count, reply_count, created_at)
        SELECT ${big.id}, ${bigThread.thread}, ${bigThread.roomId},
               ${big.firstUserId} + ((g * 7919) % ${big.members}), ${b.md}, ${b.html},
               CASE WHEN g % 10 = 0 THEN 1 + (g / 10) % 3 ELSE 0 END, 0,
               ${at(sql`${secs(bigPlace.opened)} + (${secs(nowSec)} - 300 - ${secs(bigPlace.opened)}) * g / ${bigThreadSize}`)}
          FROM generate_series(1, ${bigThreadSize}) AS g
         ORDER BY g`);
      for (const c of cohorts) {
        const { course, places } = scheduleOf.get(c.id) as { course: Course; places: Place[] };
        const threads: { key: string; roomId: string; opened: number }[] = [];
        for (const p of places) {
          if (p.exhibitId && !(c === big && p === bigPlace)) {
            threads.push({ ...p, key: formatThreadKey(exhibitThread(p.roomId, p.exhibitId)) });
          } else if (course.rooms.find((r) => r.id === p.roomId)?.icebreaker) {
            threads.push({ ...p, key: formatThreadKey(icebreakerThread(p.roomId)) });
          }
        }
        const n = Math.max(1, Math.round((topLevel * c.members) / learners));
        const k = sql`(g % ${threads.length})`;
        const b2 = body(sql`g`);
        await t.execute(sql`
          INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html, like_count, reply_count, hidden_at, spotlighted_at, created_at)
          SELECT ${c.id}, x.thread, x.room, ${c.firstUserId} + ((g * 7919) % ${c.members}), ${b2.md}, ${b2.html},
                 CASE WHEN g % 10 = 0 THEN 1 + (g / 10) % 3 ELSE 0 END,
                 CASE WHEN g % 5 = 0 THEN 1 + (g / 5) % 3 ELSE 0 END,
                 CASE WHEN g % 1999 = 0 THEN y.at END, CASE WHEN g % 4001 = 0 THEN y.at END, y.at
            FROM generate_series(1, ${n}) AS g,
                 LATERAL (SELECT ${textAt(list(threads.map((th) => th.key)), k)} AS thread,
                                 ${textAt(list(threads.map((th) => th.roomId)), k)} AS room,
                                 (${textAt(list(threads.map((th) => th.opened)), k)})::float8 AS opened) x,
                 LATERAL (SELECT ${at(sql`x.opened + (${secs(nowSec)} - 7200 - x.opened) * g / ${n}`)} AS at) y
           ORDER BY g`);
      }
      const r = body(sql`p.id || '.' || r`);
      // Replies follow their comment within hours; a few are removed by their author.
      await t.execute(sql`
        INSERT INTO comments (cohort_id, thread, room_id, parent_id, author_id, body_md, body_html, deleted_at, created_at)
        SELECT p.cohort_id, p.thread, p.room_id, p.id,
               c.first_user + ((p.id * 13 + r * 101) % c.members),
               CASE WHEN (p.id + r) % 211 = 0 THEN '' ELSE ${r.md} END,
               CASE WHEN (p.id + r) % 211 = 0 THEN '' ELSE ${r.html} END,
               CASE WHEN (p.id + r) % 211 = 0 THEN p.created_at + r * interval '30 minutes' END,
               p.created_at + r * interval '20 minutes'
          FROM comments p
          JOIN (${members}) c
            ON c.id = p.cohort_id,
               LATERAL generate_series(1, p.reply_count) AS r
         WHERE p.parent_id IS NULL AND p.reply_count > 0
         ORDER BY p.id, r`);
      const w = body(sql`w.id || '.' || r`);
      await t.execute(sql`
        INSERT INTO comments (cohort_id, thread, room_id, author_id, body_md, body_html, created_at)
        SELECT w.cohort_id, 'wall:' || w.id, w.room_id,
               c.first_user + ((w.id * 31 + r) % c.members), ${w.md}, ${w.html},
               w.created_at + r * interval '1 hour'
          FROM contributions w
          JOIN (${members}) c
            ON c.id = w.cohort_id,
               LATERAL generate_series(1, w.id % 3) AS r
         ORDER BY w.id, r`);
    });

    await timed('thread_counts', async () => {
      await t.execute(sql`
        INSERT INTO thread_counts (cohort_id, thread, room_id, comments, last_at)
        SELECT cohort_id, thread, min(room_id), count(*) FILTER (WHERE hidden_at IS NULL AND deleted_at IS NULL),
               max(created_at) FILTER (WHERE hidden_at IS NULL AND deleted_at IS NULL)
          FROM comments GROUP BY cohort_id, thread`);
    });

    await timed('likes', async () => {
      await t.execute(sql`
        INSERT INTO likes (comment_id, user_id, created_at)
        SELECT p.id, e.first_user + ((p.id * 17 + k) % e.members), p.created_at + k * interval '5 minutes'
          FROM comments p
          JOIN (${members}) e
            ON e.id = p.cohort_id,
               LATERAL generate_series(1, p.like_count) AS k
         WHERE p.like_count > 0`);
    });

    // Reports waiting for an organiser: one comment in 500, reported by two members.
    await timed('flags', async () => {
      await t.execute(sql`
        INSERT INTO flags (cohort_id, comment_id, user_id, reason, created_at)
        SELECT p.cohort_id, p.id, e.first_user + ((p.author_id - e.first_user + k) % e.members),
               'This is not kind.', p.created_at + k * interval '1 hour'
          FROM comments p
          JOIN (${members}) e ON e.id = p.cohort_id,
               generate_series(1, 2) AS k
         WHERE p.id % 500 = 0 AND p.author_id IS NOT NULL`);
    });

    // Peer feedback: everyone handed in their work for the assignment room; each piece got
    // four reviews (handed out to the next four members), three of them completed.
    const reviewsPer = Math.max(1, Math.round(fullScale.reviews / fullScale.learners));
    await timed('submissions', async () => {
      for (const c of cohorts) {
        const { course, places } = scheduleOf.get(c.id) as { course: Course; places: Place[] };
        const room = course.rooms.find(
          (r) => r.assignment && places.some((p) => p.roomId === r.id),
        );
        if (!room) continue;
        const opened = places.find((p) => p.roomId === room.id)?.opened ?? nowSec;
        await t.execute(sql`
          INSERT INTO submissions (cohort_id, room_id, author_id, body_md, body_html, url, reviews_done, created_at, updated_at)
          SELECT ${c.id}, ${room.id}, ${c.firstUserId} + i,
                 'My plan, version ' || i || ': start small, *share* early.',
                 '<p>My plan, version ' || i || ': start small, <em>share</em> early.</p>',
                 'https://example.org/work/' || i,
                 ${c.members > reviewsPer ? reviewsPer - 1 : 0}, x.at, x.at
            FROM generate_series(0, ${c.members - 1}) AS i,
                 LATERAL (SELECT ${at(sql`${secs(opened)} + 86400 + (i * 3 * 86400.0 / ${c.members})`)} AS at) x`);
      }
    });
    await timed('reviews', async () => {
      for (const c of cohorts) {
        if (c.members <= reviewsPer) continue;
        const { course } = scheduleOf.get(c.id) as { course: Course };
        const criteria = course.rooms.find((r) => r.assignment)?.assignment?.criteria ?? [];
        const answers = JSON.stringify(
          Object.fromEntries(
            criteria.map((cr) => [cr.id, cr.type === 'text' ? 'Clear and kind.' : '2']),
          ),
        );
        await t.execute(sql`
          INSERT INTO reviews (cohort_id, room_id, submission_id, reviewer_id, leased_at, expires_at, completed_at, answers, helpfulness, rated_at, created_at)
          SELECT s.cohort_id, s.room_id, s.id,
                 ${c.firstUserId} + ((s.author_id - ${c.firstUserId} + k) % ${c.members}),
                 x.at, x.at + interval '48 hours',
                 CASE WHEN k < ${reviewsPer} THEN x.at + interval '3 hours' END,
                 CASE WHEN k < ${reviewsPer} THEN ${answers}::jsonb END,
                 CASE WHEN k = 1 THEN 4 END, CASE WHEN k = 1 THEN x.at + interval '1 day' END, x.at
            FROM submissions s, generate_series(1, ${reviewsPer}) AS k,
                 LATERAL (SELECT s.created_at + k * interval '6 hours' AS at) x
           WHERE s.cohort_id = ${c.id}`);
      }
    });

    // The big cohort's live hour in the first room that plans one, with its talk.
    let live: ScaleWorld['live'] = null;
    await timed('live_messages', async () => {
      const { course } = scheduleOf.get(big.id) as { course: Course };
      const room = course.rooms.find((r) => r.live);
      if (!room) return;
      const [session] = rowsOf<{ id: number }>(
        await t.execute(sql`
          INSERT INTO live_sessions (cohort_id, room_id, step, started_at, step_started_at, created_at)
          VALUES (${big.id}, ${room.id}, 1, ${at(sql`${secs(nowSec - 1800)}`)}, ${at(sql`${secs(nowSec - 900)}`)}, ${at(sql`${secs(nowSec - 86_400)}`)})
          RETURNING id`),
      );
      if (!session) throw new Error('insert returned no row');
      live = { roomId: room.id, sessionId: session.id };
      const n = count(fullScale.liveMessages);
      await t.execute(sql`
        INSERT INTO live_messages (session_id, author_id, kind, step, body_md, body_html, created_at)
        SELECT ${session.id}, ${big.firstUserId} + ((g * 7919) % ${big.members}), 'message', g % 3,
               'Yes, and ' || g, '<p>Yes, and ' || g || '</p>', ${at(sql`${secs(nowSec - 1800)} + g * 1700.0 / ${n}`)}
          FROM generate_series(1, ${n}) AS g ORDER BY g`);
    });

    // Last week's digest, sent to everyone who takes one.
    await timed('outbox', async () => {
      await t.execute(sql`
        INSERT INTO outbox (idempotency_key, kind, user_id, to_address, to_name, subject, text_body, status, attempts, sent_at, next_attempt_at, created_at)
        SELECT 'digest:' || u.id || ':' || e.cohort_id || ':weekly:scale', 'digest', u.id, u.email, u.name,
               'This week in your cohort', 'What happened this week.', 'sent', 1,
               ${at(sql`${secs(nowSec - 3 * 86_400)}`)}, ${at(sql`${secs(nowSec - 3 * 86_400)}`)}, ${at(sql`${secs(nowSec - 3 * 86_400)}`)}
          FROM users u JOIN enrolments e ON e.user_id = u.id
         WHERE u.digest <> 'off'`);
    });

    // What the activity triggers would have kept (migration 0024), counted once.
    await timed('activity_counts', async () => {
      await t.execute(sql`
        INSERT INTO activity_counts (cohort_id, bucket, kind, n)
        SELECT cohort_id, activity_bucket(created_at), 'comments', count(*) FROM comments
         WHERE hidden_at IS NULL AND deleted_at IS NULL AND ${inPublicThread(sql.raw('thread'))}
         GROUP BY 1, 2
        UNION ALL
        SELECT cohort_id, activity_bucket(created_at), 'posts', count(*) FROM contributions
         WHERE hidden_at IS NULL GROUP BY 1, 2
        UNION ALL
        SELECT cohort_id, activity_bucket(completed_at), 'reviews', count(*) FROM reviews
         WHERE completed_at IS NOT NULL GROUP BY 1, 2`);
    });

    await t.execute(sql`SET LOCAL session_replication_role = origin`);
    return { cohorts, big, bigThread, live, timings };
  });
}
