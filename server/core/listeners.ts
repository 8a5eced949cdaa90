// PostgreSQL LISTEN for features that push to open pages: one listening connection per
// channel per process, however many handlers (and browsers behind them) share it. NOTIFY is
// delivered only after its transaction commits and is never replayed, so handlers treat a
// payload as "look in the table", and re-read what they missed when `onListen` says the
// connection was (re)established.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.ts';

export type NoticeHandler = (payload: string) => void;

interface Channel {
  handlers: Set<NoticeHandler>;
  relisten: Set<() => void>;
  stop: Promise<() => Promise<void>>;
}

export class Listeners {
  private channels = new Map<string, Channel>();

  constructor(
    private listen: Database['listen'],
    private log: FastifyBaseLogger,
  ) {}

  /** Calls `handler` for each notice on `channel`; resolves once listening. Returns "stop". */
  async on(channel: string, handler: NoticeHandler, onListen?: () => void): Promise<() => void> {
    let entry = this.channels.get(channel);
    if (!entry) {
      const created: Channel = {
        handlers: new Set(),
        relisten: new Set(),
        stop: Promise.resolve(async () => {}),
      };
      created.stop = this.listen(
        channel,
        (payload) => {
          for (const h of created.handlers) {
            try {
              h(payload);
            } catch (err) {
              this.log.error({ err, channel }, 'notice handler failed');
            }
          }
        },
        () => {
          for (const r of created.relisten) r();
        },
      );
      this.channels.set(channel, created);
      entry = created;
    }
    entry.handlers.add(handler);
    if (onListen) entry.relisten.add(onListen);
    await entry.stop;
    const current = entry;
    return () => {
      current.handlers.delete(handler);
      if (onListen) current.relisten.delete(onListen);
    };
  }

  async close(): Promise<void> {
    const all = [...this.channels.values()];
    this.channels.clear();
    for (const c of all) {
      try {
        await (await c.stop)();
      } catch {
        // The database may already be gone when the app shuts down.
      }
    }
  }
}
