import { Injectable } from '@nestjs/common';
import { Tx, execute, one, rows } from '@docket/database';

/** A deadline alarm that is due: the case and the deadline it is due for. */
export interface DueAlarm {
  caseId: string;
  dueAt: Date;
}

/** A case in a state it should have left by now: received (not triaged) or removing (not confirmed). */
export interface StuckCase {
  caseId: string;
  state: 'received' | 'removing';
  since: Date;
  /** For a removing case, the removal decision to execute; null is a row the reconciler cannot repair. */
  decisionId: string | null;
}

/** Reconciler passes of every worker serialise on this key (pg_try_advisory_xact_lock). */
const RECONCILER_LOCK = 0x646f636b; // 'dock'

/**
 * What must exist, derived from PostgreSQL alone. Each statement reaches its partial index (cases_warn_at_idx,
 * cases_claim_order, cases_unqueued_open_idx) and is bounded by `limit`, so a pass costs the same whatever the
 * number of closed cases.
 */
@Injectable()
export class ReconcilerRepository {
  /** Takes the reconciler's lock for the transaction, or says another worker holds it. */
  async lock(tx: Tx): Promise<boolean> {
    return (await one<{ locked: boolean }>(tx, `SELECT pg_try_advisory_xact_lock($1) AS locked`, [RECONCILER_LOCK]))!.locked;
  }

  /** Cases whose warning is due and not given (warn_at is cleared when it is given). */
  dueWarnings(tx: Tx, now: Date, limit: number): Promise<DueAlarm[]> {
    return rows(tx,
      `SELECT id AS "caseId", due_at AS "dueAt" FROM cases WHERE warn_at IS NOT NULL AND warn_at <= $1 ORDER BY warn_at LIMIT $2`,
      [now, limit]);
  }

  /** Open cases past their deadline and not marked breached: in the queue (by claim order) and out of it. */
  dueBreaches(tx: Tx, now: Date, limit: number): Promise<DueAlarm[]> {
    return rows(tx,
      `(SELECT id AS "caseId", due_at AS "dueAt" FROM cases
         WHERE state = 'queued' AND tier IN ('standard', 'senior') AND due_at <= $1 AND breached_at IS NULL
         ORDER BY due_at LIMIT $2)
       UNION ALL
       (SELECT id, due_at FROM cases
         WHERE state IN ('received', 'removing', 'removal_failed') AND due_at <= $1 AND breached_at IS NULL
         ORDER BY due_at LIMIT $2)`,
      [now, limit]);
  }

  /**
   * Cases received or removing, untouched since before `before` (entering the state or the last re-drive), most
   * urgent first, with the removal decision to execute.
   */
  stuck(tx: Tx, before: Date, limit: number): Promise<StuckCase[]> {
    return rows(tx,
      `SELECT c.id AS "caseId", c.state, c.updated_at AS since,
              CASE WHEN c.state = 'removing' THEN
                (SELECT d.id FROM decisions d WHERE d.case_id = c.id AND d.action = 'remove' ORDER BY d.decided_at DESC, d.id DESC LIMIT 1)
              END AS "decisionId"
         FROM cases c
        WHERE c.state IN ('received', 'removing') AND c.updated_at < $1
        ORDER BY c.due_at LIMIT $2`,
      [before, limit]);
  }

  /** Own-initiative scans requested before `before` and not finished (scans_unfinished_idx). */
  async unfinishedScans(tx: Tx, before: Date, limit: number): Promise<string[]> {
    return (await rows<{ id: string }>(tx,
      `SELECT id FROM scans WHERE status IN ('queued', 'running') AND requested_at < $1 ORDER BY requested_at LIMIT $2`,
      [before, limit])).map((r) => r.id);
  }

  /** Appeals whose restore order is in flight (restoring) untouched since before `before` (appeals_restoring_idx). */
  stuckRestorations(tx: Tx, before: Date, limit: number): Promise<{ appealId: string; decisionId: string }[]> {
    return rows(tx,
      `SELECT id AS "appealId", new_decision_id AS "decisionId" FROM appeals
        WHERE state = 'restoring' AND updated_at < $1 AND new_decision_id IS NOT NULL
        ORDER BY updated_at LIMIT $2`,
      [before, limit]);
  }

  async markRestorationsRedriven(tx: Tx, appealIds: string[]): Promise<void> {
    await execute(tx, `UPDATE appeals SET updated_at = now() WHERE id = ANY($1::uuid[]) AND state = 'restoring'`, [appealIds]);
  }

  /** The re-driven cases start their bound again: they are not stuck until it passes once more. */
  async markRedriven(tx: Tx, caseIds: string[]): Promise<void> {
    await execute(tx, `UPDATE cases SET updated_at = now() WHERE id = ANY($1::uuid[]) AND state IN ('received', 'removing')`, [caseIds]);
  }

  /**
   * When the oldest outbox row no relay is moving was written; null when there is none. Rows a relay holds locked are
   * in flight (its transaction deletes them as it queues them): waiting for them would make a pass think the relay
   * is behind while it is working.
   */
  async oldestOutboxRow(tx: Tx): Promise<Date | null> {
    return (await one<{ at: Date }>(tx, `SELECT created_at AS at FROM outbox ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`))?.at ?? null;
  }
}
