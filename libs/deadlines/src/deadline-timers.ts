import { Injectable } from '@nestjs/common';
import { Tx } from '@docket/database';
import { Outbox, QUEUES } from '@docket/queue';

export interface DeadlineTimerData {
  caseId: string;
  /** The deadline the timer was set for: a timer whose case has another deadline by now does nothing. */
  dueAt: string;
}

/** A case's deadline timers: warning at `warnAtFraction` of the window, breach at the deadline. */
export interface DeadlineTimerPlan {
  caseId: string;
  windowStart: Date;
  dueAt: Date;
  warnAtFraction: number;
}

export const DEADLINE_JOBS = { warn: 'deadline.warn', breach: 'deadline.breach' } as const;

/**
 * Deadline timers are delayed jobs, written to the outbox with the state change
 * that set the deadline. Their ids name the case and the deadline, so setting
 * the same deadline twice queues one timer, and a moved deadline gets new ones.
 */
@Injectable()
export class DeadlineTimers {
  constructor(private readonly outbox: Outbox) {}

  async plan(tx: Tx, timers: DeadlineTimerPlan[]): Promise<void> {
    await this.outbox.add(tx, timers.flatMap((t) => {
      const due = t.dueAt.getTime();
      const warnAt = new Date(t.windowStart.getTime() + (due - t.windowStart.getTime()) * t.warnAtFraction);
      const data: DeadlineTimerData = { caseId: t.caseId, dueAt: t.dueAt.toISOString() };
      return [
        { queue: QUEUES.deadlines, name: DEADLINE_JOBS.warn, jobId: `warn-${t.caseId}-${due}`, data: { ...data }, runAt: warnAt },
        { queue: QUEUES.deadlines, name: DEADLINE_JOBS.breach, jobId: `breach-${t.caseId}-${due}`, data: { ...data }, runAt: t.dueAt },
      ];
    }));
  }
}
