import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DEADLINE_JOBS, DeadlineTimerData } from '@docket/deadlines';
import { JobHandler, QUEUES } from '@docket/queue';
import { DeadlineAlarms } from '@docket/review';

@Injectable()
export class DeadlineWarningProcessor implements JobHandler {
  readonly queue = QUEUES.deadlines;
  readonly jobName = DEADLINE_JOBS.warn;

  constructor(private readonly alarms: DeadlineAlarms) {}

  handle(job: Job<DeadlineTimerData>) {
    return this.alarms.warn(job.data);
  }
}

@Injectable()
export class DeadlineBreachProcessor implements JobHandler {
  readonly queue = QUEUES.deadlines;
  readonly jobName = DEADLINE_JOBS.breach;

  constructor(private readonly alarms: DeadlineAlarms) {}

  handle(job: Job<DeadlineTimerData>) {
    return this.alarms.breach(job.data);
  }
}
