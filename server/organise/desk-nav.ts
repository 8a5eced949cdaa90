// The desk's one navigation: every page under /c/:cohort/organise gets it from the layout, so
// no desk page can forget it, with the page (or the section a sub-page belongs to) marked.
import type { FastifyRequest } from 'fastify';

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
  current: DeskSection;
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
  const current =
    sectionOf[first] ?? (deskSections.includes(first as DeskSection) ? first : 'schedule');
  return {
    cohort: member.cohort.slug,
    current: current as DeskSection,
    exact: rest.length <= 1,
  };
}
