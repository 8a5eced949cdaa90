// Loads content/<course>/… into a Catalogue, collecting every error instead of stopping at
// the first, so an author fixes a whole batch in one go (same messages for start-up and
// `npm run content:check`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import type { z } from 'zod';
import { type Carnival, carnivalSchema, toCarnival } from './carnival.ts';
import { isHouseSettingKey } from './house-settings.ts';
import { livePlan, liveProblems, liveSchema } from './live.ts';
import { fencedBlocks, renderMarkdown } from './markdown.ts';
import { playerElement, transcriptFilePattern } from './players.ts';
import { blockName, type Poll, parsePollBlock, repeatMismatch, resolveRepeatOf } from './polls.ts';
import {
  assignmentSchema,
  courseSchema,
  exhibitSchema,
  houseRulesSchema,
  idPattern,
  reservedIds,
  roomSchema,
} from './schemas.ts';
import type {
  Assignment,
  Catalogue,
  ContentError,
  Course,
  Criterion,
  Exhibit,
  HouseRulesDraft,
  LivePlan,
  Room,
} from './types.ts';

export type LoadResult = { ok: true; catalogue: Catalogue } | { ok: false; errors: ContentError[] };

const numbered = /^(\d+)-(.+)$/;

/** organisers.0 → "organisers (item 1)": authors count from one. */
const fieldName = (p: PropertyKey[]) =>
  p.length === 0
    ? 'front matter'
    : p
        .map((s, i) => (typeof s === 'number' ? ` (item ${s + 1})` : `${i ? '.' : ''}${String(s)}`))
        .join('');
/** The wall label in the room: the note's first paragraph; the exhibit page has it all. */
const firstParagraph = (markdown: string) =>
  markdown
    .trim()
    .split(/\n\s*\n/)
    .find((block) => block.trim() !== '') ?? '';
const pinnedId = (raw: Record<string, unknown> | undefined) =>
  typeof raw?.id === 'string' ? raw.id : undefined;
/** Scale points and choice options are stored as "1".."n", so labels can be reworded later. */
const numberedOptions = (labels: string[] = []) =>
  labels.map((label, i) => ({ value: String(i + 1), label }));

