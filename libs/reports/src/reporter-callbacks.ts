import { Injectable, Logger } from '@nestjs/common';
import { Outcome } from '@docket/cases';
import { Tx, Transactions, one, execute } from '@docket/database';
import { QUEUES } from '@docket/queue';
import { WebhookSender } from '@docket/webhooks';
import type { ReporterWarningJobData } from '@docket/principals';

export interface NotifyJobData {
  reportId: string;
  outcome: Exclude<Outcome, null>;
}

interface CallbackTarget {
  reportId: string;
  externalRef: string | null;
  receivedAt: Date;
  state: string;
  decidedAt: Date | null;
  removedAt: Date | null;
  callbackUrl: string | null;
  callbackSecret: string;
  revokedAt: Date | null;
}

/**
 * The outbox INSERT of one `report.resolved` callback per report of the cases whose reporter asked for them;
 * `caseIds` (a list or a subquery, e.g. `$1` or `SELECT id FROM removed`) and `outcome` are SQL of the statement it
 * is part of.
 */
export function callbackPlanSql(caseIds: string, outcome: string): string {
  return `INSERT INTO outbox (queue, name, job_id, data)
          SELECT '${QUEUES.notify}', 'report.resolved', 'notify-' || r.id || '-' || ${outcome}::text, jsonb_build_object('reportId', r.id, 'outcome', ${outcome}::text)
            FROM reports r JOIN principals p ON p.id = r.reporter_id
           WHERE r.case_id IN (${caseIds}) AND p.callback_url IS NOT NULL AND p.revoked_at IS NULL`;
}

/** `report.resolved` callbacks: planned in the resolving transaction, delivered by the notify worker. */
@Injectable()
export class ReporterCallbacks {
  private readonly log = new Logger(ReporterCallbacks.name);

  constructor(
    private readonly tx: Transactions,
    private readonly sender: WebhookSender,
  ) {}

  /** Queues one callback per report of the case whose reporter asked for them. */
  async planForCase(tx: Tx, caseId: string, outcome: Exclude<Outcome, null>): Promise<void> {
    await execute(tx, callbackPlanSql('$1', '$2'), [caseId, outcome]);
  }

  /** Sends the callback with what is true now; throws (and so is retried) unless the receiver answers 2xx. */
  async deliver(job: NotifyJobData): Promise<'sent' | 'skipped'> {
    const t = await one<CallbackTarget>(
      this.tx.reader,
      `SELECT r.id AS "reportId", r.external_ref AS "externalRef", r.received_at AS "receivedAt", c.state,
              c.decided_at AS "decidedAt", c.removed_at AS "removedAt",
              p.callback_url AS "callbackUrl", p.callback_secret AS "callbackSecret", p.revoked_at AS "revokedAt"
         FROM reports r JOIN cases c ON c.id = r.case_id JOIN principals p ON p.id = r.reporter_id
        WHERE r.id = $1`,
      [job.reportId],
    );
    if (!t || !t.callbackUrl || t.revokedAt) {
      this.log.log(`callback for report ${job.reportId} skipped: no active receiver`);
      return 'skipped';
    }
    await this.sender.post({
      url: t.callbackUrl,
      secret: t.callbackSecret,
      payload: {
        type: 'report.resolved',
        reportId: t.reportId,
        externalRef: t.externalRef,
        outcome: job.outcome,
        decidedAt: t.decidedAt?.toISOString() ?? null,
        removedAt: t.removedAt?.toISOString() ?? null,
        timeToRemovalSeconds: t.removedAt ? Math.max(0, (t.removedAt.getTime() - t.receivedAt.getTime()) / 1000) : null,
      },
    });
    return 'sent';
  }

  /**
   * The signed `reporter.warning` callback (DSA Art. 23): the warning as it was given, with the figures it was given
   * on. Skipped when the reporter has no callbackUrl or was revoked since; throws (and so is retried) unless 2xx.
   */
  async deliverWarning(job: ReporterWarningJobData): Promise<'sent' | 'skipped'> {
    const p = await one<{ callbackUrl: string | null; callbackSecret: string; revokedAt: Date | null }>(
      this.tx.reader,
      `SELECT callback_url AS "callbackUrl", callback_secret AS "callbackSecret", revoked_at AS "revokedAt" FROM principals WHERE id = $1`,
      [job.principalId],
    );
    if (!p || !p.callbackUrl || p.revokedAt) {
      this.log.log(`warning of reporter ${job.principalId} not sent: no active receiver`);
      return 'skipped';
    }
    const r = job.reliability;
    await this.sender.post({
      url: p.callbackUrl,
      secret: p.callbackSecret,
      payload: {
        type: 'reporter.warning',
        warnedAt: job.warnedAt,
        reason: job.reason,
        reliability: {
          windowDays: r.windowDays, from: r.from, to: r.to, filed: r.filed, decided: r.decided, manifestlyUnfounded: r.manifestlyUnfounded,
          manifestlyUnfoundedShare: r.manifestlyUnfoundedShare, threshold: r.threshold,
        },
        consequence: 'A reporter whose share of manifestly unfounded notices stays above the threshold may be suspended for a set period (DSA Art. 23).',
      },
    });
    return 'sent';
  }
}
