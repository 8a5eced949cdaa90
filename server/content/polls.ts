// Polls and self-scans written into an exhibit's or a room's Markdown as a ```poll fenced
// block. The loader reads each block here (YAML, checked like front matter), the Markdown
// renderer leaves a placeholder where it stood, and the polls feature fills that in.
// Option keys are the author's own, so rewording a label keeps the votes cast for it.
import matter from 'gray-matter';
import { z } from 'zod';

export const pollTypes = ['single', 'multiple', 'scale', 'ranked', 'scan'] as const;
export type PollType = (typeof pollTypes)[number];
export const pollResults = ['always', 'after_vote', 'after_close'] as const;
export type PollResults = (typeof pollResults)[number];
export const pollReasons = ['none', 'optional', 'required'] as const;
export type PollReason = (typeof pollReasons)[number];

/** A ranked poll orders at most this many options. */
export const rankedMax = 5;

export interface PollOption {
  key: string;
  label: string;
}

export interface PollQuestion {
  id: string;
  text: string;
}

export interface Poll {
  /** Unique in the course; part of the vote URL. */
  id: string;
  question: string;
  type: PollType;
  /** The choices; for scale and scan the labelled points, lowest first. */
  options: PollOption[];
  /** A scan's statements (each answered on the one scale); one question '' otherwise. */
  questions: PollQuestion[];
  results: PollResults;
  /** Days after the room opens when voting stops; null: open for good. */
  closesAfterDays: number | null;
  reason: PollReason;
  /** The id of the poll this one asks again, already checked to exist with the same shape. */
  repeatOf: string | null;
  roomId: string;
  /** null for a poll in the room's introduction. */
  exhibitId: string | null;
  /** 1-based: the nth poll block in its file. */
  block: number;
  file: string;
}

const key = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9_-]*$/,
        'must use only lowercase letters, digits, hyphens and underscores',
      ),
  );
const label = (max: number) =>
  z
    .union([z.string(), z.number()], {
      error: (iss) =>
        iss.input === undefined || iss.input === null ? 'is required' : 'must be text',
    })
    .transform(String)
    .pipe(z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (iss) =>
      iss.input === undefined || iss.input === null
        ? 'is required'
        : `must be one of ${values.join(', ')} (got "${String(iss.input)}")`,
  });

const blockSchema = z
  .strictObject({
    id: z
      .string({ error: 'is required: a short name, e.g. stadium' })
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must use only lowercase letters, digits and hyphens'),
    question: label(300),
    type: oneOf(pollTypes),
    options: z.record(z.string(), label(120), {
      error: 'is required: a list of key: label lines, e.g. "adhoc: Ad hoc"',
    }),
    questions: z.array(z.strictObject({ id: key, text: label(300) })).optional(),
    results: oneOf(pollResults).default('after_vote'),
    closes_after_days: z
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(0, 'must be 0 or more')
      .max(365, 'must be at most 365')
      .optional(),
    reason: oneOf(pollReasons).default('none'),
    repeat_of: z.string({ error: 'must be room/exhibit#poll or room#poll' }).optional(),
  })
  .superRefine((b, ctx) => {
    const keys = Object.keys(b.options);
    for (const k of keys)
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(k))
        ctx.addIssue({
          code: 'custom',
          path: ['options', k],
          message: 'a key must use only lowercase letters, digits, hyphens and underscores',
        });
    if (b.results === 'after_close' && b.closes_after_days === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['results'],
        message: 'after_close needs closes_after_days, or the results never show',
      });
    if (keys.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'needs at least 2 options' });
    if (keys.length > 12)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'has more than 12 options' });
    if (b.type === 'scan') {
      if (!b.questions?.length)
        ctx.addIssue({
          code: 'custom',
          path: ['questions'],
          message: 'is required for a scan: a list of { id, text }',
        });
      const seen = new Set<string>();
      for (const [i, q] of (b.questions ?? []).entries()) {
        if (seen.has(q.id))
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'id'],
            message: `"${q.id}" is used twice`,
          });
        seen.add(q.id);
      }
    } else if (b.questions)
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'belongs to type: scan only' });
  });

