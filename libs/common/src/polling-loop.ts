import { Logger } from '@nestjs/common';

/**
 * A background loop for work found by polling the database (outbox relay, audit sequencer): `step` runs again at
 * once while it reports more work, after `idleMs` when it found less, and after a growing pause (at most 2 s)
 * while it fails, e.g. with PostgreSQL or Redis down; the first failure and every 50th are logged.
 */
export class PollingLoop {
  private readonly log: Logger;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly name: string,
    private readonly step: () => Promise<{ more: boolean }>,
    private readonly idleMs: number,
  ) {
    this.log = new Logger(name);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the step in hand, if any. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let more = false;
      try {
        more = (await this.step()).more;
        if (failures > 0) this.log.log(`${this.name} recovered`);
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 50 === 0) this.log.warn(`${this.name} waiting: ${(err as Error).message}`);
      }
      if (!more) await this.pause(failures > 0 ? Math.min(200 * failures, 2000) : this.idleMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
