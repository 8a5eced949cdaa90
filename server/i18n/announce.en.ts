// English text of the organiser's desk (announce); part of en.ts, the same keys as announce.nl.ts.
import type { announceNl } from './announce.nl.ts';

export const announceEn: Record<keyof typeof announceNl, string> = {
  'announce.placeholder': '–',
};
