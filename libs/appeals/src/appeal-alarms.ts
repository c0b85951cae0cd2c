import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Alerts } from '@docket/alerts';
import { AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { Clock, PollingLoop } from '@docket/common';
import { Transactions, one } from '@docket/database';
import { AppealsRepository } from './appeals.repository';

/** Appeal deadlines are days long: polled alarms at this resolution are exact enough and need no Redis. */
export const APPEAL_ALARMS_POLL_MS = 5000;
const BATCH = 500;
/** Passes of every worker serialise on this key. */
const APPEAL_ALARMS_LOCK = 0x61707065; // 'appe'

/**
 * Appeal deadlines warn and escalate as case deadlines do, from PostgreSQL alone: every few seconds one worker
 * fires the warnings and breaches that are due. Each is recorded once (warn_at and breached_at are cleared or set by
 * the statement that fires it); a breached, undecided appeal moves to the senior tier.
 */
@Injectable()
export class AppealAlarms implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new PollingLoop('appeal alarms', async () => ({ more: await this.fireDue() }), APPEAL_ALARMS_POLL_MS);

  constructor(
    private readonly tx: Transactions,
    private readonly repo: AppealsRepository,
    private readonly alerts: Alerts,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Fires what is due now; true when a batch was full (more may be due). */
  fireDue(): Promise<boolean> {
    return this.tx.run(async (lockTx) => {
      if (!(await one<{ locked: boolean }>(lockTx, `SELECT pg_try_advisory_xact_lock($1) AS locked`, [APPEAL_ALARMS_LOCK]))!.locked) return false;
      const now = this.clock.now();
      const warnings = await this.repo.dueWarnings(this.tx.reader, now, BATCH);
      for (const w of warnings) await this.warn(w.id);
      const breaches = await this.repo.dueBreaches(this.tx.reader, now, BATCH);
      for (const b of breaches) await this.breach(b.id);
      return warnings.length === BATCH || breaches.length === BATCH;
    });
  }

  private warn(id: string): Promise<void> {
    return this.tx.run(async (tx) => {
      const appeal = await this.repo.takeWarning(tx, id);
      if (!appeal) return;
      const now = this.clock.now();
      await this.audit.record(tx, { actor: SYSTEM_ACTOR, action: 'appeal.deadline_warning', subjectType: 'appeal', subjectId: id, at: now, data: { dueAt: appeal.dueAt.toISOString() } });
      await this.alerts.raise(tx, {
        type: 'appeal.deadline_warning', caseId: appeal.caseId, at: now.toISOString(), key: `${id}-${appeal.dueAt.getTime()}`,
        details: { appealId: id, dueAt: appeal.dueAt.toISOString(), appellant: appeal.appellant, category: appeal.category },
      });
    });
  }

  private breach(id: string): Promise<void> {
    return this.tx.run(async (tx) => {
      const appeal = await this.repo.markBreached(tx, id);
      if (!appeal) return;
      const now = this.clock.now();
      const escalated = appeal.state === 'queued';
      await this.audit.record(tx, {
        actor: SYSTEM_ACTOR, action: 'appeal.breached', subjectType: 'appeal', subjectId: id, at: now,
        data: { dueAt: appeal.dueAt.toISOString(), state: appeal.state, escalated },
      });
      await this.alerts.raise(tx, {
        type: 'appeal.breached', caseId: appeal.caseId, at: now.toISOString(), key: `${id}-${appeal.dueAt.getTime()}`,
        details: { appealId: id, dueAt: appeal.dueAt.toISOString(), state: appeal.state, escalatedToSenior: escalated, category: appeal.category },
      });
    });
  }
}
