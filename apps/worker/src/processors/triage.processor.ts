import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '@docket/config';
import { JobHandler, QUEUES, TriageJobData } from '@docket/queue';
import { TriageBatcher } from '@docket/triage';

@Injectable()
export class TriageProcessor implements JobHandler {
  readonly queue = QUEUES.triage;
  readonly jobName = 'triage';

  readonly concurrency: number;

  constructor(private readonly triage: TriageBatcher, config: AppConfig) {
    this.concurrency = config.TRIAGE_CONCURRENCY;
  }

  /** The job's cases join whatever batch the worker's other triage jobs make; the job ends when all are triaged. */
  async handle(job: Job<TriageJobData | { caseId: string }>) {
    // Jobs queued before triage jobs carried a batch name one case.
    const caseIds = 'caseIds' in job.data ? job.data.caseIds : [job.data.caseId];
    const outcomes = await Promise.all(caseIds.map((id) => this.triage.submit(id)));
    return countBy(outcomes);
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
