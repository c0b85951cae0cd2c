import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions, rows } from '@docket/database';
import { QueueRegistry } from './queue-registry';
import { QueueName } from './queues';

interface OutboxRow {
  queue: QueueName;
  name: string;
  job_id: string;
  data: Record<string, unknown>;
  run_at: Date | null;
}

const BATCH = 500;

/**
 * Moves outbox rows to BullMQ. Rows are deleted in the same transaction that
 * queues them, and only if queuing succeeded: Redis down means the rows wait.
 * SKIP LOCKED lets any number of relays run; deterministic job ids make a
 * row queued twice (a crash between add and commit) a no-op.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly tx: Transactions,
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Relays one batch; returns how many jobs were queued. */
  async relayOnce(): Promise<number> {
    return this.tx.run(async (tx) => {
      const batch = await rows<OutboxRow>(
        tx,
        `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING queue, name, job_id, data, run_at`,
        [BATCH],
      );
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of batch) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      // run_at was set from the same clock as every other timestamp.
      const now = this.clock.now().getTime();
      await Promise.all(
        [...byQueue].map(([queue, jobs]) =>
          this.queues.get(queue).addBulk(
            jobs.map((j) => ({
              name: j.name,
              data: j.data,
              opts: { jobId: j.job_id, delay: j.run_at ? Math.max(0, new Date(j.run_at).getTime() - now) : undefined },
            })),
          ),
        ),
      );
      return batch.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
        if (failures > 0) this.log.log('outbox relay recovered');
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 50 === 0) this.log.warn(`outbox relay waiting: ${(err as Error).message}`);
      }
      if (moved < BATCH) await this.pause(failures > 0 ? Math.min(200 * failures, 2000) : this.config.OUTBOX_POLL_MS);
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
