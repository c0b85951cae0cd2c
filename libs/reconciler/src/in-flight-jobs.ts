import { Injectable } from '@nestjs/common';
import type { JobType } from 'bullmq';
import { QueueName, QueueRegistry } from '@docket/queue';

/** Every state in which a job will still run by itself. */
const PENDING: JobType[] = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'];
/** Above this many pending jobs the queue is busy working: listing them costs more than waiting a pass. */
const LISTABLE = 2000;

/** What Redis still holds of a queue's work, by case. */
@Injectable()
export class InFlightJobs {
  constructor(private readonly queues: QueueRegistry) {}

  /** The cases (or scans, or appeals) a pending job of the queue names; null when Redis cannot say now (down, or too busy to list). */
  async subjects(name: QueueName): Promise<Set<string> | null> {
    const queue = this.queues.get(name);
    try {
      const counts = await queue.getJobCounts(...PENDING);
      if (Object.values(counts).reduce((a, b) => a + b, 0) > LISTABLE) return null;
      const jobs = await queue.getJobs(PENDING, 0, -1);
      return new Set(jobs.flatMap((job) => (job ? subjectsOf(job.data) : [])));
    } catch {
      return null;
    }
  }
}

/** Triage jobs name a batch of cases; removal orders (and triage jobs of older versions) one; scans and restore orders theirs. */
function subjectsOf(data: { caseIds?: string[]; caseId?: string; scanId?: string; appealId?: string }): string[] {
  if (data.caseIds) return data.caseIds;
  const one = data.caseId ?? data.scanId ?? data.appealId;
  return one ? [one] : [];
}
