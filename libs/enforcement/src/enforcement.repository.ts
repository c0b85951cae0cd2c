import { Injectable } from '@nestjs/common';
import { AUDIT_PENDING_INSERT, AuditActor } from '@docket/audit';
import { CaseState, Tx, one } from '@docket/database';
import { callbackPlanSql } from '@docket/reports';

export interface RemovalOrder {
  caseId: string;
  state: CaseState;
  decisionId: string;
  latestRemoveDecisionId: string | null;
  postId: string;
  postUrl: string | null;
  category: string;
  decidedAt: Date;
  dueAt: Date;
}

/** The SQL of enforcement: what a removal order says, and recording its outcome. */
@Injectable()
export class EnforcementRepository {
  order(tx: Tx, caseId: string, decisionId: string, lock = false): Promise<RemovalOrder | undefined> {
    return one(
      tx,
      `SELECT c.id AS "caseId", c.state, d.id AS "decisionId", c.post_id AS "postId", p.url AS "postUrl", c.category,
              d.decided_at AS "decidedAt", c.due_at AS "dueAt",
              (SELECT id FROM decisions WHERE case_id = c.id AND action = 'remove' ORDER BY decided_at DESC, id DESC LIMIT 1) AS "latestRemoveDecisionId"
         FROM cases c JOIN decisions d ON d.case_id = c.id AND d.id = $2 JOIN posts p ON p.id = c.post_id
        WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [caseId, decisionId],
    );
  }

  /**
   * The platform confirmed: in one statement, the case is removed now (a confirmation after the deadline is a
   * breach), its reporters who asked are told, and `event` is recorded. False when the case was no longer
   * awaiting removal; nothing is written then.
   */
  async markRemoved(tx: Tx, caseId: string, at: Date, event: { actor: AuditActor; action: string; data: Record<string, unknown> }): Promise<boolean> {
    const row = await one(
      tx,
      `WITH removed AS (
         UPDATE cases SET state = 'removed', removed_at = $2, closed_at = $2,
                breached_at = COALESCE(breached_at, CASE WHEN $2 > due_at THEN due_at END), updated_at = now()
          WHERE id = $1 AND state IN ('removing', 'removal_failed') RETURNING id
       ), callbacks AS (
         ${callbackPlanSql('(SELECT id FROM removed)', "'removed'")}
       ), audited AS (
         ${AUDIT_PENDING_INSERT} SELECT $2::timestamptz, $3::uuid, $4::text, $5::text, 'case', id::text, $6::jsonb FROM removed
       )
       SELECT id FROM removed`,
      [caseId, at, event.actor.id, event.actor.role, event.action, JSON.stringify(event.data)],
    );
    return row !== undefined;
  }

  async markFailed(tx: Tx, caseId: string): Promise<boolean> {
    const row = await one(tx, `UPDATE cases SET state = 'removal_failed', updated_at = now() WHERE id = $1 AND state = 'removing' RETURNING id`, [caseId]);
    return row !== undefined;
  }

  async markRemoving(tx: Tx, caseId: string): Promise<void> {
    await tx.query(`UPDATE cases SET state = 'removing', updated_at = now() WHERE id = $1`, [caseId]);
  }

  lockForRetry(tx: Tx, caseId: string): Promise<{ state: CaseState; decisionId: string | null } | undefined> {
    return one(
      tx,
      `SELECT c.state, (SELECT id FROM decisions WHERE case_id = c.id AND action = 'remove' ORDER BY decided_at DESC, id DESC LIMIT 1) AS "decisionId"
         FROM cases c WHERE c.id = $1 FOR UPDATE`,
      [caseId],
    );
  }

  async retriesSoFar(tx: Tx, caseId: string): Promise<number> {
    const row = await one<{ n: number }>(
      tx, `SELECT count(*)::int AS n FROM audit_trail WHERE subject_type = 'case' AND subject_id = $1 AND action = 'case.enforcement_retried'`, [caseId],
    );
    return row!.n;
  }
}
