import { Injectable } from '@nestjs/common';
import { AUDIT_PENDING_INSERT } from '@docket/audit';
import { BulkAction, BulkStatus, CaseState, Tx, execute, one, rows } from '@docket/database';
import { ENFORCEMENT_JOB, enforcementJobId } from '@docket/enforcement';
import { QUEUES } from '@docket/queue';
import { callbackPlanSql } from '@docket/reports';

/** A case a selection names, as the preview judges it. */
export interface Candidate {
  caseId: string;
  state: CaseState | null;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  fingerprint: string | null;
  postId: string | null;
  postText: string | null;
  category: string | null;
  dueAt: Date | null;
}

export interface BulkDecisionFields {
  action: BulkAction;
  ground: string | null;
  legalGround: string | null;
  policy: string | null;
  category: string | null;
  explanation: string;
}

export interface BulkRow {
  id: string;
  createdBy: string;
  action: BulkAction;
  decision: BulkDecisionFields;
  selection: Record<string, unknown>;
  status: BulkStatus;
  eligible: number;
  decided: number;
  createdAt: Date;
  previewExpiresAt: Date;
  appliedAt: Date | null;
  cancellableUntil: Date | null;
  cancelledAt: Date | null;
  appliedBy: string | null;
}

export interface BulkProgress {
  decided: number;
  skipped: number;
  cancelled: number;
  removing: number;
  removed: number;
  failed: number;
}

const CANDIDATE_COLUMNS = `c.state, c.claimed_by AS "claimedBy", c.lease_expires_at AS "leaseExpiresAt", c.signals->>'fingerprint' AS fingerprint,
       c.post_id AS "postId", left(p.text, 280) AS "postText", c.category, c.due_at AS "dueAt"`;

const BULK_COLUMNS = `id, created_by AS "createdBy", action, decision, selection, status, eligible, decided, created_at AS "createdAt",
       preview_expires_at AS "previewExpiresAt", applied_at AS "appliedAt", cancellable_until AS "cancellableUntil", cancelled_at AS "cancelledAt",
       applied_by AS "appliedBy"`;

/** The selections' statements, exported so test/plans checks they reach their indexes on tables never analysed. */
export const BULK_SQL = {
  /** Open cases whose post has a fingerprint: through cases_open_fingerprint_idx. */
  byFingerprint: `SELECT c.id::text AS "caseId", ${CANDIDATE_COLUMNS}
       FROM cases c JOIN posts p ON p.id = c.post_id
      WHERE c.signals->>'fingerprint' = $1 AND c.state = 'queued'
      ORDER BY c.due_at, c.id LIMIT $2`,
  /** The cases of a reporter's notices in a range: through reports_reporter_received_idx. */
  byReporter: `SELECT c.id::text AS "caseId", ${CANDIDATE_COLUMNS}
       FROM cases c JOIN posts p ON p.id = c.post_id
      WHERE c.id IN (SELECT r.case_id FROM reports r
                      WHERE r.reporter_id = $1 AND r.received_at >= $2 AND r.received_at < $3 AND ($4::text IS NULL OR r.category = $4))
      ORDER BY c.due_at, c.id LIMIT $5`,
};

/** What deciding changes on the case, per bulk action (as a moderator's decision does; see ReviewRepository). */
const CHANGE: Record<BulkAction, string> = {
  remove: `state = 'removing', decided_at = $3, claimed_by = NULL, lease_expires_at = NULL`,
  no_violation: `state = 'no_violation', decided_at = $3, closed_at = $3, claimed_by = NULL, lease_expires_at = NULL,
                 breached_at = COALESCE(c.breached_at, CASE WHEN $3 > c.due_at THEN c.due_at END)`,
};

/**
 * One batch of a bulk decision, one statement: each listed case still queued and not leased by someone else is locked
 * (in id order), decided ($5..), its decision and audit event written, its removal order queued to run at $13 (the
 * end of the grace period) or its reporters told, and its bulk row marked decided. Returns the decided case ids.
 */
