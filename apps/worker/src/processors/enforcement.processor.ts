import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ENFORCEMENT_JOB, EnforcementJobData, EnforcementService } from '@docket/enforcement';
import { AppConfig } from '@docket/config';
import { JobHandler, QUEUES, recordingExhaustion } from '@docket/queue';

@Injectable()
export class EnforcementProcessor implements JobHandler {
  readonly queue = QUEUES.enforcement;
  readonly jobName = ENFORCEMENT_JOB;

  readonly concurrency: number;

  constructor(private readonly enforcement: EnforcementService, config: AppConfig) {
    this.concurrency = config.ENFORCEMENT_CONCURRENCY;
  }

  handle(job: Job<EnforcementJobData>) {
    return recordingExhaustion(job, () => this.enforcement.execute(job.data, job.attemptsMade + 1), (error) => this.enforcement.exhausted(job.data, error));
  }
}
