import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Alert, Alerts } from '@docket/alerts';
import { JobHandler, QUEUES } from '@docket/queue';

@Injectable()
export class AlertProcessor implements JobHandler {
  readonly queue = QUEUES.alerts;
  readonly jobName = 'alert';

  constructor(private readonly alerts: Alerts) {}

  handle(job: Job<Alert>) {
    return this.alerts.deliver(job.data);
  }
}
