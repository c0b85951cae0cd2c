import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { Tx } from '@docket/database';
import { Outbox, QUEUES } from '@docket/queue';
import { WebhookSender } from '@docket/webhooks';

export type AlertType =
  | 'deadline.warning' | 'deadline.breached' | 'enforcement.failed' | 'case.stuck'
  | 'appeal.deadline_warning' | 'appeal.breached' | 'restore.failed';

export interface Alert {
  type: AlertType;
  caseId: string;
  at: string;
  /** What makes this event one event: a deadline, a decision. Part of the job id. */
  key: string;
  details: Record<string, unknown>;
}

/** Alerts about the queue as a whole, not one case (the capacity alarm, libs/staffing). */
export type QueueAlertType = 'capacity.insufficient' | 'capacity.recovered';

/**
 * An alert about the queue as a whole: delivered as `{type, at, ...fields}` (no caseId, no details), signed like
 * every alert. `key` makes it one event (an episode of the alarm) and is part of the job id.
 */
export interface QueueAlert {
  type: QueueAlertType;
  at: string;
  key: string;
  fields: Record<string, unknown>;
}

const isQueueAlert = (alert: Alert | QueueAlert): alert is QueueAlert => !('caseId' in alert) && 'fields' in alert;

/**
 * Operational alerts (deadline warnings and breaches, failed removals, stuck cases, capacity): raised in
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

  async raise(tx: Tx, alert: Alert | QueueAlert): Promise<void> {
    const jobId = isQueueAlert(alert) ? `alert-${alert.type}-${alert.key}` : `alert-${alert.type}-${alert.caseId}-${alert.key}`;
    await this.outbox.add(tx, [{ queue: QUEUES.alerts, name: 'alert', jobId, data: { ...alert } }]);
  }

  async deliver(alert: Alert | QueueAlert): Promise<'sent' | 'logged'> {
    const { ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_SECRET: secret } = this.config;
    if (!url) {
      if (isQueueAlert(alert)) this.log.warn(`alert ${alert.type}: ${JSON.stringify(alert.fields)}`);
      else this.log.warn(`alert ${alert.type} for case ${alert.caseId}: ${JSON.stringify(alert.details)}`);
      return 'logged';
    }
    let payload: Record<string, unknown>;
    if (isQueueAlert(alert)) {
      payload = { type: alert.type, at: alert.at, ...alert.fields };
    } else {
      const { key: _key, ...rest } = alert;
      payload = rest;
    }
    await this.sender.post({ url, secret: secret ?? '', payload });
    return 'sent';
  }
}
