// What organisers see around the pages of a cohort they run: on the desk (routes behind
// requireOrganiser mark themselves with reply.locals.desk) its navigation; everywhere else
// that learners use too, which rooms learners can enter now. Never on error pages.
import type { ChromeProvider } from '../core/chrome.ts';
import { organiserBanner } from './banner.ts';
import { deskNav } from './desk-nav.ts';

export const organiserChrome: ChromeProvider = (request, reply, { status, fragment }) => {
  const member = request.member;
  if (!member?.organises) return {};
  if (reply.locals?.desk === true) {
    return fragment ? {} : { deskNav: deskNav(request) };
  }
  if (status >= 400 && status !== 422) return {};
  return { banner: organiserBanner(member.schedule, member.cohort) };
};
