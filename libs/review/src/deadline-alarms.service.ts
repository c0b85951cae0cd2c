import { Injectable } from '@nestjs/common';
import { Alerts } from '@docket/alerts';
import { AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { Clock } from '@docket/common';
import { Transactions } from '@docket/database';
import type { DeadlineTimerData } from '@docket/deadlines';
import { ReviewRepository } from './review.repository';

/** `already`: for a warning, also a deadline moved since or a case decided: nothing to warn about. */
export type AlarmOutcome = 'warned' | 'breached' | 'moved' | 'closed' | 'already';

/**
 * What deadline timers do when they fire. A timer set for a deadline the case no
 * longer has (tightened since) or for a case already closed does nothing.
 */
@Injectable()
export class DeadlineAlarms {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ReviewRepository,
    private readonly alerts: Alerts,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Warns while nobody has decided yet, once per deadline: the warning is taken off the case (warn_at) in the
   * transaction that gives it, so the timer job and the reconciler, whichever comes second, find nothing to do.
   */
  warn(t: DeadlineTimerData): Promise<AlarmOutcome> {
    return this.tx.run(async (tx) => {
      const c = await this.repo.takeWarning(tx, t.caseId, new Date(t.dueAt));
      if (!c) return 'already';
      const now = this.clock.now();
      await this.audit.record(tx, { actor: SYSTEM_ACTOR, action: 'case.deadline_warning', subjectType: 'case', subjectId: c.id, at: now, data: { dueAt: t.dueAt } });
      await this.alerts.raise(tx, {
        type: 'deadline.warning', caseId: c.id, at: now.toISOString(), key: String(c.dueAt.getTime()),
        details: { dueAt: t.dueAt, state: c.state, tier: c.tier, category: c.category, reportCount: c.reportCount },
      });
      return 'warned';
    });
  }

  /**
   * The deadline passed with the platform not yet confirming a removal: the case
   * is breached. Undecided, it goes to the senior tier, where its past deadline
   * puts it ahead of every case not breached.
   */
  breach(t: DeadlineTimerData): Promise<AlarmOutcome> {
    return this.tx.run(async (tx) => {
      const c = await this.repo.findCase(tx, t.caseId, true);
      if (!c || c.dueAt.getTime() !== Date.parse(t.dueAt)) return 'moved';
      if (c.state === 'removed' || c.state === 'no_violation') return 'closed';
      if (c.breachedAt) return 'already';
      const now = this.clock.now();
      const escalate = c.state === 'received' || c.state === 'queued';
      await this.repo.markBreached(tx, c.id, escalate);
      await this.audit.record(tx, {
        actor: SYSTEM_ACTOR, action: 'case.breached', subjectType: 'case', subjectId: c.id, at: now,
        data: { dueAt: t.dueAt, before: { state: c.state, tier: c.tier }, escalated: escalate },
      });
      await this.alerts.raise(tx, {
        type: 'deadline.breached', caseId: c.id, at: now.toISOString(), key: String(c.dueAt.getTime()),
        details: { dueAt: t.dueAt, state: c.state, escalatedToSenior: escalate, category: c.category, reportCount: c.reportCount },
      });
      return 'breached';
    });
  }
}
