// Front-matter schemas. Messages are written for course authors: each names what is wrong
// and what is expected, and the loader prefixes the file and the field.
import { z } from 'zod';
import {
  houseSettingDefinitions,
  houseSettingKeys,
  isHouseSettingKey,
  isHouseSettingValue,
} from './house-settings.ts';
import { embedProblem, mediaFileKinds, mediaFilePattern } from './players.ts';
import { exhibitKinds } from './types.ts';

/** Ids become URL segments; these would collide with fixed paths under /c/:cohort/. */
export const reservedIds = [
  'enrol',
  'meetup',
  'organise',
  'wall',
  'feedback',
  'comments',
  'profile',
  'people',
  'circles',
  'rules',
  'polls',
  'carnival',
  'roundup',
  'live',
];
export const idPattern = /^[a-z0-9][a-z0-9-]*$/;

/** The message for a missing or mistyped field, shared by every content file's schema. */
export const required = (what: string) => (iss: { input: unknown }) =>
  iss.input === undefined || iss.input === null ? 'is required' : `must be ${what}`;

export const text = (max: number) =>
  z
    .string({ error: required('text') })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`);

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .number({ error: required(`${what} (a whole number from ${min} to ${max})`) })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);

export const isHttpUrl = (value: string) => {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname);
  } catch {
    return false;
  }
};

const url = z
  .string({ error: required('a URL') })
  .trim()
  .refine(isHttpUrl, {
    error: (iss) =>
      `must be an absolute http(s) URL, e.g. https://example.org (got "${String(iss.input)}")`,
  });

const id = z
  .string({ error: required('text') })
  .regex(idPattern, 'must use only lowercase letters, digits and hyphens, e.g. "the-wall-of-fame"');

/** An enum whose message lists the choices, e.g. `must be one of a, b (got "c")`. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (iss) =>
      iss.input === undefined || iss.input === null
        ? 'is required'
        : `must be one of ${values.join(', ')} (got "${String(iss.input)}")`,
  });

const email = z
  .string({ error: required('an e-mail address') })
  .trim()
  .toLowerCase()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address, e.g. team@example.org');

/** A picture shipped in the course's media folder, named by its file name. */
const imageFile = z
  .string({ error: required('a file name in the media folder') })
  .regex(
    /^[\w.-]+\.(svg|png|jpe?g|webp|gif)$/i,
    'must be the file name of an image in media/ (svg, png, jpg, webp, gif)',
  );

/** What learners answer when they opt into a circle, and what circles may be formed by. */
export const circleFormBy = ['language', 'time'] as const;

/**
 * Circles of a few learners who talk every week: the size aimed at, the smallest and largest
 * circle allowed, and the answers that put learners together.
 */
const circleSettings = z
  .strictObject({
    size: wholeNumber(3, 12, 'the circle size'),
    min: wholeNumber(3, 12, 'the smallest circle'),
    max: wholeNumber(3, 12, 'the largest circle'),
    form_by: z
      .array(oneOf(circleFormBy), { error: 'must be a list of language, time' })
      .max(2, 'must name each of language, time at most once')
      .refine((v) => new Set(v).size === v.length, 'must name each of language, time at most once')
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (!(v.min <= v.size && v.size <= v.max))
      ctx.addIssue({
        code: 'custom',
        path: ['size'],
        message: `must lie between min and max (min ${v.min} ≤ size ${v.size} ≤ max ${v.max})`,
      });
  });

/**
 * A question every member may answer on their profile ("What keeps you up at night?"). The id
 * becomes a form field (answer_<id>) and a filter on who's here, so it is kept short and plain.
 */
const profilePrompt = z.strictObject({
  id: z
    .string({ error: required('text') })
    .regex(
      /^[a-z0-9-]{1,40}$/,
      'must be 1 to 40 lowercase letters, digits or hyphens, e.g. "keeps-you-up"',
    ),
  text: text(200),
});

