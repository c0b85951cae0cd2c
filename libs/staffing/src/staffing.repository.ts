import { Injectable } from '@nestjs/common';
import { Tx, execute, one, rows } from '@docket/database';

/** A case as the staffing report replays it. */
export interface HistoryCase {
  id: string;
  category: string;
  reportCount: number;
  firstReportedAt: Date;
  queuedAt: Date | null;
  dueAt: Date;
}

/** A decision made by a person, with when they had claimed the case (null when no claim of theirs precedes it). */
export interface HistoryDecision {
  caseId: string;
  action: 'remove' | 'no_violation' | 'escalate';
  role: string | null;
  decidedBy: string | null;
  decidedAt: Date;
  claimedAt: Date | null;
}

/** An open case as the capacity projection starts from it. */
export interface BacklogCase {
  id: string;
  tier: 'standard' | 'senior';
  category: string;
  reportCount: number;
  firstReportedAt: Date;
  dueAt: Date;
  breachedAt: Date | null;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  /** When the holder of a live lease claimed it. */
  claimedAt: Date | null;
}

/** A case that arrived recently: the projection files more like it. */
export interface InflowCase {
  category: string;
  reportCount: number;
  windowSeconds: number;
}

export interface HandlingSample {
  category: string;
  role: string;
  seconds: number;
}

export interface CapacityState {
  projectedAt: Date;
  insufficientSince: Date | null;
  projection: Record<string, unknown>;
}

/** Roles that work the senior tier (review.service.ts worksSeniorTier). */
export const SENIOR_ROLES = ['senior', 'admin'];

/** Capacity passes of every worker serialise on this key (pg_try_advisory_xact_lock); the reconciler has its own. */
const CAPACITY_LOCK = 0x73746166; // 'staf'

/**
 * The latest claim of the decider on the case before the decision: the handling time is the decision's time minus
 * this. Reads the audit trail (every event, sealed or pending) through its subject index.
 */
const CLAIMED_AT = `(SELECT max(a.occurred_at) FROM audit_trail a
                      WHERE a.subject_type = 'case' AND a.subject_id = d.case_id::text AND a.action = 'case.claimed'
                        AND a.actor_id = d.decided_by AND a.occurred_at <= d.decided_at)`;

/** The SQL of staffing: recorded history for the report, and the live queue for the capacity alarm. */
@Injectable()
export class StaffingRepository {
  /** Cases first reported in [from, to), oldest first; at most `limit`. */
  cases(tx: Tx, from: string, to: string, limit: number): Promise<HistoryCase[]> {
    return rows(tx,
      `SELECT c.id, c.category, c.report_count AS "reportCount", c.first_reported_at AS "firstReportedAt", c.queued_at AS "queuedAt", c.due_at AS "dueAt"
         FROM cases c
        WHERE c.first_reported_at >= $1::timestamptz AND c.first_reported_at < $2::timestamptz
        ORDER BY c.first_reported_at, c.id
        LIMIT $3`,
      [from, to, limit]);
  }

  /** Every decision of the cases first reported in [from, to), in order, each with its claim. */
  decisions(tx: Tx, from: string, to: string): Promise<HistoryDecision[]> {
    return rows(tx,
      `SELECT d.case_id AS "caseId", d.action, p.role, d.decided_by AS "decidedBy", d.decided_at AS "decidedAt", ${CLAIMED_AT} AS "claimedAt"
         FROM cases c
         JOIN decisions d ON d.case_id = c.id
         LEFT JOIN principals p ON p.id = d.decided_by
        WHERE c.first_reported_at >= $1::timestamptz AND c.first_reported_at < $2::timestamptz
        ORDER BY d.case_id, d.decided_at, d.id`,
      [from, to]);
  }

  async lock(tx: Tx): Promise<boolean> {
    return (await one<{ locked: boolean }>(tx, `SELECT pg_try_advisory_xact_lock($1) AS locked`, [CAPACITY_LOCK]))!.locked;
  }

  state(tx: Tx): Promise<CapacityState | undefined> {
    return one(tx, `SELECT projected_at AS "projectedAt", insufficient_since AS "insufficientSince", projection FROM capacity_alarm`);
  }

