// The three feedback forms (a submission, a review with the rubric, a helpfulness rating):
// each check returns the cleaned values and a message per field, and keeps what was typed.
import type { Assignment, Criterion } from '../content/types.ts';
import { bodyMax, checkUrl } from '../core/render.ts';
import type { MessageKey, Params } from '../i18n/index.ts';

export interface FieldError {
  key: MessageKey;
  params?: Params;
}
export type Errors = Record<string, FieldError>;

// PostgreSQL text cannot hold NUL; browsers send line ends as CRLF.
const clean = (v: unknown) =>
  typeof v === 'string' ? v.replace(/\r\n/g, '\n').replaceAll('\u0000', '') : '';
const length = (s: string) => [...s.trim()].length;

export interface SubmissionForm {
  body: string;
  url: string;
}

export function checkSubmission(assignment: Assignment, input: Partial<SubmissionForm>) {
  const form = { body: clean(input.body), url: clean(input.url) };
  const errors: Errors = {};
  const words = form.body.trim() ? form.body.trim().split(/\s+/u).length : 0;
  if (!form.body.trim()) {
    errors.body = assignment.submissionLabel
      ? { key: 'feedback.bodyRequiredLabelled', params: { label: assignment.submissionLabel } }
      : { key: 'feedback.bodyRequired' };
  } else if (length(form.body) > bodyMax) errors.body = { key: 'feedback.bodyTooLong' };
  else if (words < assignment.minWords) {
    errors.body = {
      key: 'feedback.bodyTooFewWords',
      params: { min: assignment.minWords, count: words },
    };
  } else if (length(form.body) < assignment.minLength) {
    errors.body = {
      key: 'feedback.bodyTooShort',
      params: { min: assignment.minLength, count: length(form.body) },
    };
  }
  let url: string | null = null;
  if (assignment.link !== 'none' && form.url.trim()) {
    url = checkUrl(form.url);
    if (!url || url.length > 2000) errors.url = { key: 'wall.urlInvalid' };
  } else if (assignment.link === 'required') {
    errors.url = { key: 'feedback.urlRequired' };
  }
  return { form, errors, url };
}

/** Form field name of a criterion (ids are [a-z0-9-], so no clash with _csrf). */
export const fieldOf = (c: Criterion) => `criterion-${c.id}`;
const answerMax = 5000;

/** Checks every criterion; `answers` holds what was typed, by criterion id. */
export function checkReview(assignment: Assignment, input: Record<string, unknown>) {
  const answers: Record<string, string> = {};
  const errors: Errors = {};
  for (const c of assignment.criteria) {
    const value = clean(input[fieldOf(c)]);
    answers[c.id] = c.type === 'text' ? value : value.trim();
    if (c.type === 'text') {
      const n = length(value);
      if (n === 0 && c.required) errors[c.id] = { key: 'feedback.answerRequired' };
      else if (n > 0 && n < c.minLength)
        errors[c.id] = { key: 'feedback.answerTooShort', params: { min: c.minLength, count: n } };
      else if (n > answerMax)
        errors[c.id] = { key: 'feedback.answerTooLong', params: { max: answerMax } };
    } else if (!c.options.some((o) => o.value === answers[c.id])) {
      if (answers[c.id] || c.required) errors[c.id] = { key: 'feedback.choiceRequired' };
      answers[c.id] = '';
    }
  }
  // Only what was answered is stored.
  const stored = Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim() !== ''));
  return { answers, stored, errors };
}

export interface RatingForm {
  helpfulness: string;
  thanks: string;
}
const thanksMax = 1000;

export function checkRating(input: Partial<RatingForm>) {
  const form = { helpfulness: clean(input.helpfulness).trim(), thanks: clean(input.thanks) };
  const errors: Errors = {};
  const helpfulness = /^[1-5]$/.test(form.helpfulness) ? Number(form.helpfulness) : 0;
  if (!helpfulness) errors.helpfulness = { key: 'feedback.ratingRequired' };
  if (length(form.thanks) > thanksMax)
    errors.thanks = { key: 'feedback.thanksTooLong', params: { max: thanksMax } };
  return { form, errors, helpfulness, thanks: form.thanks.trim() || null };
}

/** How an answer reads on a page: the text, or the chosen point's label. */
export function answerLabel(c: Criterion, value: string | undefined): string {
  if (!value) return '';
  if (c.type === 'text') return value;
  return c.options.find((o) => o.value === value)?.label ?? '';
}