const decideBatchSql = (action: BulkAction) => `WITH sel AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $14::uuid[]) AS s(case_id, decision_id, review_id)),
       target AS (
         SELECT c.id, c.state, c.tier, c.source, c.signals, c.category, s.decision_id, s.review_id FROM cases c JOIN sel s ON s.case_id = c.id
          WHERE c.state = 'queued' AND (c.lease_expires_at IS NULL OR c.lease_expires_at <= $3 OR c.claimed_by = $4)
          ORDER BY c.id FOR UPDATE OF c
       ), changed AS (
         UPDATE cases c SET ${CHANGE[action]}, updated_at = now() FROM target WHERE c.id = target.id RETURNING c.id
       ), decided AS (
         INSERT INTO decisions (id, case_id, action, ground, legal_ground, policy, explanation, decided_by, decided_at,
                                automated_detection, automated_decision, category, manifestly_unfounded)
         SELECT t.decision_id, t.id, $5::text, $6::text, $7::text, $8::text, $9::text, $4::uuid, $3::timestamptz,
                t.source = 'own_initiative' OR coalesce(jsonb_array_length(t.signals->'flags'), 0) > 0, false, $10::text, false
           FROM target t
       ), sampled AS (
         -- Quality sampling (decision 0037): a bulk decision is a decision like any other.
         INSERT INTO second_reviews (id, decision_id, case_id, first_decided_by, first_action, category, automated, created_at)
         SELECT t.review_id, t.decision_id, t.id, $4::uuid, $5::text, coalesce($10::text, t.category), false, $3::timestamptz
           FROM target t WHERE t.review_id IS NOT NULL
       ), audited AS (
         ${AUDIT_PENDING_INSERT}
         SELECT $3::timestamptz, $4::uuid, $11::text, 'case.decided', 'case', t.id::text,
                jsonb_strip_nulls(jsonb_build_object('decisionId', t.decision_id, 'action', $5::text, 'ground', $6::text, 'category', $10::text,
                                                     'bulkDecisionId', $12::uuid, 'before', jsonb_build_object('state', t.state, 'tier', t.tier)))
           FROM target t
       ), marked AS (
         UPDATE bulk_decision_cases b SET outcome = 'decided', decision_id = t.decision_id FROM target t WHERE b.bulk_id = $12 AND b.case_id = t.id
       ), ${action === 'remove'
    ? `jobs AS (
         INSERT INTO outbox (queue, name, job_id, data, run_at)
         SELECT '${QUEUES.enforcement}', '${ENFORCEMENT_JOB}', '${enforcementJobId('')}' || t.decision_id, jsonb_build_object('caseId', t.id, 'decisionId', t.decision_id), $13::timestamptz
           FROM target t
       )`
    : `callbacks AS (${callbackPlanSql('SELECT id FROM target', "'no_violation'")}), unused AS (SELECT $13::timestamptz)`}
       SELECT id::text FROM target`;
const DECIDE_BATCH_SQL: Record<BulkAction, string> = { remove: decideBatchSql('remove'), no_violation: decideBatchSql('no_violation') };

/** The SQL of bulk decisions: selections, previews, batches of decisions, progress and cancellation. */
@Injectable()
export class BulkRepository {
  /** The named cases, in the order given; an unknown id comes back with a null state. */
  byIds(tx: Tx, caseIds: string[]): Promise<Candidate[]> {
    return rows(tx,
      `SELECT k.id::text AS "caseId", ${CANDIDATE_COLUMNS}
         FROM unnest($1::uuid[]) WITH ORDINALITY AS k(id, n) LEFT JOIN cases c ON c.id = k.id LEFT JOIN posts p ON p.id = c.post_id
        ORDER BY k.n`,
      [caseIds]);
  }

  /** The fingerprint of a case's post (set by triage); undefined when there is no such case. */
  fingerprintOf(tx: Tx, caseId: string): Promise<{ fingerprint: string | null } | undefined> {
    return one(tx, `SELECT signals->>'fingerprint' AS fingerprint FROM cases WHERE id = $1`, [caseId]);
  }

  /** Up to `limit` queued cases whose post has this fingerprint (cases_open_fingerprint_idx), most urgent first. */
  byFingerprint(tx: Tx, fingerprint: string, limit: number): Promise<Candidate[]> {
    return rows(tx,
      BULK_SQL.byFingerprint,
      [fingerprint, limit]);
  }

