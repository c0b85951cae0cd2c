import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APPEAL_RESOLVED_JOB, AppealCallbacks, AppealResolvedJobData, RESTORE_JOB, RestoreJobData, RestoreService } from '@docket/appeals';
import { AppConfig } from '@docket/config';
import { JobHandler, QUEUES, recordingExhaustion } from '@docket/queue';

/** Restore orders share the enforcement queue (and its retry policy) with removal orders. */
@Injectable()
export class RestoreProcessor implements JobHandler {
  readonly queue = QUEUES.enforcement;
  readonly jobName = RESTORE_JOB;
  readonly concurrency: number;

  constructor(private readonly restores: RestoreService, config: AppConfig) {
    this.concurrency = config.ENFORCEMENT_CONCURRENCY;
  }

  handle(job: Job<RestoreJobData>) {
    return recordingExhaustion(job, () => this.restores.execute(job.data, job.attemptsMade + 1), (error) => this.restores.exhausted(job.data, error));
  }
}

@Injectable()
export class AppealCallbackProcessor implements JobHandler {
  readonly queue = QUEUES.notify;
  readonly jobName = APPEAL_RESOLVED_JOB;

  constructor(private readonly callbacks: AppealCallbacks) {}

  handle(job: Job<AppealResolvedJobData>) {
    return this.callbacks.deliver(job.data);
  }
}
