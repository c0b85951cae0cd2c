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

/** When a case's warning is due: `warnAtFraction` of the way from the window's start to the deadline. */
export function warningAt(t: DeadlineTimerPlan): Date {
  const start = t.windowStart.getTime();
  return new Date(start + (t.dueAt.getTime() - start) * t.warnAtFraction);
}

export const DEADLINE_JOBS = { warn: 'deadline.warn', breach: 'deadline.breach' } as const;

/** A timer job: the timers of one kind that fall due in the same second, from one transaction. */
export interface DeadlineTimerJobData {
  timers: DeadlineTimerData[];
}

/** Timers fire at the end of the second they fall in: never before their moment, at most a second after. */
const TIMER_RESOLUTION_MS = 1000;

/**
 * Deadline timers are delayed jobs, written to the outbox with the state change that set the deadline. The timers
 * of one transaction that fall due in the same second share a job (a triage batch of cases received together has
 * a few deadlines, not one per case), so BullMQ moves a handful of jobs per batch. Each timer names its case and
 * deadline: a timer whose case has another deadline by then does nothing, and a moved deadline gets new timers.
 * Job ids name the kind, the second and the first case, so relaying the same outbox row twice queues one job.
 */
@Injectable()
export class DeadlineTimers {
  constructor(private readonly outbox: Outbox) {}

  async plan(tx: Tx, timers: DeadlineTimerPlan[]): Promise<void> {
    const jobs = new Map<string, { kind: keyof typeof DEADLINE_JOBS; runAt: number; timers: DeadlineTimerData[] }>();
    const add = (kind: keyof typeof DEADLINE_JOBS, at: number, timer: DeadlineTimerData) => {
      const runAt = Math.ceil(at / TIMER_RESOLUTION_MS) * TIMER_RESOLUTION_MS;
      const key = `${kind}-${runAt}`;
      const job = jobs.get(key) ?? { kind, runAt, timers: [] };
      job.timers.push(timer);
      jobs.set(key, job);
    };
    for (const t of timers) {
      const due = t.dueAt.getTime();
      const timer: DeadlineTimerData = { caseId: t.caseId, dueAt: t.dueAt.toISOString() };
      add('warn', warningAt(t).getTime(), timer);
      add('breach', due, timer);
    }
    await this.outbox.add(tx, [...jobs].map(([key, { kind, runAt, timers: due }]) => {
      const data = { timers: due } satisfies DeadlineTimerJobData;
      return { queue: QUEUES.deadlines, name: DEADLINE_JOBS[kind], jobId: `${key}-${due[0].caseId}`, data, runAt: new Date(runAt) };
    }));
  }
}