export const courseSchema = z
  .strictObject({
    id: id.optional(),
    title: text(120),
    language: z.enum(['nl', 'en'], {
      error: (iss) =>
        iss.input === undefined ? 'is required' : `must be nl or en (got "${String(iss.input)}")`,
    }),
    summary: text(300),
    organisers: z.array(email, { error: 'must be a list of e-mail addresses' }).default([]),
    /** The course's picture on the home page, the cohort page and the digest. */
    cover: imageFile.optional(),
    cover_alt: text(300).optional(),
    /** The same picture for e-mail, as a PNG or JPG: Gmail and Outlook show no SVG. */
    cover_mail: z
      .string({ error: required('a file name in the media folder') })
      .regex(
        /^[\w.-]+\.(png|jpe?g|gif)$/i,
        'must be the file name of a PNG, JPG or GIF in media/, which every mail program shows (Gmail and Outlook show no SVG)',
      )
      .optional(),
    /** Questions for members' profiles, in the course language. */
    profile_prompts: z
      .array(profilePrompt, { error: 'must be a list of { id, text } questions' })
      .max(5, 'must have at most 5 questions')
      .superRefine((prompts, ctx) => {
        const seen = new Set<string>();
        prompts.forEach((p, i) => {
          if (seen.has(p.id))
            ctx.addIssue({
              code: 'custom',
              path: [i, 'id'],
              message: `"${p.id}" is used by another question: each needs its own id`,
            });
          seen.add(p.id);
        });
      })
      .default([]),
    /** Circles of a few learners (opt-in); without it the course has none. */
    circles: circleSettings.optional(),
  })
  .superRefine(
    (v, ctx) => {
      if (v.cover && !v.cover_alt)
        ctx.addIssue({
          code: 'custom',
          path: ['cover_alt'],
          message:
            'is required when cover is set: describe the picture for readers who cannot see it',
        });
      if (v.cover_alt && !v.cover)
        ctx.addIssue({
          code: 'custom',
          path: ['cover_alt'],
          message: 'describes the cover, and there is none: set cover too, or remove cover_alt',
        });
      if (v.cover_mail && !v.cover)
        ctx.addIssue({
          code: 'custom',
          path: ['cover_mail'],
          message: 'is the cover for e-mail, and there is no cover: set cover too, or remove it',
        });
    },
    // Said even when other fields are wrong, so an author fixes the course in one go.
    {
      when: ({ value, issues }) =>
        typeof value === 'object' &&
        value !== null &&
        !issues.some((i) => ['cover', 'cover_alt', 'cover_mail'].includes(String(i.path?.[0]))),
    },
  );

const icebreakerMessage = 'must be true, false, or the prompt as text (at most 300 characters)';

export const roomSchema = z.strictObject({
  id: id.optional(),
  title: text(120),
  week: wholeNumber(1, 52, 'the week number'),
  opens_after_days: wholeNumber(0, 365, 'a number of days').optional(),
  summary: text(200).optional(),
  /** A short agenda for this week's talk in the circles, shown only inside them. */
  circle_prompt: text(500).optional(),
  /** Introductions pinned at the top of the room: true (the default prompt) or its own prompt. */
  icebreaker: z
    .union([z.boolean(), z.string()], { error: icebreakerMessage })
    .refine(
      (v) => typeof v === 'boolean' || (v.trim().length > 0 && v.trim().length <= 300),
      icebreakerMessage,
    )
    .transform((v) => (typeof v === 'string' ? v.trim() : v))
    .optional(),
});

