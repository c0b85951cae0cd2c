import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '@docket/config';
import { JOB_HANDLERS, JobHandler } from './job-handler';
import { QueueName } from './queues';

/**
 * Runs a BullMQ worker per queue that has handlers. On shutdown it stops taking
 * jobs and waits for the ones in hand (BullMQ's close), so nothing is left half done;
 * a job cut off harder than that is retried, which handlers are written to allow.
 */
@Injectable()
export class Workers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(Workers.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandler[],
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const byQueue = new Map<QueueName, Map<string, JobHandler>>();
    for (const handler of this.handlers) {
      const names = byQueue.get(handler.queue) ?? new Map<string, JobHandler>();
      if (names.has(handler.jobName)) throw new Error(`two handlers for ${handler.queue}/${handler.jobName}`);
      names.set(handler.jobName, handler);
      byQueue.set(handler.queue, names);
    }
    for (const [queue, names] of byQueue) {
      const concurrency = Math.max(0, ...[...names.values()].map((h) => h.concurrency ?? 0)) || this.config.WORKER_CONCURRENCY;
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = names.get(job.name);
          if (!handler) throw new Error(`no handler for job ${queue}/${job.name}`);
          return handler.handle(job);
        },
        {
          connection: {
            url: this.config.REDIS_URL,
            maxRetriesPerRequest: null,
            connectionName: `docket-worker-${queue}`,
            // BullMQ's default backs off to 20 s between attempts: after an outage
            // the worker would sit idle (and its close would wait) that long.
            retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
          },
          prefix: this.config.QUEUE_PREFIX,
          concurrency,
          lockDuration: this.config.JOB_LOCK_MS,
          stalledInterval: this.config.JOB_LOCK_MS,
          // Every job is idempotent, so one whose worker died (deploys, OOM) is simply run again;
          // BullMQ's default of 1 would fail it for good after a second crash.
          maxStalledCount: 10,
        },
      );
      worker.on('error', (err) => this.log.warn(`worker ${queue}: ${err.message}`));
      worker.on('failed', (job, err) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.log.error(`job ${queue}/${job.name} ${job.id} failed for good: ${err.message}`);
      });
      this.workers.push(worker);
    }
  }

  // Before, not on, application shutdown: jobs in hand still need the database and Redis connections.
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => this.closeWithin(w, this.config.SHUTDOWN_GRACE_MS)));
  }

  /** Jobs in hand get the grace period to finish; a job cut off after it is retried, which handlers allow. */
  private async closeWithin(worker: Worker, graceMs: number): Promise<void> {
    if (!(await settlesWithin(worker.close(), graceMs))) this.log.warn(`worker ${worker.name} did not stop within ${graceMs} ms`);
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
