import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DEADLINE_JOBS, DeadlineTimerData, DeadlineTimerJobData } from '@docket/deadlines';
import { JobHandler, QUEUES } from '@docket/queue';
import { AlarmOutcome, DeadlineAlarms } from '@docket/review';

/** The job's timers, one after another; the outcome of each by case. Jobs queued before timers were grouped hold one. */
async function eachTimer(job: Job<DeadlineTimerJobData | DeadlineTimerData>, fire: (t: DeadlineTimerData) => Promise<AlarmOutcome>) {
  const timers = 'timers' in job.data ? job.data.timers : [job.data];
  const outcomes: Record<string, AlarmOutcome> = {};
  for (const t of timers) outcomes[t.caseId] = await fire(t);
  return outcomes;
}

@Injectable()
export class DeadlineWarningProcessor implements JobHandler {
  readonly queue = QUEUES.deadlines;
  readonly jobName = DEADLINE_JOBS.warn;

  constructor(private readonly alarms: DeadlineAlarms) {}

  handle(job: Job<DeadlineTimerJobData | DeadlineTimerData>) {
    return eachTimer(job, (t) => this.alarms.warn(t));
  }
}

@Injectable()
export class DeadlineBreachProcessor implements JobHandler {
  readonly queue = QUEUES.deadlines;
  readonly jobName = DEADLINE_JOBS.breach;

  constructor(private readonly alarms: DeadlineAlarms) {}

  handle(job: Job<DeadlineTimerJobData | DeadlineTimerData>) {
    return eachTimer(job, (t) => this.alarms.breach(t));
  }
}
