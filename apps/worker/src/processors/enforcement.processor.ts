import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ENFORCEMENT_JOB, EnforcementJobData, EnforcementService } from '@docket/enforcement';
import { AppConfig } from '@docket/config';
import { JobHandler, QUEUES, isLastAttempt } from '@docket/queue';

@Injectable()
export class EnforcementProcessor implements JobHandler {
  readonly queue = QUEUES.enforcement;
  readonly jobName = ENFORCEMENT_JOB;

  readonly concurrency: number;

  constructor(private readonly enforcement: EnforcementService, config: AppConfig) {
    this.concurrency = config.ENFORCEMENT_CONCURRENCY;
  }

  async handle(job: Job<EnforcementJobData>) {
    try {
      return await this.enforcement.execute(job.data, job.attemptsMade + 1);
    } catch (err) {
      // Recorded before the job fails for good, so a crash cannot lose the failure.
      if (isLastAttempt(job)) await this.enforcement.exhausted(job.data, (err as Error).message);
      throw err;
    }
  }
}
