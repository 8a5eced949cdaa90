// The vote form: `option` (repeated for multiple and ranked, in order; `option_<question>`
// per statement of a scan) and `reason`. A refusal keeps what was chosen and typed.
import { type Poll, rankedMax } from '../content/polls.ts';
import { type FieldErrors, fieldError, hasErrors, length, text } from '../core/forms.ts';
import type { BallotInput } from './queries.ts';
import type { VoteForm } from './results.ts';

export const reasonMax = 200;

/** The field a question's choice is posted in. */
export const optionField = (poll: Poll, question: string) =>
  poll.type === 'scan' ? `option_${question}` : 'option';

const many = (raw: unknown): string[] =>
  (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => text(v))
    // A ranked form's empty places (fewer ranked than offered) say nothing.
    .filter((v) => v !== '');

export function checkVote(
  poll: Poll,
  input: Record<string, unknown>,
): { form: VoteForm; errors: FieldErrors; ballots: BallotInput[] | null; reason: string | null } {
  const chosen: Record<string, string[]> = {};
  for (const q of poll.questions) chosen[q.id] = many(input[optionField(poll, q.id)]);
  const form: VoteForm = {
    chosen,
    reason: poll.reason === 'none' ? '' : text(input.reason),
  };
  const errors: FieldErrors = {};
  const keys = new Set(poll.options.map((o) => o.key));
  for (const q of poll.questions) {
    const field = optionField(poll, q.id);
    const picked = chosen[q.id] ?? [];
    if (!picked.length) errors[field] = fieldError('polls.error.choose');
    else if (!picked.every((k) => keys.has(k)))
      errors[field] = fieldError('polls.error.noSuchOption');
    else if (new Set(picked).size !== picked.length)
      errors[field] = fieldError(
        poll.type === 'ranked' ? 'polls.error.rankTwice' : 'polls.error.twice',
      );
    else if (
      (poll.type === 'single' || poll.type === 'scale' || poll.type === 'scan') &&
      picked.length > 1
    )
      errors[field] = fieldError('polls.error.onlyOne');
    else if (poll.type === 'ranked' && picked.length > Math.min(rankedMax, poll.options.length))
      errors[field] = fieldError('polls.error.rankMax', { max: rankedMax });
  }
  if (poll.reason !== 'none') {
    if (length(form.reason) > reasonMax)
      errors.reason = fieldError('polls.error.reasonTooLong', { max: reasonMax });
    else if (poll.reason === 'required' && !form.reason)
      errors.reason = fieldError('polls.error.reasonRequired');
  }
  if (hasErrors(errors)) return { form, errors, ballots: null, reason: null };
  return {
    form,
    errors,
    ballots: poll.questions.map((q) => ({ question: q.id, options: chosen[q.id] ?? [] })),
    reason: form.reason || null,
  };
}
