// Dutch text of the organiser's desk (dashboard); part of nl.ts.
export const dashboardNl = {
  'dashboard.placeholder': '–',
};
