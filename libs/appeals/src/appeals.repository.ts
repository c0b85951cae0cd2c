import { Injectable } from '@nestjs/common';
import { AppealOutcome, AppealState, Appellant, DecisionGround, Tier, Tx, execute, one, rows } from '@docket/database';
import { AUDIT_PENDING_INSERT } from '@docket/audit';
import { JobSpec, outboxInsertSql, outboxParams } from '@docket/queue';
import { violentCaseSql } from '@docket/wellness';

/** An appeal as stored. */
export interface AppealRow {
  id: string;
  decisionId: string;
  caseId: string;
  appellant: Appellant;
  filedBy: string;
  reportId: string | null;
  statement: string;
  externalRef: string | null;
  requestHash: string | null;
  contestedAction: 'remove' | 'no_violation';
  contestedBy: string | null;
  category: string;
  state: AppealState;
  tier: Tier;
  receivedAt: Date;
  dueAt: Date;
  breachedAt: Date | null;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  firstClaimedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  outcome: AppealOutcome | null;
  reason: string | null;
  newDecisionId: string | null;
  restoredAt: Date | null;
}

const COLUMNS = `a.id, a.decision_id AS "decisionId", a.case_id AS "caseId", a.appellant, a.filed_by AS "filedBy", a.report_id AS "reportId",
  a.statement, a.external_ref AS "externalRef", a.request_hash AS "requestHash", a.contested_action AS "contestedAction",
  a.contested_by AS "contestedBy", a.category, a.state, a.tier, a.received_at AS "receivedAt", a.due_at AS "dueAt",
  a.breached_at AS "breachedAt", a.claimed_by AS "claimedBy", a.lease_expires_at AS "leaseExpiresAt",
  a.first_claimed_at AS "firstClaimedAt", a.decided_at AS "decidedAt", a.decided_by AS "decidedBy", a.outcome, a.reason,
  a.new_decision_id AS "newDecisionId", a.restored_at AS "restoredAt"`;

export interface AppealTierFigures {
  tier: Tier;
  queued: number;
  inReview: number;
  pastDeadline: number;
  nextDueAt: Date | null;
}

/** The decision an appeal contests, with what deciding on the appeal needs to know of its case. */
export interface ContestedDecision {
  id: string;
  caseId: string;
  action: 'remove' | 'no_violation' | 'escalate';
  decidedAt: Date;
  decidedBy: string | null;
  category: string;
  caseState: string;
  /** A later decision on the case replaced this one (an escalation decided, an appeal overturned it). */
  superseded: boolean;
}

export interface NewAppeal {
  id: string;
  decisionId: string;
  caseId: string;
  appellant: Appellant;
  filedBy: string;
  reportId: string | null;
  statement: string;
  externalRef: string | null;
  idempotencyKey: string | null;
  requestHash: string;
  contestedAction: 'remove' | 'no_violation';
  contestedBy: string | null;
  category: string;
  receivedAt: Date;
  dueAt: Date;
  warnAt: Date;
}

/** The decision an overturn records beside the contested one. */
export interface OverturningDecision {
  id: string;
  caseId: string;
  action: 'remove' | 'no_violation';
  category: string | null;
  ground: DecisionGround | null;
  legalGround: string | null;
  policy: string | null;
  explanation: string;
  decidedBy: string;
  decidedAt: Date;
}

/** What a restore order says. */
export interface RestoreOrder {
  appealId: string;
  state: AppealState;
  caseId: string;
  decisionId: string;
  contestedDecisionId: string;
  postId: string;
  postUrl: string | null;
  category: string;
  decidedAt: Date;
}

