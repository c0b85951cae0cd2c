import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '@docket/config';
import { JobHandler, QUEUES } from '@docket/queue';
import { TriageBatcher } from '@docket/triage';

@Injectable()
export class TriageProcessor implements JobHandler {
  readonly queue = QUEUES.triage;
  readonly jobName = 'triage';

  readonly concurrency: number;

  constructor(private readonly triage: TriageBatcher, config: AppConfig) {
    this.concurrency = config.TRIAGE_CONCURRENCY;
  }

  handle(job: Job<{ caseId: string }>) {
    return this.triage.submit(job.data.caseId);
  }
}
