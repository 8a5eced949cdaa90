// English text of the organiser's desk (organise); part of en.ts, the same keys as organise.nl.ts.
import type { organiseNl } from './organise.nl.ts';

export const organiseEn: Record<keyof typeof organiseNl, string> = {
  'organise.placeholder': '–',
};