/** See AppealsRepository.decideInOne. $1 appeal, $2 holder, $3 now, $4 senior allowed, $5 outcome, $6 reason, $7 new decision, $8 state, $9 role, $10… jobs. */
const DECIDE_IN_ONE_SQL = `WITH target AS (
    SELECT a.* FROM appeals a
     WHERE a.id = $1 AND a.state = 'queued' AND a.claimed_by = $2 AND a.lease_expires_at > $3 AND (a.tier <> 'senior' OR $4::boolean)
       AND ($5::text = 'uphold' OR a.contested_action = 'remove')
       FOR UPDATE
  ), decided AS (
    INSERT INTO decisions (id, case_id, action, explanation, decided_by, decided_at)
    SELECT $7::uuid, t.case_id, 'no_violation', $6::text, $2::uuid, $3::timestamptz FROM target t WHERE $7::uuid IS NOT NULL
  ), closed AS (
    UPDATE appeals a SET state = $8::text, outcome = $5::text, reason = $6::text, decided_by = $2::uuid, decided_at = $3::timestamptz,
           new_decision_id = $7::uuid, claimed_by = NULL, lease_expires_at = NULL, warn_at = NULL, updated_at = now()
      FROM target t WHERE a.id = t.id RETURNING a.*
  ), jobs AS (
    ${outboxInsertSql(10, 'WHERE EXISTS (SELECT 1 FROM target)')}
  ), audited AS (
    ${AUDIT_PENDING_INSERT}
    SELECT $3::timestamptz, $2::uuid, $9::text, 'appeal.decided', 'appeal', t.id::text,
           jsonb_build_object('outcome', $5::text, 'contestedDecisionId', t.decision_id, 'newDecisionId', $7::uuid, 'caseId', t.case_id,
                              'before', jsonb_build_object('state', t.state, 'tier', t.tier))
      FROM target t
  )
  SELECT ${COLUMNS} FROM closed a`;

/** The claim order of appeals: deadline first, then age (appeals_claim_order). */
const CLAIM_ORDER = `a.tier, a.due_at, a.received_at, a.id`;

@Injectable()
export class AppealsRepository {
  contested(tx: Tx, decisionId: string): Promise<ContestedDecision | undefined> {
    return one(tx,
      `SELECT d.id, d.case_id AS "caseId", d.action, d.decided_at AS "decidedAt", d.decided_by AS "decidedBy",
              coalesce(d.category, c.category) AS category, c.state AS "caseState",
              EXISTS (SELECT 1 FROM decisions l WHERE l.case_id = d.case_id AND (l.decided_at, l.id) > (d.decided_at, d.id)) AS superseded
         FROM decisions d JOIN cases c ON c.id = d.case_id WHERE d.id = $1`,
      [decisionId]);
  }

  /** The filer's notice on the case, received before the decision: what makes a reporter a notifier of it. */
  async notifierReport(tx: Tx, caseId: string, reporterId: string, decidedAt: Date): Promise<string | undefined> {
    return (await one<{ id: string }>(tx,
      `SELECT id FROM reports WHERE case_id = $1 AND reporter_id = $2 AND received_at <= $3 ORDER BY received_at, id LIMIT 1`,
      [caseId, reporterId, decidedAt]))?.id;
  }

  byIdempotencyKey(tx: Tx, filedBy: string, key: string): Promise<AppealRow | undefined> {
    return one(tx, `SELECT ${COLUMNS} FROM appeals a WHERE a.filed_by = $1 AND a.idempotency_key = $2`, [filedBy, key]);
  }

