// A room's blog carnival (carnival.md in the room folder): a theme, a window in days after the
// room opens, how many posts one person may submit, who hosts it, and an invitation to write.
// Kept in its own file so the room loader only asks "is there one, and is it valid".
import { z } from 'zod';
import { renderMarkdown } from './markdown.ts';

export interface Carnival {
  theme: string;
  /** Days after the room opens when submissions open and close (closes > opens). */
  opensAfterDays: number;
  closesAfterDays: number;
  maxPerPerson: number;
  /** 'organisers', or the (lowercased) e-mail address of the learner who volunteered. */
  host: string;
  inviteHtml: string;
  file: string;
}

const required = (what: string) => (iss: { input: unknown }) =>
  iss.input === undefined || iss.input === null ? 'is required' : `must be ${what}`;
const days = (what: string) =>
  z
    .number({ error: required(`${what} (a whole number from 0 to 365)`) })
    .int('must be a whole number from 0 to 365')
    .min(0, 'must be a whole number from 0 to 365')
    .max(365, 'must be a whole number from 0 to 365');

export const carnivalSchema = z
  .strictObject({
    theme: z
      .string({ error: required('text') })
      .trim()
      .min(1, 'is required')
      .max(160, 'must be at most 160 characters'),
    opens: days('a number of days').default(0),
    closes: days('a number of days'),
    max_per_person: z
      .number({ error: required('a whole number from 1 to 10') })
      .int('must be a whole number from 1 to 10')
      .min(1, 'must be a whole number from 1 to 10')
      .max(10, 'must be a whole number from 1 to 10')
      .default(2),
    host: z
      .string({ error: required('"organisers" or an e-mail address') })
      .trim()
      .toLowerCase()
      .refine((v) => v === 'organisers' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
        error: 'must be "organisers" or the e-mail address of the learner who hosts it',
      })
      .default('organisers'),
  })
  .superRefine((c, ctx) => {
    if (c.closes <= c.opens)
      ctx.addIssue({
        code: 'custom',
        path: ['closes'],
        message: `must be later than opens (day ${c.opens})`,
      });
  });

/** The carnival a valid front matter and body describe; the body must invite people to write. */
export function toCarnival(
  front: z.infer<typeof carnivalSchema>,
  body: string,
  file: string,
): Carnival {
  return {
    theme: front.theme,
    opensAfterDays: front.opens,
    closesAfterDays: front.closes,
    maxPerPerson: front.max_per_person,
    host: front.host,
    inviteHtml: renderMarkdown(body),
    file,
  };
}
