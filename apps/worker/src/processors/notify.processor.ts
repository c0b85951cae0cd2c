import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, QUEUES } from '@docket/queue';
import { REPORTER_WARNING_JOB, ReporterWarningJobData } from '@docket/principals';
import { NotifyJobData, ReporterCallbacks } from '@docket/reports';

@Injectable()
export class NotifyProcessor implements JobHandler {
  readonly queue = QUEUES.notify;
  readonly jobName = 'report.resolved';

  constructor(private readonly callbacks: ReporterCallbacks) {}

  handle(job: Job<NotifyJobData>) {
    return this.callbacks.deliver(job.data);
  }
}

/** The signed `reporter.warning` callback of an admin's warning (DSA Art. 23). */
@Injectable()
export class ReporterWarningProcessor implements JobHandler {
  readonly queue = QUEUES.notify;
  readonly jobName = REPORTER_WARNING_JOB;

  constructor(private readonly callbacks: ReporterCallbacks) {}

  handle(job: Job<ReporterWarningJobData>) {
    return this.callbacks.deliverWarning(job.data);
  }
}
