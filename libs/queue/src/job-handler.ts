import type { Job } from 'bullmq';
import type { QueueName } from './queues';

/** One handler per (queue, job name); the worker refuses to start if one is missing. */
export interface JobHandler {
  readonly queue: QueueName;
  readonly jobName: string;
  handle(job: Job): Promise<unknown>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
