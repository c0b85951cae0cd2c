import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Alerts } from '@docket/alerts';
import { AuditEventInput, AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { Clock, PollingLoop } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import { redrivenRemovalOrderJob } from '@docket/enforcement';
import { JobSpec, Outbox, OutboxRelay, QUEUES, jobIds } from '@docket/queue';
import { AlarmOutcome, DeadlineAlarms } from '@docket/review';
import { redrivenRestoreOrderJob } from '@docket/appeals';
import { BulkDecisionService } from '@docket/bulk';
import { scanJob } from '@docket/triage';
import { InFlightJobs } from './in-flight-jobs';
import { ReconcileKind, ReconcilerMetrics } from './reconciler.metrics';
import { DueAlarm, ReconcilerRepository, StuckCase } from './reconciler.repository';

/** Rows of each kind one pass takes on; a full batch runs the next pass at once. */
const BATCH = 500;
/** Stalled bulk decisions one pass applies to the end (each up to 1 000 cases). */
const BULK_RESUMES = 5;
/** Bad rows remembered so each is logged once per process, not once per pass. */
const REPORTED_MAX = 10_000;

export type ReconcileResult = Partial<Record<ReconcileKind, number>> & { ran: boolean; more: boolean };

/**
 * Redis is a cache of PostgreSQL (docs/decisions/0026). Every RECONCILE_INTERVAL_MS one worker (the others find
 * the advisory lock taken) derives from PostgreSQL what must exist and re-creates what is missing:
 * - deadline warnings and breaches that are due and not recorded fire now, through the same DeadlineAlarms the
 *   timer jobs call, which record each once whoever comes first;
 * - outbox rows older than the stuck bound are relayed;
 * - cases received or removing longer than the bound, with no job in Redis or the outbox, get their triage or
 *   removal order again (the same decision, so the platform sees the same Idempotency-Key), with an audit event
 *   and a `case.stuck` alert; unfinished own-initiative scans, and restore orders of overturned removals, get
 *   their job again; bulk decisions whose applying process died are applied to the end.
 * A row it cannot repair is logged once with its id, counted, and passed over.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(Reconciler.name);
  private loop?: PollingLoop;
  private readonly reported = new Set<string>();

  constructor(
    private readonly tx: Transactions,
    private readonly repo: ReconcilerRepository,
    private readonly alarms: DeadlineAlarms,
    private readonly relay: OutboxRelay,
    private readonly inFlight: InFlightJobs,
    private readonly outbox: Outbox,
    private readonly alerts: Alerts,
    private readonly audit: AuditLog,
    private readonly metrics: ReconcilerMetrics,
    private readonly bulk: BulkDecisionService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RECONCILE_INTERVAL_MS === 0) return;
    this.loop = new PollingLoop('reconciler', async () => ({ more: (await this.reconcileOnce()).more }), this.config.RECONCILE_INTERVAL_MS);
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop?.stop() ?? Promise.resolve();
  }

  /** One pass, if no other worker is in one; the lock is held by a transaction open for the pass. */
  reconcileOnce(): Promise<ReconcileResult> {
    return this.tx.run(async (lockTx) => {
      if (!(await this.repo.lock(lockTx))) return { ran: false, more: false };
      const now = this.clock.now();
      const stuckBefore = new Date(now.getTime() - this.config.STUCK_AFTER_SECONDS * 1000);
      const warnings = await this.fireAlarms('warning', await this.repo.dueWarnings(this.tx.reader, now, BATCH), (t) => this.alarms.warn(t), 'warned');
      const breaches = await this.fireAlarms('breach', await this.repo.dueBreaches(this.tx.reader, now, BATCH), (t) => this.alarms.breach(t), 'breached');
      const outbox = await this.relayStaleOutbox(now);
      const stuck = await this.repo.stuck(this.tx.reader, stuckBefore, BATCH);
      const redriven = stuck.length > 0 && outbox.caughtUp ? await this.redrive(stuck, now) : { triage: 0, enforcement: 0 };
      const scans = await this.repo.unfinishedScans(this.tx.reader, stuckBefore, BATCH);
      const scan = scans.length > 0 && outbox.caughtUp ? await this.redriveScans(scans) : 0;
      const restorations = await this.repo.stuckRestorations(this.tx.reader, stuckBefore, BATCH);
      const restore = restorations.length > 0 && outbox.caughtUp && this.config.PLATFORM_WEBHOOK_URL ? await this.redriveRestorations(restorations, now) : 0;
      const bulk = await this.bulk.resumeStalled(BULK_RESUMES).catch((err: Error) => {
        this.log.error(`reconciler could not resume a stalled bulk decision: ${err.message}`);
        return 0;
      });
      const result = { warning: warnings.fired, breach: breaches.fired, outbox: outbox.relayed, ...redriven, scan, restore, bulk };
      for (const [kind, n] of Object.entries(result) as [ReconcileKind, number][]) {
        if (n === 0) continue;
        this.metrics.reconciled(kind, n);
        this.log.warn(`reconciled ${n} ${kind}${n === 1 ? '' : 's'} that Redis did not deliver`);
      }
      // Another pass at once only for a full batch that moved (rows that cannot move wait for the interval).
      const full = (seen: number, moved: number) => seen === BATCH && moved > 0;
      const more = full(warnings.seen, warnings.fired) || full(breaches.seen, breaches.fired) || full(stuck.length, redriven.triage + redriven.enforcement)
        || full(scans.length, scan) || full(restorations.length, restore) || bulk === BULK_RESUMES;
      return { ran: true, more, ...result };
    });
  }

  /** Fires each due alarm in its own transaction; `fired` counts those this pass recorded (not the timer job). */
  private async fireAlarms(kind: 'warning' | 'breach', due: DueAlarm[], fire: (t: { caseId: string; dueAt: string }) => Promise<AlarmOutcome>, recorded: AlarmOutcome) {
    let fired = 0;
    for (const alarm of due) {
      try {
        if ((await fire({ caseId: alarm.caseId, dueAt: alarm.dueAt.toISOString() })) === recorded) fired += 1;
      } catch (err) {
        this.badRow(kind, alarm.caseId, err);
      }
    }
    return { seen: due.length, fired };
  }

  /** The relay runs in every worker; rows older than the bound mean it could not (Redis down): try once more here. */
  private async relayStaleOutbox(now: Date): Promise<{ relayed: number; caughtUp: boolean }> {
    const boundMs = this.config.STUCK_AFTER_SECONDS * 1000;
    const oldest = await this.repo.oldestOutboxRow(this.tx.reader);
    if (!oldest || now.getTime() - oldest.getTime() < boundMs) return { relayed: 0, caughtUp: true };
    try {
      const relayed = await this.relay.relayOnce();
      const after = await this.repo.oldestOutboxRow(this.tx.reader);
      return { relayed, caughtUp: !after || now.getTime() - after.getTime() < boundMs };
    } catch (err) {
      this.log.warn(`reconciler: outbox rows wait for Redis: ${(err as Error).message}`);
      return { relayed: 0, caughtUp: false };
    }
  }

  /**
   * Stuck cases whose job neither Redis nor the outbox holds get it again, in one transaction with their audit
   * events and alerts. A queue too busy to list, or Redis down, leaves its cases for a later pass.
   */
  private async redrive(stuck: StuckCase[], now: Date): Promise<{ triage: number; enforcement: number }> {
    const received = stuck.filter((c) => c.state === 'received');
    const removing = stuck.filter((c) => c.state === 'removing');
    const [triaging, removingInFlight] = await Promise.all([
      received.length > 0 ? this.inFlight.subjects(QUEUES.triage) : new Set<string>(),
      removing.length > 0 ? this.inFlight.subjects(QUEUES.enforcement) : new Set<string>(),
    ]);
    const toTriage = triaging ? received.filter((c) => !triaging.has(c.caseId)) : [];
    const toRemove: (StuckCase & { decisionId: string })[] = [];
    for (const c of removingInFlight && this.config.PLATFORM_WEBHOOK_URL ? removing : []) {
      if (removingInFlight!.has(c.caseId)) continue;
      if (c.decisionId) toRemove.push(c as StuckCase & { decisionId: string });
      else this.badRow('enforcement', c.caseId, new Error('case is removing but has no removal decision'));
    }
    const jobs: JobSpec[] = toRemove.map((c) => redrivenRemovalOrderJob(c.caseId, c.decisionId, now));
    if (toTriage.length > 0) {
      jobs.push({ queue: QUEUES.triage, name: 'triage', jobId: jobIds.triageRedriven(now, toTriage[0].caseId), data: { caseIds: toTriage.map((c) => c.caseId) } });
    }
    const redriven = [...toTriage, ...toRemove];
    const jobOf = new Map(jobs.flatMap((j) => ((j.data.caseIds as string[] | undefined) ?? [j.data.caseId as string]).map((id) => [id, j.jobId])));
    const events: AuditEventInput[] = redriven.map((c) => ({
      actor: SYSTEM_ACTOR, action: c.state === 'received' ? 'case.triage_redriven' : 'case.enforcement_redriven', subjectType: 'case', subjectId: c.caseId, at: now,
      data: { since: c.since.toISOString(), jobId: jobOf.get(c.caseId), ...(c.decisionId ? { decisionId: c.decisionId } : {}) },
    }));
    // Alerted once per case and state (or decision): the alert's job id is the same on every pass.
    const unalerted = stuck.filter((c) => !this.reported.has(`alert-${c.caseId}-${c.state}`));
    await this.tx.run(async (tx) => {
      await this.outbox.add(tx, jobs);
      await this.audit.record(tx, events);
      await this.repo.markRedriven(tx, redriven.map((c) => c.caseId));
      for (const c of unalerted) {
        await this.alerts.raise(tx, {
          type: 'case.stuck', caseId: c.caseId, at: now.toISOString(), key: c.decisionId ? `${c.state}-${c.decisionId}` : c.state,
          details: { state: c.state, since: c.since.toISOString(), redriven: jobOf.has(c.caseId), ...(c.decisionId ? { decisionId: c.decisionId } : {}) },
        });
      }
    });
    for (const c of unalerted) this.remember(`alert-${c.caseId}-${c.state}`);
    if (removing.length > 0 && !this.config.PLATFORM_WEBHOOK_URL) {
      this.logOnce('no-platform-url', `${removing.length} removal(s) wait: PLATFORM_WEBHOOK_URL is not set in this worker`, 'warn');
    }
    return { triage: toTriage.length, enforcement: toRemove.length };
  }

  /**
   * Unfinished scans whose job Redis no longer holds get it again. The job id is the scan's (`scan-<id>`), and a
   * scan writes each post's result once, so a job that was only slow costs nothing.
   */
  private async redriveScans(scanIds: string[]): Promise<number> {
    const running = await this.inFlight.subjects(QUEUES.scans);
    if (!running) return 0;
    const lost = scanIds.filter((id) => !running.has(id));
    if (lost.length > 0) await this.tx.run((tx) => this.outbox.add(tx, lost.map(scanJob)));
    return lost.length;
  }

  /** Restore orders of overturned removals that Redis no longer holds: sent again under the same decision (and key). */
  private async redriveRestorations(stuck: { appealId: string; decisionId: string }[], now: Date): Promise<number> {
    const inFlight = await this.inFlight.subjects(QUEUES.enforcement);
    if (!inFlight) return 0;
    const lost = stuck.filter((r) => !inFlight.has(r.appealId));
    if (lost.length === 0) return 0;
    await this.tx.run(async (tx) => {
      await this.outbox.add(tx, lost.map((r) => redrivenRestoreOrderJob(r.appealId, r.decisionId, now)));
      await this.audit.record(tx, lost.map((r) => ({
        actor: SYSTEM_ACTOR, action: 'appeal.restore_redriven', subjectType: 'appeal', subjectId: r.appealId, at: now, data: { decisionId: r.decisionId },
      })));
      await this.repo.markRestorationsRedriven(tx, lost.map((r) => r.appealId));
    });
    return lost.length;
  }

  /** Counted and logged once per row and process: a row that cannot be repaired fails the same way every pass. */
  private badRow(kind: ReconcileKind, id: string, err: unknown): void {
    if (this.logOnce(`${kind}-${id}`, `reconciler cannot repair the ${kind} of case ${id}: ${err instanceof Error ? err.message : String(err)}`)) {
      this.metrics.badRow(kind);
    }
  }

  private logOnce(key: string, message: string, level: 'warn' | 'error' = 'error'): boolean {
    if (this.reported.has(key)) return false;
    this.remember(key);
    this.log[level](message);
    return true;
  }

  private remember(key: string): void {
    if (this.reported.size >= REPORTED_MAX) this.reported.clear();
    this.reported.add(key);
  }
}
