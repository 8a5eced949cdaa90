// Threads that live on a page another feature owns (a circle's space): that feature says who
// may read and write there and how its page is shown again, and the conversation, which stores
// and shows every thread, asks here for kinds it does not own. So the conversation never needs
// to know what a circle is, and the circle never touches comments.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n/index.ts';
import type { Membership } from './access.ts';
import type { ThreadKey } from './thread-key.ts';

/** What one member may do with one thread: nothing to see (404), not theirs (403), read, write. */
export type ThreadAccess = 'missing' | 'forbidden' | 'read' | 'write';

/** A refused post shown again on the thread's page: what was typed and what is wrong. */
export interface ThreadFormState {
  sort?: 'newest' | 'oldest' | 'liked';
  draft?: string;
  error?: MessageKey | null;
  status?: number;
}

export interface ThreadPlaceRules {
  kind: ThreadKey['kind'];
  access(app: FastifyInstance, member: Membership, key: ThreadKey): Promise<ThreadAccess>;
  /** The room a new comment in this thread is filed under (comments always have one). */
  roomOf(member: Membership, key: ThreadKey): Promise<string> | string;
  /** The page the thread is on, with a form's state (a refused post without JavaScript). */
  render(
    app: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
    member: Membership,
    key: ThreadKey,
    state: ThreadFormState,
  ): Promise<FastifyReply>;
}

export class ThreadPlaces {
  private rules = new Map<string, ThreadPlaceRules>();

  add(rules: ThreadPlaceRules): void {
    if (this.rules.has(rules.kind))
      throw new Error(`thread place "${rules.kind}" registered twice`);
    this.rules.set(rules.kind, rules);
  }

  /** The rules for a kind of thread another feature owns, or undefined. */
  get(kind: ThreadKey['kind']): ThreadPlaceRules | undefined {
    return this.rules.get(kind);
  }
}
