// This process's open streams, fed by its one LISTEN on the live channel. A notice names a
// session and an id; the hub reads that row once, renders it once per kind of reader, and
// writes it to every stream of that session that has not seen it. Notices are handled one at
// a time, in the order PostgreSQL delivered them (commit order).
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Locale } from '../i18n/index.ts';
import { liveChannel, type MessageRow, messageById, messagesAfter } from './queries.ts';

export interface StreamClient {
  sessionId: number;
  cohortId: number;
  userId: number;
  facilitator: boolean;
  locale: Locale;
  /** What the views need about the place (cohort slug, room id). */
  place: { cohort: string; room: string };
  raw: ServerResponse;
  lastId: number;
  /** Until its catch-up is written, live events wait here (nothing lost, nothing twice). */
  pending: { id: number; text: string }[] | null;
}

/** What the stream shows, rendered for one kind of reader (locale, facilitator or not). */
export interface Renderer {
  /** A message, or its entry on the rail of highlights. */
  message(view: 'message' | 'highlight', m: MessageRow, c: StreamClient): Promise<string>;
  /** Where the hour is now (step, until when, slow mode), read afresh. */
  now(c: StreamClient): Promise<string>;
}

export const heartbeatMs = 15_000;
/** A reconnecting reader gets at most this many messages, then carries on live. */
export const catchUpLimit = 1000;

/** One Server-Sent Event; each line of data gets its own `data:` field. */
export function sseEvent(event: string, data: string, id?: number): string {
  const lines = data.split('\n').map((l) => `data: ${l}`);
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\n${lines.join('\n')}\n\n`;
}

export class LiveHub {
  private sessions = new Map<number, Set<StreamClient>>();
  private queue: Promise<void> = Promise.resolve();
  private listening: Promise<unknown> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private app: FastifyInstance) {}

  get size(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.size;
    return n;
  }

  private listen(): Promise<unknown> {
    this.listening ??= this.app.listeners.on(
      liveChannel,
      (payload) => {
        this.queue = this.queue
          .then(() => this.handle(payload))
          .catch((err) => {
            this.app.log.error({ err }, 'live notice failed');
          });
      },
      // After the listening connection came back, notices may have been missed: re-read.
      () => {
        this.queue = this.queue.then(() => this.resync()).catch(() => {});
      },
    );
    this.heartbeat ??= setInterval(() => this.beat(), heartbeatMs).unref();
    return this.listening;
  }

  /** Adds a stream and writes everything after `lastId`; live events are held until then. */
  async open(client: StreamClient, renderer: Renderer) {
    await this.listen();
    client.pending = [];
    let set = this.sessions.get(client.sessionId);
    if (!set) {
      set = new Set();
      this.sessions.set(client.sessionId, set);
    }
    set.add(client);
    // Per session: each has its own plan (step names) and cohort (time zone).
    this.renderers.set(client.sessionId, renderer);
    await this.catchUp(client);
    const held = client.pending ?? [];
    client.pending = null;
    for (const e of held) {
      if (e.id === 0) this.write(client, e.text);
      else if (e.id > client.lastId) {
        this.write(client, e.text);
        client.lastId = e.id;
      }
    }
  }

  private renderers = new Map<number, Renderer>();

  private async catchUp(client: StreamClient) {
    const rows = await messagesAfter(this.app.db, client.sessionId, client.lastId, catchUpLimit);
    for (const m of rows) {
      const text = m.hidden
        ? sseEvent('hide', String(m.id), m.id)
        : sseEvent('message', await this.html(m, client), m.id);
      this.write(client, text);
      client.lastId = m.id;
    }
  }

  private async html(m: MessageRow, c: StreamClient, view: 'message' | 'highlight' = 'message') {
    const renderer = this.renderers.get(c.sessionId);
    return renderer ? renderer.message(view, m, c) : m.bodyHtml;
  }

  /** One rendering per kind of reader, however many there are. */
  private perReader(render: (c: StreamClient) => Promise<string>) {
    const rendered = new Map<string, Promise<string>>();
    return (c: StreamClient) => {
      const key = `${c.locale}:${c.facilitator}`;
      let text = rendered.get(key);
      if (!text) {
        text = render(c);
        rendered.set(key, text);
      }
      return text;
    };
  }

  remove(client: StreamClient): void {
    const set = this.sessions.get(client.sessionId);
    set?.delete(client);
    if (set && !set.size) {
      this.sessions.delete(client.sessionId);
      this.renderers.delete(client.sessionId);
    }
  }

  private write(client: StreamClient, text: string) {
    if (!client.raw.writableEnded) client.raw.write(text);
  }

  /** Sends to a stream, or holds it while its catch-up runs. `id` 0: not a message. */
  private send(client: StreamClient, id: number, text: string) {
    if (client.pending) client.pending.push({ id, text });
    else this.write(client, text);
  }

  private close(client: StreamClient, last?: string) {
    if (last) this.write(client, last);
    client.raw.end();
    this.remove(client);
  }

  /** A member removed from a cohort: their streams there close (in every process). */
  closeMember(cohortId: number, userId: number) {
    for (const set of this.sessions.values())
      for (const c of [...set])
        if (c.cohortId === cohortId && c.userId === userId) this.close(c, sseEvent('gone', ''));
  }

  closeAll() {
    for (const set of this.sessions.values()) for (const c of [...set]) this.close(c);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private beat() {
    for (const set of this.sessions.values()) for (const c of set) this.write(c, ': beat\n\n');
  }

  private async resync() {
    for (const set of this.sessions.values())
      for (const c of set) if (!c.pending) await this.catchUp(c);
  }

  private async handle(payload: string): Promise<void> {
    const [first = '', event = '', third = ''] = payload.split(' ');
    if (event === 'x') {
      const [cohortId, userId] = third.split(':').map(Number);
      if (cohortId && userId) this.closeMember(cohortId, userId);
      return;
    }
    const sessionId = Number(first);
    const id = Number(third);
    const set = this.sessions.get(sessionId);
    if (!set?.size) return;
    if (event === 'm') {
      const m = await messageById(this.app.db, id);
      if (!m) return;
      // One rendering per kind of reader, however many there are.
      const rendered = new Map<string, string>();
      for (const c of [...set]) {
        if (id <= c.lastId && !c.pending) continue;
        const key = `${c.locale}:${c.facilitator}`;
        let text = rendered.get(key);
        if (text === undefined) {
          text = sseEvent('message', await this.html(m, c), m.id);
          rendered.set(key, text);
        }
        if (c.pending) c.pending.push({ id, text });
        else {
          this.write(c, text);
          c.lastId = id;
        }
      }
    } else if (event === 'h') {
      for (const c of set) this.send(c, 0, sseEvent('hide', String(id)));
    } else if (event === 'l') {
      const m = await messageById(this.app.db, id);
      if (!m) return;
      const rendered = new Map<string, string>();
      for (const c of set) {
        const key = `${c.locale}:${c.facilitator}`;
        let text = rendered.get(key);
        if (text === undefined) {
          text = sseEvent('highlight', await this.html(m, c, 'highlight'));
          rendered.set(key, text);
        }
        this.send(c, 0, text);
      }
    } else if (event === 's') {
      // The host moved the hour on, extended the step or changed slow mode: the "now" box anew.
      const renderer = this.renderers.get(sessionId);
      const now = this.perReader(async (c) =>
        sseEvent('step', renderer ? await renderer.now(c) : ''),
      );
      for (const c of [...set]) this.send(c, 0, await now(c));
    } else if (event === 'e') {
      for (const c of [...set]) this.close(c, sseEvent('end', ''));
    }
  }
}