export const exhibitSchema = z
  .strictObject({
    id: id.optional(),
    kind: oneOf(exhibitKinds),
    title: text(160),
    by: text(120),
    minutes: wholeNumber(1, 600, 'minutes').optional(),
    url: url.optional(),
    image: imageFile.optional(),
    image_alt: text(300).optional(),
    embed: z
      .string({ error: required('a URL') })
      .trim()
      .superRefine((value, ctx) => {
        const problem = embedProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    media: z
      .string({ error: required('a file name in the media folder') })
      .regex(mediaFilePattern, `must be the file name of a file in media/ (${mediaFileKinds})`)
      .optional(),
    transcript: text(100_000).optional(),
    prompts: z
      .array(text(300), { error: 'must be a list of questions' })
      .max(5, 'must have at most 5 questions')
      .default([]),
  })
  .superRefine((v, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (v.image && !v.image_alt)
      issue(
        'image_alt',
        'is required when image is set: describe the picture for readers who cannot see it',
      );
    const playable = v.kind === 'video' || v.kind === 'podcast';
    for (const field of ['embed', 'media', 'transcript'] as const)
      if (v[field] !== undefined && !playable)
        issue(field, `is only for video and podcast exhibits, and this one is kind ${v.kind}`);
    if (!playable) return;
    // A museum never labels an empty frame: a video or podcast needs something to play.
    if (v.url === undefined && v.embed === undefined && v.media === undefined)
      issue(
        'kind',
        `a ${v.kind} needs something to ${v.kind === 'video' ? 'watch' : 'listen to'}: set url (the original), embed (a privacy-enhanced player) or media (a file in media/ with a transcript), or choose the kind it really is`,
      );
    if (v.embed !== undefined && v.media !== undefined)
      issue('embed', 'and media cannot both be set: choose the player or the file');
    if (v.embed !== undefined && v.url === undefined)
      issue(
        'url',
        'is required with embed: the player loads only when asked, and until then (or without JavaScript) the exhibit links to the original',
      );
    if (v.media !== undefined && v.transcript === undefined)
      issue(
        'transcript',
        'is required with media: write the transcript here (Markdown) or name a .md file in media/, for learners who cannot hear or see it',
      );
  });

/** The labelled points of a scale, or the options of a choice, in the order shown. */
const labels = z
  .array(text(80), { error: 'must be a list of labels, e.g. [Yes, Maybe, No]' })
  .min(2, 'must have at least 2 labels')
  .max(10, 'must have at most 10 labels');

const criterionTypes = ['text', 'scale', 'choice'] as const;

const criterionSchema = z
  .strictObject({
    id,
    label: text(200),
    help: text(500).optional(),
    type: oneOf(criterionTypes),
    required: z.boolean({ error: required('true or false') }).default(true),
    min_length: wholeNumber(0, 5000, 'a number of characters').optional(),
    points: labels.optional(),
    options: labels.optional(),
  })
  .superRefine((c, ctx) => {
    const onlyFor = (field: string, type: string) =>
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `is only for ${type} questions, and this one is type ${c.type}: remove it`,
      });
    if (c.min_length !== undefined && c.type !== 'text') onlyFor('min_length', 'text');
    if (c.points && c.type !== 'scale') onlyFor('points', 'scale');
    if (c.options && c.type !== 'choice') onlyFor('options', 'choice');
    if (c.type === 'scale' && !c.points)
      ctx.addIssue({
        code: 'custom',
        path: ['points'],
        message:
          'is required for a scale: list 2 to 10 labels from low to high, e.g. [Not yet, Partly, Mostly, Fully]',
      });
    if (c.type === 'choice' && !c.options)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'is required for a choice: list 2 to 10 options, e.g. [Yes, Maybe, No]',
      });
  });