  /** Up to `limit` cases of a reporter's notices received in [from, to), of one category when given. */
  byReporter(tx: Tx, q: { reporterId: string; from: Date; to: Date; category?: string }, limit: number): Promise<Candidate[]> {
    return rows(tx,
      BULK_SQL.byReporter,
      [q.reporterId, q.from, q.to, q.category ?? null, limit]);
  }

  async createPreview(tx: Tx, b: { id: string; createdBy: string; tokenHash: Buffer; selection: object; decision: BulkDecisionFields; at: Date; expiresAt: Date; caseIds: string[] }): Promise<void> {
    await execute(tx,
      `WITH bulk AS (
         INSERT INTO bulk_decisions (id, created_by, token_hash, selection, action, decision, status, eligible, created_at, preview_expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'previewed', cardinality($9::uuid[]), $7, $8) RETURNING id
       )
       INSERT INTO bulk_decision_cases (bulk_id, case_id, outcome) SELECT (SELECT id FROM bulk), unnest($9::uuid[]), 'eligible'`,
      [b.id, b.createdBy, b.tokenHash, JSON.stringify(b.selection), b.decision.action, JSON.stringify(b.decision), b.at, b.expiresAt, b.caseIds]);
  }

  byToken(tx: Tx, tokenHash: Buffer): Promise<BulkRow | undefined> {
    return one(tx, `SELECT ${BULK_COLUMNS} FROM bulk_decisions WHERE token_hash = $1 FOR UPDATE`, [tokenHash]);
  }

