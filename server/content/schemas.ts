// Front-matter schemas. Messages are written for course authors: each names what is wrong
// and what is expected, and the loader prefixes the file and the field.
import { z } from 'zod';
import { exhibitKinds } from './types.ts';

/** Ids become URL segments; these would collide with fixed paths under /c/:cohort/. */
export const reservedIds = ['enrol', 'meetup', 'organise', 'wall', 'feedback', 'comments'];
export const idPattern = /^[a-z0-9][a-z0-9-]*$/;

const required = (what: string) => (iss: { input: unknown }) =>
  iss.input === undefined || iss.input === null ? 'is required' : `must be ${what}`;

const text = (max: number) =>
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

const email = z
  .string({ error: required('an e-mail address') })
  .trim()
  .toLowerCase()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address, e.g. team@example.org');

export const courseSchema = z.strictObject({
  id: id.optional(),
  title: text(120),
  language: z.enum(['nl', 'en'], {
    error: (iss) =>
      iss.input === undefined ? 'is required' : `must be nl or en (got "${String(iss.input)}")`,
  }),
  summary: text(300),
  organisers: z.array(email, { error: 'must be a list of e-mail addresses' }).default([]),
});

export const roomSchema = z.strictObject({
  id: id.optional(),
  title: text(120),
  week: wholeNumber(1, 52, 'the week number'),
  opens_after_days: wholeNumber(0, 365, 'a number of days').optional(),
  summary: text(200).optional(),
});

export const exhibitSchema = z
  .strictObject({
    id: id.optional(),
    kind: z.enum(exhibitKinds, {
      error: (iss) =>
        iss.input === undefined
          ? 'is required'
          : `must be one of ${exhibitKinds.join(', ')} (got "${String(iss.input)}")`,
    }),
    title: text(160),
    by: text(120),
    minutes: wholeNumber(1, 600, 'minutes').optional(),
    url: url.optional(),
    image: z
      .string({ error: required('a file name in the media folder') })
      .regex(
        /^[\w.-]+\.(svg|png|jpe?g|webp|gif)$/i,
        'must be the file name of an image in media/ (svg, png, jpg, webp, gif)',
      )
      .optional(),
    image_alt: text(300).optional(),
    prompts: z
      .array(text(300), { error: 'must be a list of questions' })
      .max(5, 'must have at most 5 questions')
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.image && !v.image_alt) {
      ctx.addIssue({
        code: 'custom',
        path: ['image_alt'],
        message:
          'is required when image is set: describe the picture for readers who cannot see it',
      });
    }
  });

export type CourseFront = z.infer<typeof courseSchema>;
export type RoomFront = z.infer<typeof roomSchema>;
export type ExhibitFront = z.infer<typeof exhibitSchema>;
