// Dutch text of the organiser's desk (announce); part of nl.ts.
export const announceNl = {
  'announce.placeholder': '–',
};
