// English text of the organiser's desk (dashboard); part of en.ts, the same keys as dashboard.nl.ts.
import type { dashboardNl } from './dashboard.nl.ts';

export const dashboardEn: Record<keyof typeof dashboardNl, string> = {
  'dashboard.placeholder': '–',
};