export interface PollProblem {
  field: string;
  message: string;
}

/** The place of a block in messages: `poll block 2 ("stadium")`. */
export const blockName = (block: number, id?: string) =>
  `poll block ${block}${id ? ` ("${id}")` : ''}`;

const fieldPath = (p: PropertyKey[]) =>
  p
    .map((s, i) => (typeof s === 'number' ? ` (item ${s + 1})` : `${i ? '.' : ''}${String(s)}`))
    .join('');

/**
 * One block's YAML as a poll, or the problems with it (the field is prefixed with the block).
 * `repeat_of` is only read here; the loader checks it once every poll of the course is known.
 */
export function parsePollBlock(
  source: string,
  place: { roomId: string; exhibitId: string | null; block: number; file: string },
): { poll: Poll | null; repeatOf: string | null; problems: PollProblem[] } {
  let raw: unknown;
  try {
    // gray-matter's YAML, the same reader front matter goes through.
    raw = matter(`---\n${source}\n---\n`, { language: 'yaml' }).data;
  } catch (err) {
    const e = err as { reason?: string; message?: string };
    return {
      poll: null,
      repeatOf: null,
      problems: [
        {
          field: blockName(place.block),
          message: `malformed YAML: ${e.reason ?? e.message ?? 'cannot be read'}`,
        },
      ],
    };
  }
  const rawId =
    typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
  const result = blockSchema.safeParse(raw ?? {});
  if (!result.success) {
    const prefix = blockName(place.block, rawId);
    return {
      poll: null,
      repeatOf: null,
      problems: result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((k) => ({
              field: `${prefix}.${fieldPath([...issue.path, k])}`,
              message: 'unknown field (check the spelling)',
            }))
          : [
              {
                field: issue.path.length ? `${prefix}.${fieldPath(issue.path)}` : prefix,
                message: issue.message,
              },
            ],
      ),
    };
  }
  const b = result.data;
  return {
    poll: {
      id: b.id,
      question: b.question,
      type: b.type,
      options: Object.entries(b.options).map(([k, v]) => ({ key: k, label: v })),
      questions: b.type === 'scan' ? (b.questions ?? []) : [{ id: '', text: b.question }],
      results: b.results,
      closesAfterDays: b.closes_after_days ?? null,
      reason: b.reason,
      repeatOf: null,
      ...place,
    },
    repeatOf: b.repeat_of ?? null,
    problems: [],
  };
}

/**
 * The poll `repeat_of` names: `room/exhibit#poll`, `room#poll` (a room's introduction) or the
 * bare poll id; null when there is no such poll there.
 */
export function resolveRepeatOf(ref: string, polls: readonly Poll[]): Poll | null {
  const m = /^(?:([a-z0-9-]+)(?:\/([a-z0-9-]+))?#)?([a-z0-9-]+)$/.exec(ref.trim());
  if (!m) return null;
  const [, room, exhibit, id] = m;
  const poll = polls.find((p) => p.id === id);
  if (!poll) return null;
  if (room && (poll.roomId !== room || (poll.exhibitId ?? undefined) !== exhibit)) return null;
  return poll;
}

/** Why `later` cannot be read as `earlier` asked again; null when it can. */
export function repeatMismatch(later: Poll, earlier: Poll): string | null {
  if (earlier.id === later.id) return 'cannot name the poll itself';
  if (earlier.type !== later.type)
    return `names a poll of type ${earlier.type}; both must be of the same type`;
  const keys = (p: Poll) => p.options.map((o) => o.key).join(',');
  if (keys(earlier) !== keys(later)) return 'names a poll with other option keys';
  if (
    later.type === 'scan' &&
    earlier.questions.map((q) => q.id).join(',') !== later.questions.map((q) => q.id).join(',')
  )
    return 'names a scan with other question ids';
  return null;
}
