import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, QUEUES } from '@docket/queue';
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
