// The desk's one navigation: every page under /c/:cohort/organise gets it from the layout, so
// no desk page can forget it, with the page (or the section a sub-page belongs to) marked.
import type { FastifyRequest } from 'fastify';
import type { DeskLink } from '../core/chrome.ts';

export const deskSections = [
  'schedule',
  'settings',
  'dashboard',
  'announcements',
  'moderation',
  'feedback',
  'meetup',
] as const;
export type DeskSection = (typeof deskSections)[number];

export interface DeskNav {
  /** The cohort's slug: each section's page is paths.desk(cohort, section). */
  cohort: string;
  /** One of deskSections, or the section of a feature's link in extra. */
  current: string;
  /** Sections other features add (app.chrome.addDeskLink), after the desk's own. */
  extra: DeskLink[];
  /** The section's own page is shown (aria-current="page"), not one of its sub-pages. */
  exact: boolean;
}

// Routes under the desk that belong to another section than their first path segment says.
const sectionOf: Record<string, DeskSection> = {
  '': 'schedule',
  rooms: 'schedule',
  invitations: 'settings',
  organisers: 'settings',
  participation: 'dashboard',
};

export function deskNav(request: FastifyRequest): DeskNav | null {
  const route = request.routeOptions.url ?? '';
  const member = request.member;
  if (!member?.organises || !route.startsWith('/c/:cohort/organise')) return null;
  const rest = route.slice('/c/:cohort/organise'.length).split('/').filter(Boolean);
  const first = rest[0] ?? '';
  const extra = request.server.chrome.deskLinks.filter((l) => l.shows?.(member) ?? true);
  const current =
    sectionOf[first] ??
    (deskSections.includes(first as DeskSection) || extra.some((l) => l.section === first)
      ? first
      : 'schedule');
  return {
    cohort: member.cohort.slug,
    current,
    extra,
    exact: rest.length <= 1,
  };
}
