// What the layout shows around a page that no single route decides: the organiser banner, the
// desk's navigation. A feature adds a provider; reply.page() merges what each returns into
// the template data (unless the route passed that key itself).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Membership } from './access.ts';

export interface PageState {
  status: number;
  /** An htmx swap without the layout. */
  fragment: boolean;
}

export type ChromeProvider = (
  request: FastifyRequest,
  reply: FastifyReply,
  page: PageState,
) => Record<string, unknown>;

/** A desk section a feature owns: the organisers' navigation lists it after its own. */
export interface DeskLink {
  /** The first path segment after /c/:cohort/organise, which marks the link current. */
  section: string;
  /** A message key. */
  label: string;
  /** An icon name (see server/core/icons.ts). */
  icon: string;
  href: (cohort: string) => string;
  /** Whether the cohort has the section at all (a course can leave a feature out). */
  shows?: (member: Membership) => boolean;
}

export class PageChrome {
  private providers: ChromeProvider[] = [];
  /** Desk sections from features, so the desk links to them without importing them. */
  readonly deskLinks: DeskLink[] = [];

  addDeskLink(link: DeskLink): void {
    this.deskLinks.push(link);
  }

  add(provider: ChromeProvider): void {
    this.providers.push(provider);
  }

  collect(request: FastifyRequest, reply: FastifyReply, page: PageState): Record<string, unknown> {
    return Object.assign({}, ...this.providers.map((p) => p(request, reply, page)));
  }
}
