// The minute tick: jobs that look every minute for work that has come due (digests, meet-up
// reminders, safety nets). Features add their job; main.ts starts the tick. Each job runs on
// its own, so one that keeps failing does not stop the others; a tick that is still running
// is joined, not started twice.
import type { FastifyBaseLogger } from 'fastify';

export type TickJob = () => Promise<unknown>;

export class MinuteTick {
  private jobs: { name: string; run: TickJob }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private log: FastifyBaseLogger) {}

  add(name: string, run: TickJob): void {
    this.jobs.push({ name, run });
  }

  get names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (const job of this.jobs) {
          try {
            await job.run();
          } catch (err) {
            this.log.error({ err, job: job.name }, 'minute tick job failed');
          }
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  start(intervalMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), intervalMs).unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
