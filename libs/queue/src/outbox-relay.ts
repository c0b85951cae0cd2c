import { Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Clock, PollingLoop, groupBy } from '@docket/common';
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
  private readonly loop: PollingLoop;

  constructor(
    private readonly tx: Transactions,
    private readonly queues: QueueRegistry,
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.loop = new PollingLoop('outbox relay', async () => ({ more: (await this.relayOnce()) === BATCH }), config.OUTBOX_POLL_MS);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
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
      const byQueue = groupBy(batch, (row) => row.queue);
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
}