  /** Stores the appeal unless this appellant already appealed the decision (or the key was used): then undefined. */
  insert(tx: Tx, a: NewAppeal): Promise<AppealRow | undefined> {
    return one(tx,
      `INSERT INTO appeals AS a (id, decision_id, case_id, appellant, filed_by, report_id, statement, external_ref, idempotency_key,
                                 request_hash, contested_action, contested_by, category, state, received_at, due_at, warn_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'queued', $14, $15, $16)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [a.id, a.decisionId, a.caseId, a.appellant, a.filedBy, a.reportId, a.statement, a.externalRef, a.idempotencyKey,
        a.requestHash, a.contestedAction, a.contestedBy, a.category, a.receivedAt, a.dueAt, a.warnAt]);
  }

  find(tx: Tx, id: string, lock = false): Promise<AppealRow | undefined> {
    return one(tx, `SELECT ${COLUMNS} FROM appeals a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  /**
   * Leases the first claimable appeal of the tier in claim order, passing over those whose contested decision the
   * claimant made (an appeal is never decided by the moderator it contests), with its exposure and its event.
   */
  claim(tx: Tx, q: { tier: Tier; now: Date; holder: string; leaseUntil: Date; actorRole: string }): Promise<AppealRow | undefined> {
    return one(tx,
      `WITH claimed AS (
         UPDATE appeals a SET claimed_by = $3, lease_expires_at = $4, first_claimed_at = coalesce(a.first_claimed_at, $2), updated_at = now()
          WHERE a.id = (SELECT a.id FROM appeals a
                         WHERE a.state = 'queued' AND a.tier = $1 AND (a.lease_expires_at IS NULL OR a.lease_expires_at <= $2)
                           AND a.contested_by IS DISTINCT FROM $3
                         ORDER BY ${CLAIM_ORDER} LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED)
         RETURNING a.*
       ), opened AS (
         -- The appeal shows the contested post: it counts in the moderator's exposure as a case screen does.
         INSERT INTO exposures (principal_id, opened_at, case_id, violent)
         SELECT $3::uuid, $2::timestamptz, c.id, ${violentCaseSql('c')} FROM claimed a JOIN cases c ON c.id = a.case_id
         ON CONFLICT DO NOTHING
       ), audited AS (
         ${AUDIT_PENDING_INSERT}
         SELECT $2::timestamptz, $3::uuid, $5::text, 'appeal.claimed', 'appeal', a.id::text, jsonb_build_object('leaseExpiresAt', a.lease_expires_at)
           FROM claimed a
       )
       SELECT ${COLUMNS} FROM claimed a`,
      [q.tier, q.now, q.holder, q.leaseUntil, q.actorRole]);
  }

  /** Appeals in a state, oldest first (appeals_received_idx), a page at a time. */
  list(tx: Tx, q: { state: AppealState; limit: number; after?: { receivedAt: string; id: string } }): Promise<AppealRow[]> {
    return rows(tx,
      `SELECT ${COLUMNS} FROM appeals a
        WHERE a.state = $1 AND ($3::timestamptz IS NULL OR (a.received_at, a.id) > ($3::timestamptz, $4::uuid))
        ORDER BY a.received_at, a.id LIMIT $2`,
      [q.state, q.limit, q.after?.receivedAt ?? null, q.after?.id ?? null]);
  }

  /** Per tier: undecided appeals, those in review, those past their deadline, and the next deadline of a claimable one. */
  overview(tx: Tx, now: Date): Promise<AppealTierFigures[]> {
    return rows(tx,
      `SELECT a.tier, count(*)::int AS queued,
              count(*) FILTER (WHERE a.lease_expires_at > $1)::int AS "inReview",
              count(*) FILTER (WHERE a.due_at <= $1)::int AS "pastDeadline",
              min(a.due_at) FILTER (WHERE a.lease_expires_at IS NULL OR a.lease_expires_at <= $1) AS "nextDueAt"
         FROM appeals a WHERE a.state = 'queued' GROUP BY a.tier`,
      [now]);
  }

  async renewLease(tx: Tx, q: { id: string; holder: string; now: Date; leaseUntil: Date }): Promise<Date | undefined> {
    return (await one<{ leaseExpiresAt: Date }>(tx,
      `UPDATE appeals SET lease_expires_at = $4, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND state = 'queued' AND lease_expires_at > $3
       RETURNING lease_expires_at AS "leaseExpiresAt"`,
      [q.id, q.holder, q.now, q.leaseUntil]))?.leaseExpiresAt;
  }

  async releaseLease(tx: Tx, q: { id: string; holder: string; now: Date }): Promise<boolean> {
    return (await one(tx,
      `UPDATE appeals SET claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND state = 'queued' AND lease_expires_at > $3 RETURNING id`,
      [q.id, q.holder, q.now])) !== undefined;
  }

  /** The appeal, locked, if the holder's lease on it is live: the guard of every outcome. */
  leased(tx: Tx, id: string, holder: string, now: Date): Promise<AppealRow | undefined> {
    return one(tx,
      `SELECT ${COLUMNS} FROM appeals a WHERE a.id = $1 AND a.state = 'queued' AND a.claimed_by = $2 AND a.lease_expires_at > $3 FOR UPDATE`,
      [id, holder, now]);
  }

  async close(tx: Tx, id: string, c: { state: AppealState; outcome: AppealOutcome; reason: string; decidedBy: string; decidedAt: Date; newDecisionId: string | null }): Promise<AppealRow> {
    return (await one<AppealRow>(tx,
      `UPDATE appeals a SET state = $2, outcome = $3, reason = $4, decided_by = $5, decided_at = $6, new_decision_id = $7,
              claimed_by = NULL, lease_expires_at = NULL, warn_at = NULL, updated_at = now()
        WHERE a.id = $1 RETURNING ${COLUMNS}`,
      [id, c.state, c.outcome, c.reason, c.decidedBy, c.decidedAt, c.newDecisionId]))!;
  }

  /**
   * The common outcomes in one statement: an uphold, or the overturn of a removal (a "no violation" decision beside
   * the contested one). Guarded by the holder's live lease, the tier and, for an overturn, a contested removal;
   * undefined when the guard does not hold (the caller then takes the general path, which says why).
   */
  decideInOne(tx: Tx, d: {
    id: string; holder: string; now: Date; seniorAllowed: boolean; outcome: AppealOutcome; reason: string; newDecisionId: string | null;
    state: AppealState; jobs: JobSpec[]; actorRole: string;
  }): Promise<AppealRow | undefined> {
    return one(tx, DECIDE_IN_ONE_SQL, [
      d.id, d.holder, d.now, d.seniorAllowed, d.outcome, d.reason, d.newDecisionId, d.state, d.actorRole, ...outboxParams(d.jobs),
    ]);
  }

  async insertDecision(tx: Tx, d: OverturningDecision): Promise<void> {
    await execute(tx,
      `INSERT INTO decisions (id, case_id, action, ground, legal_ground, policy, explanation, decided_by, decided_at, category)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [d.id, d.caseId, d.action, d.ground, d.legalGround, d.policy, d.explanation, d.decidedBy, d.decidedAt, d.category]);
  }

  /**
   * A "no violation" overturned: the case is decided for removal again, and goes to enforcement like any removal.
   * Returns false when the post has another open case meanwhile (one open case per post): that case decides it.
   */
  async reopenForRemoval(tx: Tx, caseId: string, at: Date): Promise<boolean> {
    const open = await one(tx,
      `SELECT 1 FROM cases o WHERE o.post_id = (SELECT post_id FROM cases WHERE id = $1) AND o.id <> $1
          AND o.state IN ('received', 'queued', 'removing', 'removal_failed')`, [caseId]);
    if (open) return false;
    await execute(tx,
      `UPDATE cases SET state = 'removing', decided_at = $2, closed_at = NULL, claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND state = 'no_violation'`,
      [caseId, at]);
    return true;
  }

  restoreOrder(tx: Tx, appealId: string): Promise<RestoreOrder | undefined> {
    return one(tx,
      `SELECT a.id AS "appealId", a.state, a.case_id AS "caseId", a.new_decision_id AS "decisionId", a.decision_id AS "contestedDecisionId",
              c.post_id AS "postId", p.url AS "postUrl", a.category, a.decided_at AS "decidedAt"
         FROM appeals a JOIN cases c ON c.id = a.case_id JOIN posts p ON p.id = c.post_id
        WHERE a.id = $1 AND a.new_decision_id IS NOT NULL`,
      [appealId]);
  }

  /**
   * The platform confirmed the restoration: the appeal is restored, the case's current decision (no violation) holds,
   * and the post is restored (so a new notice about it opens a case again). False when it was confirmed before.
   */
  async markRestored(tx: Tx, appealId: string, at: Date): Promise<AppealRow | undefined> {
    const appeal = await one<AppealRow>(tx,
      `UPDATE appeals a SET state = 'restored', restored_at = $2, updated_at = now()
        WHERE a.id = $1 AND a.state IN ('restoring', 'restore_failed') RETURNING ${COLUMNS}`,
      [appealId, at]);
    if (!appeal) return undefined;
    // closed_at stays the removal's: the post restored after it is what lets a new notice open a case again.
    await execute(tx, `UPDATE cases SET state = 'no_violation', updated_at = now() WHERE id = $1 AND state = 'removed'`, [appeal.caseId]);
    await execute(tx, `UPDATE posts SET restored_at = $2 WHERE id = (SELECT post_id FROM cases WHERE id = $1)`, [appeal.caseId, at]);
    return appeal;
  }

  async markRestoreFailed(tx: Tx, appealId: string): Promise<boolean> {
    return (await one(tx,
      `UPDATE appeals SET state = 'restore_failed', updated_at = now() WHERE id = $1 AND state = 'restoring' RETURNING id`, [appealId])) !== undefined;
  }

  async markRestoring(tx: Tx, appealId: string): Promise<void> {
    await execute(tx, `UPDATE appeals SET state = 'restoring', updated_at = now() WHERE id = $1`, [appealId]);
  }

  async retriesSoFar(tx: Tx, appealId: string): Promise<number> {
    return (await one<{ n: number }>(tx,
      `SELECT count(*)::int AS n FROM audit_trail WHERE subject_type = 'appeal' AND subject_id = $1 AND action = 'appeal.restore_retried'`,
      [appealId]))!.n;
  }

  /** Due warnings of undecided appeals (warn_at is cleared when given or decided). */
  dueWarnings(tx: Tx, now: Date, limit: number): Promise<{ id: string; dueAt: Date }[]> {
    return rows(tx, `SELECT id, due_at AS "dueAt" FROM appeals WHERE warn_at IS NOT NULL AND warn_at <= $1 ORDER BY warn_at LIMIT $2`, [now, limit]);
  }

  /** Appeals past their deadline, not yet marked breached: undecided, or restorations not confirmed. */
  dueBreaches(tx: Tx, now: Date, limit: number): Promise<{ id: string; dueAt: Date }[]> {
    return rows(tx,
      `SELECT id, due_at AS "dueAt" FROM appeals
        WHERE breached_at IS NULL AND state IN ('queued', 'restoring', 'restore_failed') AND due_at <= $1
        ORDER BY due_at LIMIT $2`,
      [now, limit]);
  }

  takeWarning(tx: Tx, id: string): Promise<AppealRow | undefined> {
    return one(tx, `UPDATE appeals a SET warn_at = NULL WHERE a.id = $1 AND a.warn_at IS NOT NULL AND a.state = 'queued' RETURNING ${COLUMNS}`, [id]);
  }

  /** Breached; an undecided appeal moves to the senior tier, where its past deadline puts it first. */
  markBreached(tx: Tx, id: string): Promise<AppealRow | undefined> {
    return one(tx,
      `UPDATE appeals a SET breached_at = a.due_at, warn_at = NULL, updated_at = now(),
              tier = CASE WHEN a.state = 'queued' THEN 'senior' ELSE a.tier END,
              claimed_by = CASE WHEN a.state = 'queued' THEN NULL ELSE a.claimed_by END,
              lease_expires_at = CASE WHEN a.state = 'queued' THEN NULL ELSE a.lease_expires_at END
        WHERE a.id = $1 AND a.breached_at IS NULL AND a.state IN ('queued', 'restoring', 'restore_failed')
       RETURNING ${COLUMNS}`,
      [id]);
  }

  /** The appeal with its filer's callback URL (a notifier's `appeal.resolved` goes there). */
  callbackTarget(tx: Tx, appealId: string): Promise<(AppealRow & { callbackUrl: string | null; callbackSecret: string; revokedAt: Date | null }) | undefined> {
    return one(tx,
      `SELECT ${COLUMNS}, p.callback_url AS "callbackUrl", p.callback_secret AS "callbackSecret", p.revoked_at AS "revokedAt"
         FROM appeals a JOIN principals p ON p.id = a.filed_by WHERE a.id = $1`,
      [appealId]);
  }
}