export function loadContent(contentDir: string): LoadResult {
  const errors: ContentError[] = [];
  const base = path.dirname(contentDir);
  const rel = (file: string) => path.relative(base, file).split(path.sep).join('/');
  const fail = (file: string, field: string, message: string) =>
    errors.push({ file: rel(file), field, message });

  /**
   * Parses one file's front matter against a schema. `data` is null when it does not pass;
   * `raw` is what the YAML said, so later checks (ids, images) still run and report too.
   */
  function read<S extends z.ZodType>(
    file: string,
    schema: S,
  ): { data: z.infer<S> | null; raw: Record<string, unknown>; body: string } | null {
    let parsed: matter.GrayMatterFile<string>;
    try {
      // Passing options turns off gray-matter's cache, which would share objects between loads.
      parsed = matter(readFileSync(file, 'utf8'), { language: 'yaml' });
    } catch (err) {
      const e = err as { reason?: string; mark?: { line?: number }; message?: string };
      // The YAML starts on the file's second line (after ---); mark.line counts from 0 there.
      const line = e.mark?.line !== undefined ? ` at line ${e.mark.line + 1}` : '';
      fail(
        file,
        'front matter',
        `malformed YAML${line}: ${e.reason ?? e.message ?? 'cannot be read'}`,
      );
      return null;
    }
    const raw = (parsed.data ?? {}) as Record<string, unknown>;
    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys)
            fail(file, fieldName([...issue.path, key]), 'unknown field (check the spelling)');
        } else {
          fail(file, fieldName(issue.path), issue.message);
        }
      }
    }
    return { data: result.success ? result.data : null, raw, body: parsed.content };
  }

  /**
   * The transcript's Markdown: the field itself, or the .md file in media/ it names; null
   * (and a problem reported) when that file is missing or empty.
   */
  function readTranscript(
    file: string,
    value: string | undefined,
    mediaDir: string,
    media: Set<string>,
  ): string | null {
    if (!value || !transcriptFilePattern.test(value)) return value ?? '';
    if (!media.has(value)) {
      fail(file, 'transcript', `no file "${value}" in ${rel(mediaDir)}/`);
      return null;
    }
    const markdown = readFileSync(path.join(mediaDir, value), 'utf8');
    if (!markdown.trim()) {
      fail(file, 'transcript', `the file "${value}" in ${rel(mediaDir)}/ is empty`);
      return null;
    }
    return markdown;
  }

  /** The id: pinned by `id:`, else the name without its number prefix. */
  function idFor(
    file: string,
    name: string,
    pinned: string | undefined,
    kind: 'room' | 'exhibit' | 'course',
  ) {
    const id = pinned ?? name;
    if (!pinned && !idPattern.test(id)) {
      fail(
        file,
        'id',
        `the name "${name}" gives no valid id: use lowercase letters, digits and hyphens, or pin one with id:`,
      );
      return null;
    }
    if (kind !== 'course' && reservedIds.includes(id)) {
      fail(
        file,
        'id',
        `"${id}" is reserved for a page of its own (${reservedIds.join(', ')}); rename the file or pin another id with id:`,
      );
      return null;
    }
    return id;
  }

  /**
   * The poll blocks of one file: each checked, reported by file, block and field; the ids in
   * order (null where a block is broken) for the renderer's placeholders.
   */
  function readPolls(
    file: string,
    body: string,
    roomId: string,
    exhibitId: string | null,
    pending: { poll: Poll; ref: string }[],
  ): { polls: Poll[]; ids: (string | null)[] } {
    const polls: Poll[] = [];
    const ids: (string | null)[] = [];
    for (const [i, block] of fencedBlocks(body, 'poll').entries()) {
      const { poll, repeatOf, problems } = parsePollBlock(block.content, {
        roomId,
        exhibitId,
        block: i + 1,
        file: rel(file),
      });
      for (const p of problems) fail(file, p.field, p.message);
      ids.push(poll?.id ?? null);
      if (!poll) continue;
      polls.push(poll);
      if (repeatOf) pending.push({ poll, ref: repeatOf });
    }
    return { polls, ids };
  }

  const list = (dir: string) =>
    readdirSync(dir)
      .filter((n) => !n.startsWith('.'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const isDir = (p: string) => statSync(p).isDirectory();

  const courses = new Map<string, Course>();
  const courseFiles = new Map<string, string>();
  let entries: string[];
  try {
    entries = list(contentDir);
  } catch {
    return {
      ok: false,
      errors: [
        {
          file: rel(contentDir),
          field: 'folder',
          message: 'cannot be read: does CONTENT_DIR point to the content folder?',
        },
      ],
    };
  }

  for (const courseName of entries) {
    const courseDir = path.join(contentDir, courseName);
    if (!isDir(courseDir)) continue;
    const courseFile = path.join(courseDir, 'course.md');
    let courseFront: ReturnType<typeof read<typeof courseSchema>> = null;
    try {
      statSync(courseFile);
      courseFront = read(courseFile, courseSchema);
    } catch {
      fail(courseFile, 'file', 'is missing: every course folder needs a course.md');
    }
    const courseId = idFor(courseFile, courseName, pinnedId(courseFront?.raw), 'course');
    if (courseId && courseFiles.has(courseId)) {
      fail(courseFile, 'id', `"${courseId}" is already used by ${courseFiles.get(courseId)}`);
    } else if (courseId) courseFiles.set(courseId, rel(courseFile));

    const mediaDir = path.join(courseDir, 'media');
    const media = new Set<string>();
    try {
      for (const f of list(mediaDir)) if (!isDir(path.join(mediaDir, f))) media.add(f);
    } catch {
      // A course without images needs no media folder.
    }
    for (const field of ['cover', 'cover_mail'] as const) {
      const name = courseFront?.raw[field];
      if (typeof name === 'string' && !media.has(name))
        fail(courseFile, field, `no file "${name}" in ${rel(mediaDir)}/`);
    }

    const rooms: Room[] = [];
    const coursePolls: Poll[] = [];
    const repeats: { poll: Poll; ref: string }[] = [];
    const roomIds = new Map<string, string>();
    const exhibitIds = new Map<string, string>();
    for (const roomName of list(courseDir)) {
      const roomDir = path.join(courseDir, roomName);
      if (roomName === 'course.md' || roomName === 'media' || roomName === 'house-rules.md')
        continue;
      if (!isDir(roomDir)) {
        if (roomName.endsWith('.md'))
          fail(
            roomDir,
            'file',
            'is not used: only course.md and numbered room folders belong here',
          );
        continue;
      }
      const m = numbered.exec(roomName);
      const roomFile = path.join(roomDir, 'room.md');
      if (!m) {
        fail(roomDir, 'folder', 'a room folder name must start with its number, e.g. 01-welcome');
        continue;
      }
      let roomFront: ReturnType<typeof read<typeof roomSchema>> = null;
      try {
        statSync(roomFile);
        roomFront = read(roomFile, roomSchema);
      } catch {
        fail(roomFile, 'file', 'is missing: every room folder needs a room.md');
      }
      const roomId = idFor(roomFile, m[2] ?? '', pinnedId(roomFront?.raw), 'room');
      if (roomId && roomIds.has(roomId))
        fail(roomFile, 'id', `"${roomId}" is already used by ${roomIds.get(roomId)}`);
      else if (roomId) roomIds.set(roomId, rel(roomFile));

      const exhibits: Exhibit[] = [];
      for (const fileName of list(roomDir)) {
        if (
          fileName === 'room.md' ||
          fileName === 'assignment.md' ||
          fileName === 'live.md' ||
          fileName === 'carnival.md' ||
          !fileName.endsWith('.md')
        )
          continue;
        const file = path.join(roomDir, fileName);
        const em = numbered.exec(fileName.slice(0, -3));
        if (!em) {
          fail(
            file,
            'file',
            'an exhibit file name must start with its number, e.g. 01-the-article.md',
          );
          continue;
        }
        const front = read(file, exhibitSchema);
        const exhibitId = idFor(file, em[2] ?? '', pinnedId(front?.raw), 'exhibit');
        if (exhibitId && exhibitIds.has(exhibitId)) {
          fail(file, 'id', `"${exhibitId}" is already used by ${exhibitIds.get(exhibitId)}`);
          continue;
        }
        if (exhibitId) exhibitIds.set(exhibitId, rel(file));
        for (const field of ['image', 'media'] as const) {
          const name = front?.raw[field];
          if (typeof name === 'string' && !media.has(name))
            fail(file, field, `no file "${name}" in ${rel(mediaDir)}/`);
        }
        const transcript = readTranscript(file, front?.data?.transcript, mediaDir, media);
        const d = front?.data;
        if (!front || !d || !exhibitId || transcript === null) continue;
        const polls = roomId
          ? readPolls(file, front.body, roomId, exhibitId, repeats)
          : { polls: [], ids: [] };
        coursePolls.push(...polls.polls);
        exhibits.push({
          id: exhibitId,
          position: exhibits.length + 1,
          kind: d.kind,
          title: d.title,
          by: d.by,
          minutes: d.minutes ?? null,
          url: d.url ?? null,
          image: d.image ? `/media/${courseId}/${d.image}` : null,
          imageAlt: d.image_alt ?? null,
          embed: d.embed ?? null,
          media: d.media
            ? { src: `/media/${courseId}/${d.media}`, element: playerElement(d.media) }
            : null,
          transcriptHtml: transcript ? renderMarkdown(transcript) : '',
          prompts: d.prompts,
          noteHtml: renderMarkdown(front.body, { poll: polls.ids }),
          excerptHtml: renderMarkdown(firstParagraph(front.body)),
          polls: polls.polls,
          file: rel(file),
        });
      }
      let assignment: Assignment | null = null;
      const assignmentFile = path.join(roomDir, 'assignment.md');
      if (existsSync(assignmentFile)) {
        const front = read(assignmentFile, assignmentSchema);
        if (front && !front.body.trim())
          fail(assignmentFile, 'body', 'is empty: describe the task for learners');
        const a = front?.data;
        if (front && a)
          assignment = {
            title: a.title,
            taskHtml: renderMarkdown(front.body),
            link: a.link,
            submissionLabel: a.submission_label ?? null,
            minWords: a.min_words ?? 0,
            minLength: a.min_length ?? 0,
            criteria: a.rubric.map(
              (c): Criterion => ({
                id: c.id,
                label: c.label,
                help: c.help ?? '',
                type: c.type,
                required: c.required,
                minLength: c.type === 'text' ? (c.min_length ?? 0) : 0,
                options: numberedOptions(c.type === 'scale' ? c.points : c.options),
              }),
            ),
            reviewsRequired: a.reviews_required,
            reviewsPerLearner: a.reviews_per_learner,
            submitByDays: a.submit_by,
            reviewByDays: a.review_by,
            leaseHours: a.lease_hours,
            anonymity: a.anonymity,
            file: rel(assignmentFile),
          };
      }

      let live: LivePlan | null = null;
      const liveFile = path.join(roomDir, 'live.md');
      if (existsSync(liveFile)) {
        const front = read(liveFile, liveSchema);
        if (front && !front.body.trim())
          fail(liveFile, 'body', 'is empty: invite people to the live hour');
        if (front?.data) {
          const problems = liveProblems(front.data);
          for (const p of problems) fail(liveFile, p.field, p.message);
          if (!problems.length) live = livePlan(front.data, front.body, rel(liveFile));
        }
      }

      let carnival: Carnival | null = null;
      const carnivalFile = path.join(roomDir, 'carnival.md');
      if (existsSync(carnivalFile)) {
        const front = read(carnivalFile, carnivalSchema);
        if (front && !front.body.trim())
          fail(carnivalFile, 'body', 'is empty: invite people to write for the carnival');
        if (front?.data) carnival = toCarnival(front.data, front.body, rel(carnivalFile));
      }

      const r = roomFront?.data;
      if (!roomFront || !r || !roomId) continue;
      const roomPolls = readPolls(roomFile, roomFront.body, roomId, null, repeats);
      coursePolls.push(...roomPolls.polls);
      rooms.push({
        id: roomId,
        position: rooms.length + 1,
        week: r.week,
        opensAfterDays: r.opens_after_days ?? 7 * (r.week - 1),
        title: r.title,
        summary: r.summary ?? '',
        introHtml: renderMarkdown(roomFront.body, { poll: roomPolls.ids }),
        exhibits,
        assignment,
        carnival,
        circlePrompt: r.circle_prompt ?? null,
        icebreaker:
          typeof r.icebreaker === 'string'
            ? { prompt: r.icebreaker }
            : r.icebreaker
              ? { prompt: null }
              : null,
        polls: roomPolls.polls,
        live,
        file: rel(roomFile),
      });
    }
    let houseRules: HouseRulesDraft | null = null;
    const rulesFile = path.join(courseDir, 'house-rules.md');
    if (existsSync(rulesFile)) {
      const front = read(rulesFile, houseRulesSchema);
      if (front?.data)
        houseRules = {
          introHtml: renderMarkdown(front.body),
          rules: front.data.rules.map((r) => ({
            id: r.id,
            text: r.text,
            setting: isHouseSettingKey(r.setting) ? r.setting : null,
            value: r.value ?? null,
          })),
          file: rel(rulesFile),
        };
    }
    // Poll ids are the course's own (they name the vote URL), and a repeat names an earlier one.
    const polls = new Map<string, Poll>();
    for (const poll of coursePolls) {
      const other = polls.get(poll.id);
      if (other)
        fail(
          path.join(base, poll.file),
          blockName(poll.block, poll.id),
          `the id "${poll.id}" is already used by ${blockName(other.block)} in ${other.file}`,
        );
      else polls.set(poll.id, poll);
    }
    for (const { poll, ref } of repeats) {
      const at = `${blockName(poll.block, poll.id)}.repeat_of`;
      const earlier = resolveRepeatOf(ref, coursePolls);
      const problem = earlier
        ? repeatMismatch(poll, earlier)
        : `names no poll in this course: write room/exhibit#poll, room#poll or a poll id (got "${ref}")`;
      if (problem) fail(path.join(base, poll.file), at, problem);
      else if (earlier) poll.repeatOf = earlier.id;
    }
    const c = courseFront?.data;
    if (!courseFront || !c || !courseId) continue;
    courses.set(courseId, {
      id: courseId,
      title: c.title,
      language: c.language,
      summary: c.summary,
      organisers: c.organisers,
      cover: c.cover ? `/media/${courseId}/${c.cover}` : null,
      coverAlt: c.cover_alt ?? null,
      coverMail: c.cover_mail ? `/media/${courseId}/${c.cover_mail}` : null,
      introHtml: renderMarkdown(courseFront.body),
      profilePrompts: c.profile_prompts,
      circles: c.circles
        ? {
            size: c.circles.size,
            min: c.circles.min,
            max: c.circles.max,
            formBy: c.circles.form_by,
          }
        : null,
      houseRules,
      rooms,
      polls,
      mediaDir,
      media,
      file: rel(courseFile),
    });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, catalogue: { courses } };
}
