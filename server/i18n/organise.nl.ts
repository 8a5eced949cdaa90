// Dutch text of the organiser's desk (organise); part of nl.ts.
export const organiseNl = {
  'organise.placeholder': '–',
};
