import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { AppConfig } from '@docket/config';
import { QueueName } from './queues';
import { redisConnection } from './redis';

/** Retry policy per queue: every job is idempotent, so retrying is always safe. */
export function defaultJobOptions(queue: QueueName, config: AppConfig): JobsOptions {
  const keep = { removeOnComplete: { age: 24 * 3600, count: 100_000 }, removeOnFail: { age: 14 * 24 * 3600 } };
  switch (queue) {
    case 'enforcement':
    case 'notify':
    case 'alerts':
      return { ...keep, attempts: config.WEBHOOK_ATTEMPTS, backoff: { type: 'exponential', delay: config.WEBHOOK_BACKOFF_MS, jitter: 0.5 } };
    default:
      return { ...keep, attempts: 10, backoff: { type: 'exponential', delay: 500 } };
  }
}

/** One BullMQ producer per queue, sharing a single fail-fast connection. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  private connection?: Redis;

  constructor(private readonly config: AppConfig) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= redisConnection(this.config.REDIS_URL, 'producer');
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.config.QUEUE_PREFIX,
        defaultJobOptions: defaultJobOptions(name, this.config),
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  all(): Map<QueueName, Queue> {
    return this.queues;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.connection?.disconnect();
  }
}
