// The three forms of the rules page: a proposal, a vote, and a proposer's answer to an
// objection. Each gives back what was typed (kept on a refusal), a message per field, and the
// cleaned values.
import { ruleTextMax } from '../content/schemas.ts';
import { type FieldErrors, fieldError, integer, length, text } from '../core/forms.ts';
import type { CurrentRule } from '../core/house-rules.ts';
import { type HouseSettingKey, isHouseSettingValue } from '../core/house-settings.ts';
import { type Vote, votes } from './queries.ts';

export const titleMax = 120;
export const bodyMax = ruleTextMax;
export const reasonMax = 500;
export const answerMax = 500;
/** Open proposals one member may have at a time: enough to say something, not to flood. */
export const openPerMember = 3;

export const newRule = 'new';

export interface ProposalForm {
  rule: string;
  title: string;
  body: string;
  value: string;
}

export interface ProposalValues {
  ruleId: string;
  isNew: boolean;
  title: string;
  body: string;
  setting: HouseSettingKey | null;
  value: string | null;
}

export const proposalFields = ['rule', 'title', 'body', 'value'] as const;

export const emptyProposal: ProposalForm = { rule: newRule, title: '', body: '', value: '' };

/** A new rule's id: its title in lowercase words, made unique among the rules there are. */
export function ruleIdFor(title: string, taken: Set<string>): string {
  const base =
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '') || 'rule';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export function checkProposal(
  input: Record<string, unknown>,
  rules: readonly CurrentRule[],
  proposedIds: Set<string>,
): { form: ProposalForm; errors: FieldErrors; values: ProposalValues | null } {
  const form: ProposalForm = {
    rule: text(input.rule) || newRule,
    title: text(input.title),
    body: text(input.body, { multiline: true }),
    value: text(input.value),
  };
  const errors: FieldErrors = {};
  const body = form.body.trim();
  const rule = form.rule === newRule ? null : (rules.find((r) => r.id === form.rule) ?? null);
  if (form.rule !== newRule && !rule) errors.rule = fieldError('rules.error.rule');
  if (!form.title) errors.title = fieldError('rules.error.titleRequired');
  else if (length(form.title) > titleMax)
    errors.title = fieldError('rules.error.tooLong', { max: titleMax });
  if (length(body) > bodyMax) errors.body = fieldError('rules.error.tooLong', { max: bodyMax });
  let value: string | null = null;
  if (rule?.setting) {
    if (!isHouseSettingValue(rule.setting, form.value))
      errors.value = fieldError('rules.error.value');
    else value = form.value;
    if (!errors.value && !errors.body && value === rule.value && (!body || body === rule.text))
      errors.value = fieldError('rules.error.noChange');
  } else if (!body && !errors.rule) {
    errors.body = fieldError('rules.error.bodyRequired');
  } else if (rule && body === rule.text) {
    errors.body = fieldError('rules.error.noChange');
  }
  if (Object.values(errors).some(Boolean)) return { form, errors, values: null };
  const taken = new Set([...rules.map((r) => r.id), ...proposedIds]);
  return {
    form,
    errors,
    values: {
      ruleId: rule ? rule.id : ruleIdFor(form.title, taken),
      isNew: !rule,
      title: form.title,
      body,
      setting: rule?.setting ?? null,
      value,
    },
  };
}

export interface VoteForm {
  vote: string;
  reason: string;
}

export function checkVote(input: Record<string, unknown>): {
  form: VoteForm;
  errors: FieldErrors;
  values: { vote: Vote; reason: string | null } | null;
} {
  const form: VoteForm = {
    vote: text(input.vote),
    reason: text(input.reason, { multiline: true }),
  };
  const errors: FieldErrors = {};
  const vote = votes.find((v) => v === form.vote) ?? null;
  const reason = form.reason.trim();
  if (!vote) errors.vote = fieldError('rules.error.vote');
  if (length(reason) > reasonMax)
    errors.reason = fieldError('rules.error.tooLong', { max: reasonMax });
  else if (vote === 'object' && !reason) errors.reason = fieldError('rules.error.reasonRequired');
  if (!vote || Object.values(errors).some(Boolean)) return { form, errors, values: null };
  return { form, errors, values: { vote, reason: reason || null } };
}

export interface AnswerForm {
  objection: string;
  answer: string;
}

export function checkAnswer(input: Record<string, unknown>): {
  form: AnswerForm;
  errors: FieldErrors;
  values: { voteId: number; answer: string } | null;
} {
  const form: AnswerForm = {
    objection: text(input.objection),
    answer: text(input.answer, { multiline: true }),
  };
  const errors: FieldErrors = {};
  const voteId = integer(form.objection, { min: 1 });
  const answer = form.answer.trim();
  if (!answer) errors.answer = fieldError('rules.error.answerRequired');
  else if (length(answer) > answerMax)
    errors.answer = fieldError('rules.error.tooLong', { max: answerMax });
  if (voteId === null) errors.objection = fieldError('rules.error.objection');
  if (voteId === null || Object.values(errors).some(Boolean)) return { form, errors, values: null };
  return { form, errors, values: { voteId, answer } };
}
