import type { Job } from 'bullmq';
import type { QueueName } from './queues';

/** One handler per (queue, job name); the worker refuses to start if one is missing. */
export interface JobHandler {
  readonly queue: QueueName;
  readonly jobName: string;
  /** Jobs of this queue in hand at once; WORKER_CONCURRENCY when no handler of the queue says. */
  readonly concurrency?: number;
  handle(job: Job): Promise<unknown>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** True while the job runs its last allowed attempt: if it fails now, it fails for good. */
export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Runs one attempt of a job; when the last allowed attempt fails, `exhausted` records the failure before the job
 * fails for good, so a crash in between cannot lose it.
 */
export async function recordingExhaustion<T>(job: Job, attempt: () => Promise<T>, exhausted: (error: string) => Promise<void>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (isLastAttempt(job)) await exhausted((err as Error).message);
    throw err;
  }
}
