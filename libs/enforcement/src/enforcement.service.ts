import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Alerts } from '@docket/alerts';
import { AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { ApiError, Clock, GroupCommit, Page, decodeCursor, toPage } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { JobSpec, Outbox, QUEUES } from '@docket/queue';
import { WebhookSender } from '@docket/webhooks';
import { EnforcementRepository, RemovalFailure, RemovalOrder } from './enforcement.repository';

export type RemovalFailureView = Omit<RemovalFailure, 'decidedAt' | 'lastAttemptAt'> & { decidedAt: string; lastAttemptAt: string | null };

export interface EnforcementJobData {
  caseId: string;
  decisionId: string;
}

export type EnforcementOutcome = 'removed' | 'already_done' | 'superseded' | 'awaiting_configuration';

export const ENFORCEMENT_JOB = 'content.remove';
export const enforcementJobId = (decisionId: string, retry = 0) => (retry === 0 ? `enforce-${decisionId}` : `enforce-${decisionId}-retry-${retry}`);

/** The job that sends a removal decision to the platform (again, for a retry). */
export const removalOrderJob = (caseId: string, decisionId: string, retry = 0): JobSpec => ({
  queue: QUEUES.enforcement, name: ENFORCEMENT_JOB, jobId: enforcementJobId(decisionId, retry), data: { caseId, decisionId },
});

/** The reconciler's order for a removal whose job Redis no longer holds: same decision, so the same Idempotency-Key. */
export const redrivenRemovalOrderJob = (caseId: string, decisionId: string, passAt: Date): JobSpec => ({
  ...removalOrderJob(caseId, decisionId), jobId: `enforce-${decisionId}-redriven-${passAt.getTime()}`,
});

/**
 * Executing removals: a signed `content.remove` order to the platform, whose 2xx
 * is the removal. Every attempt carries the decision id as Idempotency-Key, so a
 * crash between the platform's answer and our commit costs a duplicate request
 * the platform recognises, never a second removal.
 */
/** Orders in hand at once (ENFORCEMENT_CONCURRENCY) are read together, and confirmed together. */
const BATCHING = { waitMs: 2, maxBatch: 200, maxInFlight: 2 };

@Injectable()
export class EnforcementService implements BeforeApplicationShutdown {
  private readonly log = new Logger(EnforcementService.name);
  private readonly orderReads: GroupCommit<EnforcementJobData, RemovalOrder | undefined>;
  private readonly confirmations: GroupCommit<{ job: EnforcementJobData; attempt: number }, boolean>;

  constructor(
    private readonly tx: Transactions,
    private readonly repo: EnforcementRepository,
    private readonly sender: WebhookSender,
    private readonly alerts: Alerts,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.orderReads = new GroupCommit(BATCHING, async (jobs) => {
      const orders = new Map((await this.repo.orders(this.tx.reader, jobs)).map((o) => [`${o.caseId}/${o.decisionId}`, o]));
      return jobs.map((j) => orders.get(`${j.caseId}/${j.decisionId}`));
    });
    this.confirmations = new GroupCommit(BATCHING, async (items) => {
      const removed = await this.repo.markRemoved(
        this.tx.reader,
        items.map(({ job, attempt }) => ({ caseId: job.caseId, data: { decisionId: job.decisionId, attempt } })),
        this.clock.now(),
        { actor: SYSTEM_ACTOR, action: 'case.removed' },
      );
      // A case confirmed twice in one batch (an order and its retry) is removed once: the first confirmation did it.
      return items.map(({ job }) => removed.delete(job.caseId));
    });
  }

  beforeApplicationShutdown(): Promise<void> {
    return Promise.all([this.orderReads.drain(), this.confirmations.drain()]).then(() => undefined);
  }

  /** One attempt (counted from 1). Throws when the platform did not confirm, so the job is retried. */
  async execute(job: EnforcementJobData, attempt: number): Promise<EnforcementOutcome> {
    const order = await this.orderReads.submit(job);
    if (!order || order.latestRemoveDecisionId !== job.decisionId) return 'superseded';
    if (order.state !== 'removing') return 'already_done';
    const { PLATFORM_WEBHOOK_URL: url, PLATFORM_WEBHOOK_SECRET: secret } = this.config;
    if (!url) {
      this.log.warn(`case ${job.caseId} awaits enforcement: PLATFORM_WEBHOOK_URL is not set`);
      return 'awaiting_configuration';
    }
    try {
      await this.sender.post({
        url,
        secret: secret ?? '',
        headers: { 'Idempotency-Key': order.decisionId },
        payload: {
          type: 'content.remove', caseId: order.caseId, decisionId: order.decisionId, postId: order.postId, postUrl: order.postUrl,
          category: order.category, decidedAt: order.decidedAt.toISOString(),
        },
      });
    } catch (err) {
      await this.attemptFailed(job, attempt, (err as Error).message);
      throw err;
    }
    return this.confirmed(job, attempt);
  }

  private async attemptFailed(job: EnforcementJobData, attempt: number, error: string): Promise<void> {
    await this.tx.run((tx) =>
      this.audit.record(tx, {
        actor: SYSTEM_ACTOR, action: 'case.enforcement_attempt_failed', subjectType: 'case', subjectId: job.caseId, at: this.clock.now(),
        data: { decisionId: job.decisionId, attempt, error },
      }),
    );
  }

  private async confirmed(job: EnforcementJobData, attempt: number): Promise<EnforcementOutcome> {
    // One statement for the batch: states, callbacks and events.
    return (await this.confirmations.submit({ job, attempt })) ? 'removed' : 'already_done';
  }

  /** The last attempt failed: the case is `removal_failed` and someone is told. */
  async exhausted(job: EnforcementJobData, error: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const now = this.clock.now();
      if (!(await this.repo.markFailed(tx, job.caseId))) return;
      await this.audit.record(tx, {
        actor: SYSTEM_ACTOR, action: 'case.removal_failed', subjectType: 'case', subjectId: job.caseId, at: now, data: { decisionId: job.decisionId, error },
      });
      await this.alerts.raise(tx, {
        type: 'enforcement.failed', caseId: job.caseId, at: now.toISOString(), key: `${job.decisionId}-${await this.repo.retriesSoFar(tx, job.caseId)}`,
        details: { decisionId: job.decisionId, error },
      });
    });
  }

  async failures(limit: number, cursor?: string): Promise<Page<RemovalFailureView>> {
    const after = decodeCursor<{ decidedAt: string; caseId: string }>(cursor, ['decidedAt', 'caseId']);
    const fetched = await this.repo.failures(this.tx.reader, limit + 1, after);
    return toPage(fetched, limit, (f) => ({ ...f, decidedAt: f.decidedAt.toISOString(), lastAttemptAt: f.lastAttemptAt?.toISOString() ?? null }),
      (f) => ({ decidedAt: f.decidedAt.toISOString(), caseId: f.caseId }));
  }

  /** A senior starts enforcement of a failed removal again, with the same decision (and so the same idempotency key). */
  async retry(senior: Principal, caseId: string): Promise<{ caseId: string; decisionId: string }> {
    return this.tx.run(async (tx) => {
      const failed = await this.repo.lockForRetry(tx, caseId);
      if (!failed) throw ApiError.notFound('case');
      if (failed.state !== 'removal_failed' || !failed.decisionId) {
        throw ApiError.conflict(`only a case in removal_failed can be retried (this one is ${failed.state})`);
      }
      const decisionId = failed.decisionId;
      const retry = (await this.repo.retriesSoFar(tx, caseId)) + 1;
      await this.repo.markRemoving(tx, caseId);
      await this.outbox.add(tx, [removalOrderJob(caseId, decisionId, retry)]);
      await this.audit.record(tx, {
        actor: { id: senior.id, role: senior.role }, action: 'case.enforcement_retried', subjectType: 'case', subjectId: caseId, at: this.clock.now(),
        data: { decisionId, retry },
      });
      return { caseId, decisionId };
    });
  }
}
