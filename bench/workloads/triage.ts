import { Queue } from 'bullmq';
import { defaultJobOptions } from '@docket/queue';
import { loadEnvironment } from '@docket/config';
import { QUEUE_PREFIX, REDIS_URL } from '../bench-db';
import { secondsSince, sleep } from '../stats';

export interface DrainResult {
  jobs: number;
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

/**
 * Jobs/s of whatever workers listen on `queueName`: the queue is paused, all
 * jobs are added, then it is resumed and the clock runs until every job is
 * completed or failed. Adding is therefore not timed, and the workers start
 * with a full queue, as after a burst of intake.
 */
export async function drainQueue(queueName: string, jobs: { jobId: string; data: Record<string, unknown> }[], name: string, timeoutS = 300): Promise<DrainResult> {
  // The job options docket's producers use for this queue (retries, retention), so raw and docket jobs cost Redis the same.
  const queue = new Queue(queueName, {
    connection: { url: REDIS_URL },
    prefix: QUEUE_PREFIX,
    defaultJobOptions: defaultJobOptions('triage', loadEnvironment({})),
  });
  try {
    await queue.pause();
    // Completed jobs of an earlier phase stay counted (docket keeps them a day): count from here.
    const base = await queue.getJobCounts('completed', 'failed');
    for (let i = 0; i < jobs.length; i += 1000) {
      await queue.addBulk(jobs.slice(i, i + 1000).map((j) => ({ name, data: j.data, opts: { jobId: j.jobId } })));
    }
    const started = process.hrtime.bigint();
    await queue.resume();
    const deadline = Date.now() + timeoutS * 1000;
    let counts = { completed: 0, failed: 0 };
    for (;;) {
      const c = await queue.getJobCounts('completed', 'failed');
      counts = { completed: (c.completed ?? 0) - (base.completed ?? 0), failed: (c.failed ?? 0) - (base.failed ?? 0) };
      if (counts.completed + counts.failed >= jobs.length || Date.now() > deadline) break;
      await sleep(20);
    }
    const seconds = secondsSince(started);
    return { jobs: jobs.length, ...counts, seconds, perSecond: counts.completed / seconds };
  } finally {
    await queue.close();
  }
}
