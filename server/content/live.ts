// live.md in a room folder: the plan of a live hour (a chat with facilitators). Parsed here,
// apart from the other schemas, so the loader only has to call one function for it.
import { z } from 'zod';
import { renderMarkdown } from './markdown.ts';
import { required, text } from './schemas.ts';
import type { LivePlan } from './types.ts';

const minutes = (min: number, max: number) =>
  z
    .number({ error: required(`a number of minutes (a whole number from ${min} to ${max})`) })
    .int(`must be a whole number of minutes from ${min} to ${max}`)
    .min(min, `must be a whole number of minutes from ${min} to ${max}`)
    .max(max, `must be a whole number of minutes from ${min} to ${max}`);

const facilitator = z
  .string({ error: required('an e-mail address or "organisers"') })
  .trim()
  .toLowerCase()
  .refine((v) => v === 'organisers' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
    error: (iss) =>
      `must be an e-mail address or the role "organisers" (got "${String(iss.input)}")`,
  });

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;

export const liveSchema = z.strictObject({
  title: text(160),
  /** When, counted from the room's opening: the day after it opens and the local time. */
  starts: z.strictObject(
    {
      day: z
        .number({ error: required('a day after the room opens (a whole number from 0 to 365)') })
        .int('must be a whole number of days from 0 to 365')
        .min(0, 'must be a whole number of days from 0 to 365')
        .max(365, 'must be a whole number of days from 0 to 365'),
      time: z
        .string({ error: required('a time of day, e.g. "20:00"') })
        .regex(timeOfDay, 'must be a time of day as HH:MM, e.g. "20:00"'),
    },
    { error: required('{ day, time }, e.g. { day: 2, time: "20:00" }') },
  ),
  minutes: minutes(15, 240).default(60),
  facilitators: z
    .array(facilitator, { error: 'must be a list of e-mail addresses or "organisers"' })
    .min(1, 'must name at least one facilitator')
    .default(['organisers']),
  icebreaker: z
    .strictObject(
      { prompt: text(500), minutes: minutes(1, 30).default(5) },
      { error: required('{ prompt, minutes }') },
    )
    .optional(),
  questions: z
    .array(
      z.strictObject(
        { text: text(500), minutes: minutes(1, 60).default(10) },
        { error: required('{ text, minutes }') },
      ),
      { error: required('a list of questions, each { text, minutes }') },
    )
    .min(1, 'must have at least 1 question')
    .max(12, 'must have at most 12 questions'),
  /** The take-away question, asked in the last minutes. */
  closing: text(500).optional(),
});

export type LiveFront = z.infer<typeof liveSchema>;

/** Checks that need the whole plan: the questions must fit in the hour. */
export function liveProblems(front: LiveFront): { field: string; message: string }[] {
  const planned =
    (front.icebreaker?.minutes ?? 0) +
    front.questions.reduce((sum, q) => sum + q.minutes, 0) +
    (front.closing ? closingMinutes : 0);
  if (planned > front.minutes)
    return [
      {
        field: 'questions',
        message: `take ${planned} minutes with the icebreaker and closing, longer than the session's ${front.minutes} minutes: shorten them or raise minutes`,
      },
    ];
  return [];
}

/** The take-away question gets the last five minutes. */
export const closingMinutes = 5;

export function livePlan(front: LiveFront, body: string, file: string): LivePlan {
  return {
    title: front.title,
    startsDay: front.starts.day,
    startsTime: front.starts.time,
    minutes: front.minutes,
    facilitators: front.facilitators,
    icebreaker: front.icebreaker ?? null,
    questions: front.questions.map((q) => ({ text: q.text, minutes: q.minutes })),
    closing: front.closing ?? null,
    introHtml: renderMarkdown(body),
    file,
  };
}
