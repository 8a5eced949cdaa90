// What a step of the plan is called where readers see it: "Icebreaker", "Question 2".
import { type Locale, translator } from '../i18n/index.ts';
import type { Step } from './plan.ts';

export function stepName(locale: Locale, step: Step | undefined): string {
  const tr = translator(locale);
  if (!step) return tr.t('live.openTalk');
  if (step.kind === 'icebreaker') return tr.t('live.icebreaker');
  if (step.kind === 'closing') return tr.t('live.closing');
  return tr.t('live.question', { number: step.number });
}
