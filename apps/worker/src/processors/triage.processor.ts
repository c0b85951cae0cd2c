import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, QUEUES } from '@docket/queue';
import { TriageService } from '@docket/triage';

@Injectable()
export class TriageProcessor implements JobHandler {
  readonly queue = QUEUES.triage;
  readonly jobName = 'triage';

  constructor(private readonly triage: TriageService) {}

  handle(job: Job<{ caseId: string }>) {
    return this.triage.triage(job.data.caseId);
  }
}
