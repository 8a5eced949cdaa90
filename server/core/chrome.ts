// What the layout shows around a page that no single route decides: the organiser banner, the
// desk's navigation. A feature adds a provider; reply.page() merges what each returns into
// the template data (unless the route passed that key itself).
import type { FastifyReply, FastifyRequest } from 'fastify';

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

export class PageChrome {
  private providers: ChromeProvider[] = [];

  add(provider: ChromeProvider): void {
    this.providers.push(provider);
  }

  collect(request: FastifyRequest, reply: FastifyReply, page: PageState): Record<string, unknown> {
    return Object.assign({}, ...this.providers.map((p) => p(request, reply, page)));
  }
}
