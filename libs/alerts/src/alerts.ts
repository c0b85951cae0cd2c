import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { Tx } from '@docket/database';
import { Outbox, QUEUES } from '@docket/queue';
import { WebhookSender } from '@docket/webhooks';

export type AlertType = 'deadline.warning' | 'deadline.breached' | 'enforcement.failed';

export interface Alert {
  type: AlertType;
  caseId: string;
  at: string;
  /** What makes this event one event: a deadline, a decision. Part of the job id. */
  key: string;
  details: Record<string, unknown>;
}

/**
 * Operational alerts (deadline warnings and breaches, failed removals): raised in
 * the transaction that notices them, one job per event, delivered to
 * ALERT_WEBHOOK_URL signed like every other webhook, or logged when none is set.
 */
@Injectable()
export class Alerts {
  private readonly log = new Logger('Alerts');

  constructor(
    private readonly outbox: Outbox,
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {}

  async raise(tx: Tx, alert: Alert): Promise<void> {
    await this.outbox.add(tx, [{ queue: QUEUES.alerts, name: 'alert', jobId: `alert-${alert.type}-${alert.caseId}-${alert.key}`, data: { ...alert } }]);
  }

  async deliver(alert: Alert): Promise<'sent' | 'logged'> {
    const { ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_SECRET: secret } = this.config;
    if (!url) {
      this.log.warn(`alert ${alert.type} for case ${alert.caseId}: ${JSON.stringify(alert.details)}`);
      return 'logged';
    }
    const { key: _key, ...payload } = alert;
    await this.sender.post({ url, secret: secret ?? '', payload });
    return 'sent';
  }
}
