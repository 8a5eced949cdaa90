// The three feedback forms (a submission, a review with the rubric, a helpfulness rating):
// each check returns the cleaned values and a message per field, and keeps what was typed.
import type { Assignment, Criterion } from '../content/types.ts';
import { type FieldErrors, fieldError, httpUrl, integer, length, text } from '../core/forms.ts';
import { bodyMax } from '../core/render.ts';

/** Characters in an answer, not counting spaces around it. */
const trimmedLength = (s: string) => length(s.trim());

export interface SubmissionForm {
  body: string;
  url: string;
}

export function checkSubmission(assignment: Assignment, input: Partial<SubmissionForm>) {
  const form = { body: text(input.body, { multiline: true }), url: text(input.url) };
  const errors: FieldErrors = {};
  const words = form.body.trim() ? form.body.trim().split(/\s+/u).length : 0;
  if (!form.body.trim()) {
    errors.body = assignment.submissionLabel
      ? fieldError('feedback.bodyRequiredLabelled', { label: assignment.submissionLabel })
      : fieldError('feedback.bodyRequired');
  } else if (trimmedLength(form.body) > bodyMax) errors.body = fieldError('feedback.bodyTooLong');
  else if (words < assignment.minWords) {
    errors.body = fieldError('feedback.bodyTooFewWords', {
      min: assignment.minWords,
      count: words,
    });
  } else if (trimmedLength(form.body) < assignment.minLength) {
    errors.body = fieldError('feedback.bodyTooShort', {
      min: assignment.minLength,
      count: trimmedLength(form.body),
    });
  }
  let url: string | null = null;
  if (assignment.link !== 'none' && form.url) {
    url = httpUrl(form.url);
    if (!url) errors.url = fieldError('wall.urlInvalid');
  } else if (assignment.link === 'required') {
    errors.url = fieldError('feedback.urlRequired');
  }
  return { form, errors, url };
}

/** Form field name of a criterion (ids are [a-z0-9-], so no clash with _csrf). */
export const fieldOf = (c: Criterion) => `criterion-${c.id}`;
const answerMax = 5000;

/** Checks every criterion; `answers` holds what was typed, by criterion id. */
export function checkReview(assignment: Assignment, input: Record<string, unknown>) {
  const answers: Record<string, string> = {};
  const errors: FieldErrors = {};
  for (const c of assignment.criteria) {
    const value = text(input[fieldOf(c)], { multiline: c.type === 'text' });
    answers[c.id] = value;
    if (c.type === 'text') {
      const n = trimmedLength(value);
      if (n === 0 && c.required) errors[c.id] = fieldError('feedback.answerRequired');
      else if (n > 0 && n < c.minLength)
        errors[c.id] = fieldError('feedback.answerTooShort', { min: c.minLength, count: n });
      else if (n > answerMax)
        errors[c.id] = fieldError('feedback.answerTooLong', { max: answerMax });
    } else if (!c.options.some((o) => o.value === answers[c.id])) {
      if (answers[c.id] || c.required) errors[c.id] = fieldError('feedback.choiceRequired');
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
  const form = {
    helpfulness: text(input.helpfulness),
    thanks: text(input.thanks, { multiline: true }),
  };
  const errors: FieldErrors = {};
  const helpfulness = integer(form.helpfulness, { min: 1, max: 5 }) ?? 0;
  if (!helpfulness) errors.helpfulness = fieldError('feedback.ratingRequired');
  if (trimmedLength(form.thanks) > thanksMax)
    errors.thanks = fieldError('feedback.thanksTooLong', { max: thanksMax });
  return { form, errors, helpfulness, thanks: form.thanks.trim() || null };
}

/** How an answer reads on a page: the text, or the chosen point's label. */
export function answerLabel(c: Criterion, value: string | undefined): string {
  if (!value) return '';
  if (c.type === 'text') return value;
  return c.options.find((o) => o.value === value)?.label ?? '';
}