export const assignmentSchema = z
  .strictObject({
    title: text(160),
    link: oneOf(['none', 'optional', 'required']).default('optional'),
    /** What the hand-in field is called ("Your situation", "Your design"); a default otherwise. */
    submission_label: text(120).optional(),
    /** The least a hand-in must be, in words and in characters. */
    min_words: wholeNumber(1, 2000, 'a number of words').optional(),
    min_length: wholeNumber(1, 9000, 'a number of characters').optional(),
    reviews_required: wholeNumber(1, 10, 'a number of reviews').default(3),
    reviews_per_learner: wholeNumber(1, 10, 'a number of reviews').default(3),
    submit_by: wholeNumber(0, 365, 'a number of days').default(7),
    review_by: wholeNumber(1, 365, 'a number of days').default(14),
    lease_hours: wholeNumber(1, 336, 'a number of hours').default(24),
    anonymity: oneOf(['both', 'reviewers', 'none']).default('both'),
    rubric: z
      .array(criterionSchema, { error: required('a list of questions') })
      .min(1, 'must have at least 1 question')
      .max(12, 'must have at most 12 questions')
      .superRefine((items, ctx) => {
        const seen = new Map<string, number>();
        items.forEach((c, i) => {
          const first = seen.get(c.id);
          if (first === undefined) seen.set(c.id, i);
          else
            ctx.addIssue({
              code: 'custom',
              path: [i, 'id'],
              message: `"${c.id}" is already used by rubric (item ${first + 1})`,
            });
        });
      }),
  })
  .superRefine(
    (a, ctx) => {
      if (a.review_by <= a.submit_by)
        ctx.addIssue({
          code: 'custom',
          path: ['review_by'],
          message: `must be later than submit_by (day ${a.submit_by}): reviewing goes on after submissions close`,
        });
    },
    // Compare the two days even when other fields are wrong, so authors see it in one go,
    // but only once both days are valid themselves.
    {
      when: ({ value, issues }) =>
        typeof value === 'object' &&
        value !== null &&
        !issues.some((i) => i.path?.[0] === 'submit_by' || i.path?.[0] === 'review_by'),
    },
  );

export type CourseFront = z.infer<typeof courseSchema>;
export type RoomFront = z.infer<typeof roomSchema>;
export type ExhibitFront = z.infer<typeof exhibitSchema>;
export type AssignmentFront = z.infer<typeof assignmentSchema>;

/** The longest rule text, in the draft and in a member's proposal (it becomes the rule). */
export const ruleTextMax = 600;
export const rulesMax = 30;

const houseRule = z.strictObject({
  id: z
    .string({ error: required('text') })
    .regex(
      /^[a-z0-9_-]{1,40}$/,
      'must be 1 to 40 lowercase letters, digits, hyphens or underscores, e.g. "listen-first"',
    ),
  text: text(ruleTextMax),
  /** The setting this rule decides (see server/content/house-settings.ts). */
  setting: z
    .string({ error: required('the name of a setting') })
    .refine(isHouseSettingKey, {
      error: (iss) => `must be one of ${houseSettingKeys.join(', ')} (got "${String(iss.input)}")`,
    })
    .optional(),
  value: z.string({ error: required('one of the setting’s values') }).optional(),
});

/**
 * content/<course>/house-rules.md: the organisers' seed draft of the house rules. Every
 * setting the software enforces appears once, with its value, so a cohort starts from a
 * choice someone made rather than from a default nobody saw.
 */
export const houseRulesSchema = z
  .strictObject({
    rules: z
      .array(houseRule, { error: 'must be a list of { id, text } rules' })
      .min(1, 'must have at least one rule')
      .max(rulesMax, `must have at most ${rulesMax} rules`),
  })
  .superRefine((v, ctx) => {
    const ids = new Set<string>();
    const settings = new Set<string>();
    v.rules.forEach((rule, i) => {
      if (ids.has(rule.id))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `"${rule.id}" is used by another rule: each needs its own id`,
        });
      ids.add(rule.id);
      if (rule.setting === undefined) {
        if (rule.value !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'value'],
            message: 'needs a setting: name the setting this value is for',
          });
        return;
      }
      if (!isHouseSettingKey(rule.setting)) return;
      const values = houseSettingDefinitions[rule.setting].values as readonly string[];
      if (!isHouseSettingValue(rule.setting, rule.value))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'value'],
          message:
            rule.value === undefined
              ? `is required for the setting ${rule.setting}: one of ${values.join(', ')}`
              : `must be one of ${values.join(', ')} (got "${rule.value}")`,
        });
      if (settings.has(rule.setting))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'setting'],
          message: `${rule.setting} is decided by another rule already: one rule per setting`,
        });
      settings.add(rule.setting);
    });
    const missing = houseSettingKeys.filter((k) => !settings.has(k));
    if (missing.length)
      ctx.addIssue({
        code: 'custom',
        path: ['rules'],
        message: `must give every setting a default; missing: ${missing.join(', ')}`,
      });
  });
export type HouseRulesFront = z.infer<typeof houseRulesSchema>;
