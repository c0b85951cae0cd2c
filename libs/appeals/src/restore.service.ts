import { Injectable, Logger } from '@nestjs/common';
import { Alerts } from '@docket/alerts';
import { AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { ApiError, Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { Outbox } from '@docket/queue';
import { WebhookSender } from '@docket/webhooks';
import { RestoreJobData, restoreOrderJob } from './appeal-jobs';
import { AppealsRepository } from './appeals.repository';

export type RestoreOutcome = 'restored' | 'already_done' | 'superseded' | 'awaiting_configuration';

/**
 * Restore orders: a removal overturned on appeal puts the post back. A signed `content.restore` to the platform with
 * the overturning decision's id as Idempotency-Key, retried like removal orders; the platform's 2xx is `restoredAt`,
 * never the decision time. Retries exhausted: `restore_failed`, an alert, and a senior's retry.
 */
@Injectable()
export class RestoreService {
  private readonly log = new Logger(RestoreService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly repo: AppealsRepository,
    private readonly sender: WebhookSender,
    private readonly alerts: Alerts,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** One attempt (counted from 1); throws when the platform did not confirm, so the job is retried. */
  async execute(job: RestoreJobData, attempt: number): Promise<RestoreOutcome> {
    const order = await this.repo.restoreOrder(this.tx.reader, job.appealId);
    if (!order || order.decisionId !== job.decisionId) return 'superseded';
    if (order.state !== 'restoring') return 'already_done';
    const { PLATFORM_WEBHOOK_URL: url, PLATFORM_WEBHOOK_SECRET: secret } = this.config;
    if (!url) {
      this.log.warn(`appeal ${job.appealId} awaits its restore order: PLATFORM_WEBHOOK_URL is not set`);
      return 'awaiting_configuration';
    }
    try {
      await this.sender.post({
        url, secret: secret ?? '', headers: { 'Idempotency-Key': order.decisionId },
        payload: {
          type: 'content.restore', appealId: order.appealId, caseId: order.caseId, decisionId: order.decisionId,
          overturnedDecisionId: order.contestedDecisionId, postId: order.postId, postUrl: order.postUrl, category: order.category,
          decidedAt: order.decidedAt.toISOString(),
        },
      });
    } catch (err) {
      await this.tx.run((tx) => this.audit.record(tx, {
        actor: SYSTEM_ACTOR, action: 'appeal.restore_attempt_failed', subjectType: 'appeal', subjectId: job.appealId, at: this.clock.now(),
        data: { decisionId: job.decisionId, attempt, error: (err as Error).message },
      }));
      throw err;
    }
    return this.tx.run(async (tx) => {
      const now = this.clock.now();
      const restored = await this.repo.markRestored(tx, job.appealId, now);
      if (!restored) return 'already_done';
      await this.audit.record(tx, [
        { actor: SYSTEM_ACTOR, action: 'appeal.restored', subjectType: 'appeal', subjectId: restored.id, at: now, data: { decisionId: job.decisionId, attempt } },
        { actor: SYSTEM_ACTOR, action: 'case.restored', subjectType: 'case', subjectId: restored.caseId, at: now, data: { appealId: restored.id, decisionId: job.decisionId } },
      ]);
      return 'restored';
    });
  }

  /** The last attempt failed: `restore_failed`, and someone is told. */
  async exhausted(job: RestoreJobData, error: string): Promise<void> {
    await this.tx.run(async (tx) => {
      if (!(await this.repo.markRestoreFailed(tx, job.appealId))) return;
      const now = this.clock.now();
      const appeal = (await this.repo.find(tx, job.appealId))!;
      await this.audit.record(tx, {
        actor: SYSTEM_ACTOR, action: 'appeal.restore_failed', subjectType: 'appeal', subjectId: job.appealId, at: now, data: { decisionId: job.decisionId, error },
      });
      await this.alerts.raise(tx, {
        type: 'restore.failed', caseId: appeal.caseId, at: now.toISOString(), key: `${job.decisionId}-${await this.repo.retriesSoFar(tx, job.appealId)}`,
        details: { appealId: job.appealId, decisionId: job.decisionId, error },
      });
    });
  }

  /** A senior sends the restore order of a `restore_failed` appeal again: same decision, same Idempotency-Key. */
  async retry(senior: Principal, appealId: string): Promise<{ appealId: string; decisionId: string }> {
    return this.tx.run(async (tx) => {
      const appeal = await this.repo.find(tx, appealId, true);
      if (!appeal) throw ApiError.notFound('appeal');
      if (appeal.state !== 'restore_failed' || !appeal.newDecisionId) {
        throw ApiError.conflict(`only an appeal in restore_failed can be retried (this one is ${appeal.state})`);
      }
      const retry = (await this.repo.retriesSoFar(tx, appealId)) + 1;
      await this.repo.markRestoring(tx, appealId);
      await this.outbox.add(tx, [restoreOrderJob(appealId, appeal.newDecisionId, retry)]);
      await this.audit.record(tx, {
        actor: { id: senior.id, role: senior.role }, action: 'appeal.restore_retried', subjectType: 'appeal', subjectId: appealId, at: this.clock.now(),
        data: { decisionId: appeal.newDecisionId, retry },
      });
      return { appealId, decisionId: appeal.newDecisionId };
    });
  }
}
