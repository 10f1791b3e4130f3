export interface Job {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs the time-based jobs on an interval, one round at a time. Every job is safe to run on
 * several nodes at once (each guards its rows with versions), so no leader election is needed.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;

  constructor(private readonly jobs: Job[]) {}

  start(intervalMs: number, onError: (job: string, err: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.round) return;
      this.round = this.runAll(onError).finally(() => (this.round = null));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  async runAll(onError: (job: string, err: unknown) => void): Promise<void> {
    for (const job of this.jobs) {
      try {
        await job.run();
      } catch (err) {
        onError(job.name, err);
      }
    }
  }
}