  find(tx: Tx, id: string, lock = false): Promise<BulkRow | undefined> {
    return one(tx, `SELECT ${BULK_COLUMNS} FROM bulk_decisions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  async startApplying(tx: Tx, id: string, by: string, at: Date, cancellableUntil: Date | null, leaseUntil: Date): Promise<void> {
    await execute(tx,
      `UPDATE bulk_decisions SET status = 'applying', applied_by = $2, applied_at = $3, cancellable_until = $4, apply_lease_until = $5 WHERE id = $1`,
      [id, by, at, cancellableUntil, leaseUntil]);
  }

  /**
   * Takes over the oldest bulk decision still applying whose applier's lease ran out (its process died), leasing it to
   * the caller; with the applier's role, which its decisions' events carry.
   */
  takeStalled(tx: Tx, now: Date, leaseUntil: Date): Promise<(BulkRow & { appliedByRole: string }) | undefined> {
    return one(tx,
      `WITH taken AS (
         UPDATE bulk_decisions SET apply_lease_until = $2
          WHERE id = (SELECT id FROM bulk_decisions WHERE status = 'applying' AND apply_lease_until < $1
                       ORDER BY apply_lease_until LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *
       )
       SELECT t.*, p.role AS "appliedByRole" FROM (SELECT ${BULK_COLUMNS} FROM taken) t JOIN principals p ON p.id = t."appliedBy"`,
      [now, leaseUntil]);
  }

  /** The bulk's cases still to decide, in id order (each batch locks its cases in that order). */
  async pendingCases(tx: Tx, id: string): Promise<string[]> {
    return (await rows<{ caseId: string }>(tx,
      `SELECT case_id::text AS "caseId" FROM bulk_decision_cases WHERE bulk_id = $1 AND outcome = 'eligible' ORDER BY case_id`, [id])).map((r) => r.caseId);
  }

  /** See decideBatchSql; the batch's cases not decided are marked skipped (no longer eligible). */
  async decideBatch(
    tx: Tx, bulk: BulkRow,
    b: { caseIds: string[]; decisionIds: string[]; reviewIds: (string | null)[]; at: Date; actorId: string; actorRole: string; ordersAt: Date | null; leaseUntil: Date },
  ): Promise<string[]> {
    const d = bulk.decision;
    const decided = (await rows<{ id: string }>(tx, DECIDE_BATCH_SQL[bulk.action], [
      b.caseIds, b.decisionIds, b.at, b.actorId, d.action, d.ground, d.legalGround, d.policy, d.explanation, d.category, b.actorRole, bulk.id, b.ordersAt,
      b.reviewIds,
    ])).map((r) => r.id);
    await execute(tx, `UPDATE bulk_decision_cases SET outcome = 'skipped' WHERE bulk_id = $1 AND case_id = ANY($2::uuid[]) AND outcome = 'eligible'`,
      [bulk.id, b.caseIds]);
    await execute(tx, `UPDATE bulk_decisions SET apply_lease_until = $2 WHERE id = $1`, [bulk.id, b.leaseUntil]);
    return decided;
  }

  /** Marks the bulk applied (once: undefined when another process already did) and says which cases it decided. */
  async finishApplying(tx: Tx, id: string): Promise<{ decided: string[]; skipped: string[] } | undefined> {
    const cases = await rows<{ caseId: string; outcome: string }>(tx,
      `SELECT case_id::text AS "caseId", outcome FROM bulk_decision_cases WHERE bulk_id = $1 ORDER BY case_id`, [id]);
    const decided = cases.filter((c) => c.outcome === 'decided').map((c) => c.caseId);
    const finished = await one(tx,
      `UPDATE bulk_decisions SET status = 'applied', decided = $2, apply_lease_until = NULL WHERE id = $1 AND status = 'applying' RETURNING id`,
      [id, decided.length]);
    return finished ? { decided, skipped: cases.filter((c) => c.outcome === 'skipped').map((c) => c.caseId) } : undefined;
  }

  /**
   * Cancels a bulk removal in one statement: each of its cases still awaiting removal under the bulk's decision goes
   * back to the queue and the decision is withdrawn (its held order then finds no such decision, 'superseded', and
   * sends nothing), with an event per case. Returns the ids of the cases put back.
   */
  async cancel(tx: Tx, id: string, at: Date, actor: { id: string; role: string }): Promise<string[]> {
    const undone = await rows<{ id: string }>(tx,
      `WITH mine AS (
         SELECT b.case_id, b.decision_id FROM bulk_decision_cases b JOIN cases c ON c.id = b.case_id
          WHERE b.bulk_id = $1 AND b.outcome = 'decided' AND c.state = 'removing'
            AND b.decision_id = (SELECT d.id FROM decisions d WHERE d.case_id = c.id AND d.action = 'remove' ORDER BY d.decided_at DESC, d.id DESC LIMIT 1)
          ORDER BY b.case_id FOR UPDATE OF c
       ), undone AS (
         UPDATE cases c SET state = 'queued', decided_at = NULL, updated_at = now() FROM mine WHERE c.id = mine.case_id RETURNING c.id, mine.decision_id
       ), marked AS (
         UPDATE bulk_decision_cases b SET outcome = 'cancelled' FROM undone u WHERE b.bulk_id = $1 AND b.case_id = u.id
       ), audited AS (
         ${AUDIT_PENDING_INSERT}
         SELECT $2::timestamptz, $3::uuid, $4::text, 'case.decision_cancelled', 'case', u.id::text,
                jsonb_build_object('decisionId', u.decision_id, 'bulkDecisionId', $1::uuid) FROM undone u
       ), unsampled AS (
         DELETE FROM second_reviews r USING undone u WHERE r.decision_id = u.decision_id
       ), withdrawn AS (
         -- A decision taken back is no decision: not the case's latest in its detail, its statement or its notifier's
         -- figures. Its record stays in the audit log (case.decided, then case.decision_cancelled) and in this bulk.
         DELETE FROM decisions d USING undone u WHERE d.id = u.decision_id
       ), bulk AS (
         UPDATE bulk_decisions SET status = 'cancelled', cancelled_at = $2 WHERE id = $1
       )
       SELECT id::text FROM undone ORDER BY id`,
      [id, at, actor.id, actor.role]);
    return undone.map((r) => r.id);
  }

  /** Where the bulk's cases stand now. */
  progress(tx: Tx, id: string): Promise<BulkProgress | undefined> {
    return one(tx,
      `SELECT count(*) FILTER (WHERE b.outcome IN ('decided', 'cancelled'))::int AS decided,
              count(*) FILTER (WHERE b.outcome = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE b.outcome = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE b.outcome = 'decided' AND c.state = 'removing')::int AS removing,
              count(*) FILTER (WHERE b.outcome = 'decided' AND c.state = 'removed')::int AS removed,
              count(*) FILTER (WHERE b.outcome = 'decided' AND c.state = 'removal_failed')::int AS failed
         FROM bulk_decision_cases b JOIN cases c ON c.id = b.case_id WHERE b.bulk_id = $1`,
      [id]);
  }
}
