import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import { WebhookSender } from '@docket/webhooks';
import { AppealResolvedJobData } from './appeal-jobs';
import { AppealsRepository } from './appeals.repository';

/**
 * `appeal.resolved`: the appellant is told the outcome and the reasons. An author through the platform (its
 * PLATFORM_WEBHOOK_URL, signed like removal orders); a notifier through its reporter's callback URL, signed with its
 * callback secret like `report.resolved`.
 */
@Injectable()
export class AppealCallbacks {
  private readonly log = new Logger(AppealCallbacks.name);

  constructor(
    private readonly tx: Transactions,
    private readonly repo: AppealsRepository,
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {}

  /** Sends what is true now; throws (and so is retried) unless the receiver answers 2xx. */
  async deliver(job: AppealResolvedJobData): Promise<'sent' | 'skipped'> {
    const t = await this.repo.callbackTarget(this.tx.reader, job.appealId);
    const receiver = t?.appellant === 'author'
      ? { url: this.config.PLATFORM_WEBHOOK_URL, secret: this.config.PLATFORM_WEBHOOK_SECRET ?? '', revoked: false }
      : { url: t?.callbackUrl, secret: t?.callbackSecret ?? '', revoked: t?.revokedAt != null };
    if (!t || !receiver.url || receiver.revoked || !t.outcome) {
      this.log.log(`appeal.resolved for appeal ${job.appealId} skipped: no active receiver`);
      return 'skipped';
    }
    await this.sender.post({
      url: receiver.url,
      secret: receiver.secret,
      payload: {
        type: 'appeal.resolved', appealId: t.id, decisionId: t.decisionId, appellant: t.appellant, externalRef: t.externalRef,
        outcome: t.outcome, reason: t.reason, decidedAt: t.decidedAt?.toISOString() ?? null, newDecisionId: t.newDecisionId,
        // An overturned removal: the platform is restoring the post (a content.restore order with newDecisionId as its key).
        restoring: t.outcome === 'overturn' && t.contestedAction === 'remove',
      },
    });
    return 'sent';
  }
}
