import { Injectable } from '@nestjs/common';
import { AUDIT_PENDING_INSERT, AuditActor } from '@docket/audit';
import { CaseState, Tx, one, rows, execute } from '@docket/database';
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

export interface RemovalFailure {
  caseId: string;
  postId: string;
  category: string;
  decidedAt: Date;
  attempts: number;
  lastAttemptAt: Date | null;
  lastError: string | null;
}

/** The SQL of enforcement: what removal orders say, and recording their outcome; reads and confirmations take many at once. */
@Injectable()
export class EnforcementRepository {
  /** The orders of these (case, decision) pairs, those that exist. */
  orders(tx: Tx, keys: { caseId: string; decisionId: string }[]): Promise<RemovalOrder[]> {
    return rows(
      tx,
      `SELECT c.id AS "caseId", c.state, d.id AS "decisionId", c.post_id AS "postId", p.url AS "postUrl", coalesce(d.category, c.category) AS category,
              d.decided_at AS "decidedAt", c.due_at AS "dueAt",
              (SELECT id FROM decisions WHERE case_id = c.id AND action = 'remove' ORDER BY decided_at DESC, id DESC LIMIT 1) AS "latestRemoveDecisionId"
         FROM unnest($1::uuid[], $2::uuid[]) AS k(case_id, decision_id)
         JOIN cases c ON c.id = k.case_id JOIN decisions d ON d.case_id = c.id AND d.id = k.decision_id JOIN posts p ON p.id = c.post_id`,
      [keys.map((k) => k.caseId), keys.map((k) => k.decisionId)],
    );
  }

  /**
   * The platform confirmed: in one statement, each case still awaiting removal is removed now (a confirmation after
   * the deadline is a breach), its reporters who asked are told, and its event is recorded with its own data.
   * Returns the ids of the cases removed; the others were no longer awaiting removal and nothing is written for them.
   */
  async markRemoved(tx: Tx, removals: { caseId: string; data: Record<string, unknown> }[], at: Date, event: { actor: AuditActor; action: string }): Promise<Set<string>> {
    const removed = await rows<{ id: string }>(
      tx,
      `WITH confirmed AS (SELECT * FROM unnest($1::uuid[], $2::jsonb[]) AS t(id, data)),
       removed AS (
         UPDATE cases SET state = 'removed', removed_at = $3, closed_at = $3,
                breached_at = COALESCE(breached_at, CASE WHEN $3 > due_at THEN due_at END), updated_at = now()
           FROM confirmed
          WHERE cases.id = confirmed.id AND cases.state IN ('removing', 'removal_failed') RETURNING cases.id, confirmed.data
       ), callbacks AS (
         ${callbackPlanSql('SELECT id FROM removed', "'removed'")}
       ), audited AS (
         ${AUDIT_PENDING_INSERT} SELECT $3::timestamptz, $4::uuid, $5::text, $6::text, 'case', id::text, data FROM removed
       )
       SELECT id::text FROM removed`,
      [removals.map((r) => r.caseId), removals.map((r) => JSON.stringify(r.data)), at, event.actor.id, event.actor.role, event.action],
    );
    return new Set(removed.map((r) => r.id));
  }

  async markFailed(tx: Tx, caseId: string): Promise<boolean> {
    const row = await one(tx, `UPDATE cases SET state = 'removal_failed', updated_at = now() WHERE id = $1 AND state = 'removing' RETURNING id`, [caseId]);
    return row !== undefined;
  }

  async markRemoving(tx: Tx, caseId: string): Promise<void> {
    await execute(tx, `UPDATE cases SET state = 'removing', updated_at = now() WHERE id = $1`, [caseId]);
  }

  lockForRetry(tx: Tx, caseId: string): Promise<{ state: CaseState; decisionId: string | null } | undefined> {
    return one(
      tx,
      `SELECT c.state, (SELECT id FROM decisions WHERE case_id = c.id AND action = 'remove' ORDER BY decided_at DESC, id DESC LIMIT 1) AS "decisionId"
         FROM cases c WHERE c.id = $1 FOR UPDATE`,
      [caseId],
    );
  }

  /** Cases whose removal order ran out of attempts, oldest decision first, with what the platform last answered. */
  failures(tx: Tx, limit: number, after?: { decidedAt: string; caseId: string }): Promise<RemovalFailure[]> {
    return rows(
      tx,
      `SELECT c.id AS "caseId", c.post_id AS "postId",
              coalesce((SELECT category FROM decisions WHERE case_id = c.id AND action = 'remove' ORDER BY decided_at DESC, id DESC LIMIT 1), c.category) AS category,
              c.decided_at AS "decidedAt",
              (SELECT count(*)::int FROM audit_trail a WHERE a.subject_type = 'case' AND a.subject_id = c.id::text
                  AND a.action = 'case.enforcement_attempt_failed') AS attempts,
              last.occurred_at AS "lastAttemptAt", last.data->>'error' AS "lastError"
         FROM cases c
         LEFT JOIN LATERAL (SELECT occurred_at, data FROM audit_trail a WHERE a.subject_type = 'case' AND a.subject_id = c.id::text
                              AND a.action IN ('case.enforcement_attempt_failed', 'case.removal_failed')
                            ORDER BY occurred_at DESC LIMIT 1) last ON true
        WHERE c.state = 'removal_failed' AND ($2::timestamptz IS NULL OR (c.decided_at, c.id) > ($2::timestamptz, $3::uuid))
        ORDER BY c.decided_at, c.id LIMIT $1`,
      [limit, after?.decidedAt ?? null, after?.caseId ?? null],
    );
  }

  async retriesSoFar(tx: Tx, caseId: string): Promise<number> {
    const row = await one<{ n: number }>(
      tx, `SELECT count(*)::int AS n FROM audit_trail WHERE subject_type = 'case' AND subject_id = $1 AND action = 'case.enforcement_retried'`, [caseId],
    );
    return row!.n;
  }
}