  async saveState(tx: Tx, s: CapacityState): Promise<void> {
    await execute(tx,
      `INSERT INTO capacity_alarm (id, projected_at, insufficient_since, projection) VALUES (true, $1, $2, $3::jsonb)
       ON CONFLICT (id) DO UPDATE SET projected_at = $1, insufficient_since = $2, projection = $3::jsonb`,
      [s.projectedAt, s.insufficientSince, JSON.stringify(s.projection)]);
  }

  /**
   * The open cases awaiting a decision (received or queued), most urgent first: each tier through the claim-order
   * index, at most `limit` of each, with the claim of a live lease.
   */
  backlog(tx: Tx, now: Date, limit: number): Promise<BacklogCase[]> {
    const columns = `c.id, c.tier, c.category, c.report_count AS "reportCount", c.first_reported_at AS "firstReportedAt", c.due_at AS "dueAt",
                     c.breached_at AS "breachedAt", c.claimed_by AS "claimedBy", c.lease_expires_at AS "leaseExpiresAt"`;
    return rows(tx,
      `WITH open AS (
         (SELECT ${columns} FROM cases c WHERE c.state = 'queued' AND c.tier = 'senior' ORDER BY c.due_at LIMIT $2)
         UNION ALL
         (SELECT ${columns} FROM cases c WHERE c.state = 'queued' AND c.tier = 'standard' ORDER BY c.due_at LIMIT $2)
         UNION ALL
         (SELECT ${columns} FROM cases c WHERE c.state = 'received' ORDER BY c.due_at LIMIT $2)
       )
       SELECT o.*,
              CASE WHEN o."leaseExpiresAt" > $1 THEN
                (SELECT max(a.occurred_at) FROM audit_trail a
                  WHERE a.subject_type = 'case' AND a.subject_id = o.id::text AND a.action = 'case.claimed' AND a.actor_id = o."claimedBy")
              END AS "claimedAt"
         FROM open o`,
      [now, limit]);
  }

  /** Cases first reported in [from, to): how many, and (newest first) up to `limit` of them to copy. */
  async inflow(tx: Tx, from: Date, to: Date, limit: number): Promise<{ count: number; cases: InflowCase[] }> {
    const [count, cases] = await Promise.all([
      one<{ n: number }>(tx, `SELECT count(*)::int AS n FROM cases WHERE first_reported_at >= $1 AND first_reported_at < $2`, [from, to]),
      rows<InflowCase>(tx,
        `SELECT category, report_count AS "reportCount", extract(epoch FROM due_at - first_reported_at)::float8 AS "windowSeconds"
           FROM cases WHERE first_reported_at >= $1 AND first_reported_at < $2
          ORDER BY first_reported_at DESC LIMIT $3`,
        [from, to, limit]),
    ]);
    return { count: count!.n, cases };
  }

  /** Principals who took a lease (claimed) or decided in [since, now], or hold a live lease, with their roles. */
  activeModerators(tx: Tx, since: Date, now: Date, holders: string[]): Promise<{ id: string; role: string }[]> {
    return rows(tx,
      `SELECT p.id, p.role FROM principals p
        WHERE p.revoked_at IS NULL AND p.role IN ('moderator', 'senior', 'admin')
          AND (p.id = ANY($3::uuid[])
               OR p.id IN (SELECT principal_id FROM exposures WHERE opened_at >= $1 AND opened_at <= $2)
               OR p.id IN (SELECT decided_by FROM decisions WHERE decided_at >= $1 AND decided_at <= $2 AND decided_by IS NOT NULL))
        ORDER BY p.id`,
      [since, now, holders]);
  }

  /** Handling times of the latest decisions made by people in [since, now] (at most `limit`), by the case's category. */
  handling(tx: Tx, since: Date, now: Date, limit: number): Promise<HandlingSample[]> {
    return rows(tx,
      `SELECT c.category, p.role, extract(epoch FROM d.decided_at - d.claimed_at)::float8 AS seconds
         FROM (SELECT d.*, ${CLAIMED_AT} AS claimed_at
                 FROM (SELECT * FROM decisions WHERE decided_at >= $1 AND decided_at <= $2 AND decided_by IS NOT NULL
                        ORDER BY decided_at DESC LIMIT $3) d) d
         JOIN cases c ON c.id = d.case_id
         JOIN principals p ON p.id = d.decided_by
        WHERE d.claimed_at IS NOT NULL`,
      [since, now, limit]);
  }
}
