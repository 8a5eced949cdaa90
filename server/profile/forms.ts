// The profile form: what was typed (kept on a refusal), a message per field, and the cleaned
// values. Links are https only: a profile is shown to strangers, and a plain http link would
// send them somewhere anyone on the way can rewrite.

import type { Profile } from '../../db/schema.ts';
import type { ProfilePrompt } from '../content/types.ts';
import { type FieldErrors, fieldError, hasErrors, httpUrl, length, text } from '../core/forms.ts';
import { type DirectoryRule, isListed, optOut } from './directory.ts';

export const introMax = 280;
export const answerMax = 280;
export const languageCodes = ['nl', 'en', 'de', 'fr', 'es', 'other'] as const;
export const timeBands = ['morning', 'daytime', 'evening', 'weekend'] as const;
export type LanguageCode = (typeof languageCodes)[number];
export type TimeBand = (typeof timeBands)[number];

export const isLanguageCode = (v: unknown): v is LanguageCode =>
  (languageCodes as readonly unknown[]).includes(v);
export const isTimeBand = (v: unknown): v is TimeBand =>
  (timeBands as readonly unknown[]).includes(v);

/** As the form shows it: answers by prompt id, links as typed. */
export interface ProfileForm {
  intro: string;
  answers: Record<string, string>;
  languages: string[];
  time_band: string;
  link_1: string;
  link_2: string;
  listed: boolean;
}

export interface ProfileValues {
  intro: string;
  answers: Record<string, string>;
  languages: LanguageCode[];
  timeBand: TimeBand | null;
  link1: string | null;
  link2: string | null;
  listed: boolean;
}

export const answerField = (promptId: string) => `answer_${promptId}`;

/** Field names in the order the form shows them (the error summary follows it). */
export function fieldOrder(prompts: readonly ProfilePrompt[]): string[] {
  return [
    'photo',
    'intro',
    ...prompts.map((p) => answerField(p.id)),
    'languages',
    'time_band',
    'link_1',
    'link_2',
  ];
}

/**
 * The form as a saved profile fills it. Without one, the box starts as the cohort's house rule
 * on the directory says: ticked when everyone is listed unless they untick it (opt-out),
 * unticked when only who ticks it is listed (opt-in); a profile saved under opt-out starts
 * unticked once the cohort chose opt-in (server/profile/directory.ts).
 */
export function formFromProfile(
  profile: Profile | null,
  directory: DirectoryRule = optOut,
): ProfileForm {
  return {
    intro: profile?.intro ?? '',
    answers: { ...(profile?.answers ?? {}) },
    languages: [...(profile?.languages ?? [])],
    time_band: profile?.timeBand ?? '',
    link_1: profile?.link1 ?? '',
    link_2: profile?.link2 ?? '',
    listed: isListed(profile?.listed ?? null, profile?.updatedAt ?? null, directory),
  };
}

/** A repeated field (checkboxes) as a list of strings; one value arrives as a string. */
const many = (raw: unknown): string[] =>
  (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );

function checkLink(typed: string): { value: string | null; error?: ReturnType<typeof fieldError> } {
  if (!typed) return { value: null };
  // Said before normalising: httpUrl would accept http:, which a profile does not.
  if (/^[a-z][a-z0-9+.-]*:/i.test(typed) && !/^https:/i.test(typed))
    return { value: null, error: fieldError('profile.error.httpsOnly') };
  const url = httpUrl(typed);
  if (!url?.startsWith('https://')) return { value: null, error: fieldError('profile.error.link') };
  return { value: url };
}

export function checkProfile(
  input: Record<string, unknown>,
  prompts: readonly ProfilePrompt[],
): { form: ProfileForm; errors: FieldErrors; values: ProfileValues | null } {
  const errors: FieldErrors = {};
  const tooLong = (max: number) => fieldError('profile.error.tooLong', { max });
  const answers: Record<string, string> = {};
  for (const p of prompts) answers[p.id] = text(input[answerField(p.id)], { multiline: true });
  const form: ProfileForm = {
    intro: text(input.intro, { multiline: true }),
    answers,
    languages: many(input.languages),
    time_band: text(input.time_band),
    link_1: text(input.link_1),
    link_2: text(input.link_2),
    // A checkbox posts nothing when unticked, so absent means "leave me out".
    listed: input.listed !== undefined,
  };

  const intro = form.intro.trim();
  if (length(intro) > introMax) errors.intro = tooLong(introMax);
  const cleanAnswers: Record<string, string> = {};
  for (const p of prompts) {
    const a = (answers[p.id] ?? '').trim();
    if (length(a) > answerMax) errors[answerField(p.id)] = tooLong(answerMax);
    else if (a) cleanAnswers[p.id] = a;
  }
  const languages = [...new Set(form.languages)];
  if (!languages.every(isLanguageCode)) errors.languages = fieldError('profile.error.language');
  let timeBand: TimeBand | null = null;
  if (form.time_band) {
    if (isTimeBand(form.time_band)) timeBand = form.time_band;
    else errors.time_band = fieldError('profile.error.timeBand');
  }
  const link1 = checkLink(form.link_1);
  const link2 = checkLink(form.link_2);
  if (link1.error) errors.link_1 = link1.error;
  if (link2.error) errors.link_2 = link2.error;

  if (hasErrors(errors)) return { form, errors, values: null };
  return {
    form,
    errors,
    values: {
      intro,
      answers: cleanAnswers,
      languages: languageCodes.filter((c) => languages.includes(c)),
      timeBand,
      link1: link1.value,
      link2: link2.value,
      listed: form.listed,
    },
  };
}
