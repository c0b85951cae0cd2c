import { Injectable } from '@nestjs/common';
import { CaseState, DecisionAction, Tier, Tx, one, rows } from '@docket/database';

export interface CaseRow {
  id: string;
  postId: string;
  state: CaseState;
  tier: Tier;
  source: 'notice' | 'own_initiative';
  priority: number;
  category: string;
  dueAt: Date;
  breachedAt: Date | null;
  reportCount: number;
  signals: Record<string, unknown> | null;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  firstReportedAt: Date;
  queuedAt: Date | null;
  firstClaimedAt: Date | null;
  decidedAt: Date | null;
  removedAt: Date | null;
}

export interface PostRow {
  id: string;
  url: string | null;
  authorId: string | null;
  text: string | null;
  language: string | null;
  mediaUrls: string[];
  postedAt: Date | null;
}

export interface CaseReportRow {
  id: string;
  category: string;
  reporterKind: string;
  description: string | null;
  receivedAt: Date;
}

export interface DecisionRow {
  id: string;
  action: DecisionAction;
  ground: string | null;
  legalGround: string | null;
  policy: string | null;
  explanation: string;
  decidedBy: string | null;
  decidedAt: Date;
  automatedDetection: boolean;
  automatedDecision: boolean;
}

export interface NewDecision extends DecisionRow {
  caseId: string;
}

/** Position in the claim order, for the queue's cursor. */
export interface QueuePosition {
  dueAt: string;
  reportCount: number;
  firstReportedAt: string;
  id: string;
}

const CASE_COLUMNS = `c.id, c.post_id AS "postId", c.state, c.tier, c.source, c.priority, c.category, c.due_at AS "dueAt",
       c.breached_at AS "breachedAt", c.report_count AS "reportCount", c.signals, c.claimed_by AS "claimedBy",
       c.lease_expires_at AS "leaseExpiresAt", c.first_reported_at AS "firstReportedAt", c.queued_at AS "queuedAt",
       c.first_claimed_at AS "firstClaimedAt", c.decided_at AS "decidedAt", c.removed_at AS "removedAt"`;

/** A queued case nobody holds a live lease on: an expired lease frees the case by itself. */
const CLAIMABLE = `c.state = 'queued' AND c.tier = $1 AND (c.lease_expires_at IS NULL OR c.lease_expires_at <= $2)`;
/** deadlines.md's order; `cases_claim_order` serves it. */
const CLAIM_ORDER = `c.tier, c.due_at, c.report_count DESC, c.first_reported_at, c.id`;

type JsonRow = Record<string, unknown>;
const toDate = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);

/** The SQL of the review queue: claims, leases, decisions and the case as a moderator sees it. */
@Injectable()
export class ReviewRepository {
  /**
   * One statement: pick the first claimable case in claim order, skipping rows
   * another claim has locked, and lease it. Two claims never get the same case.
   */
  async claim(tx: Tx, q: { tier: Tier; now: Date; holder: string; leaseUntil: Date }): Promise<string | undefined> {
    const row = await one<{ id: string }>(
      tx,
      `UPDATE cases SET claimed_by = $3, lease_expires_at = $4, first_claimed_at = COALESCE(first_claimed_at, $2), updated_at = now()
        WHERE id = (SELECT c.id FROM cases c WHERE ${CLAIMABLE} ORDER BY ${CLAIM_ORDER} LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [q.tier, q.now, q.holder, q.leaseUntil],
    );
    return row?.id;
  }

  async renewLease(tx: Tx, q: { caseId: string; holder: string; now: Date; leaseUntil: Date }): Promise<Date | undefined> {
    const row = await one<{ leaseExpiresAt: Date }>(
      tx,
      `UPDATE cases SET lease_expires_at = $4, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND state = 'queued' AND lease_expires_at > $3
       RETURNING lease_expires_at AS "leaseExpiresAt"`,
      [q.caseId, q.holder, q.now, q.leaseUntil],
    );
    return row?.leaseExpiresAt;
  }

  async releaseLease(tx: Tx, q: { caseId: string; holder: string; now: Date }): Promise<boolean> {
    const row = await one(
      tx,
      `UPDATE cases SET claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND state = 'queued' AND lease_expires_at > $3
       RETURNING id`,
      [q.caseId, q.holder, q.now],
    );
    return row !== undefined;
  }

  exists(tx: Tx, caseId: string): Promise<boolean> {
    return one(tx, 'SELECT 1 FROM cases WHERE id = $1', [caseId]).then((r) => r !== undefined);
  }

  findCase(tx: Tx, caseId: string, lock = false): Promise<CaseRow | undefined> {
    return one(tx, `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`, [caseId]);
  }

  queue(tx: Tx, q: { tier: Tier; now: Date; after?: QueuePosition; limit: number }): Promise<(CaseRow & { text: string | null })[]> {
    const params: unknown[] = [q.tier, q.now, q.limit];
    let after = '';
    if (q.after) {
      params.push(q.after.dueAt, q.after.reportCount, q.after.firstReportedAt, q.after.id);
      after = `AND (c.due_at, -c.report_count, c.first_reported_at, c.id) > ($4::timestamptz, -$5::int, $6::timestamptz, $7::uuid)`;
    }
    return rows(tx, `SELECT ${CASE_COLUMNS} FROM cases c WHERE ${CLAIMABLE} ${after} ORDER BY ${CLAIM_ORDER} LIMIT $3`, params);
  }

  /**
   * A case with everything its detail shows (post, reports, latest decision) in
   * one round trip instead of four: claims and decisions return the detail, and
   * inside their transaction every statement is a wait on the connection.
   */
  async caseWithDetails(tx: Tx, caseId: string): Promise<{ c: CaseRow; post: PostRow; reports: CaseReportRow[]; decision: DecisionRow | undefined } | undefined> {
    const row = await one<CaseRow & { d_post: JsonRow; d_reports: JsonRow[]; d_decision: JsonRow | null }>(
      tx,
      `SELECT ${CASE_COLUMNS},
              (SELECT row_to_json(p) FROM (SELECT id, url, author_id AS "authorId", text, language, media_urls AS "mediaUrls", posted_at AS "postedAt"
                                             FROM posts WHERE id = c.post_id) p) AS d_post,
              COALESCE((SELECT json_agg(r ORDER BY r."receivedAt", r.id)
                          FROM (SELECT id, category, reporter_kind AS "reporterKind", description, received_at AS "receivedAt"
                                  FROM reports WHERE case_id = c.id) r), '[]'::json) AS d_reports,
              (SELECT row_to_json(d) FROM (SELECT id, action, ground, legal_ground AS "legalGround", policy, explanation, decided_by AS "decidedBy",
                                                  decided_at AS "decidedAt", automated_detection AS "automatedDetection",
                                                  automated_decision AS "automatedDecision"
                                             FROM decisions WHERE case_id = c.id ORDER BY decided_at DESC, id DESC LIMIT 1) d) AS d_decision
         FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    if (!row) return undefined;
    const { d_post: post, d_reports: reports, d_decision: decision, ...c } = row;
    // JSON carries timestamps as ISO strings; the views expect Dates, as the driver gives for columns.
    return {
      c,
      post: { ...(post as unknown as PostRow), postedAt: toDate(post.postedAt) },
      reports: reports.map((r) => ({ ...(r as unknown as CaseReportRow), receivedAt: toDate(r.receivedAt)! })),
      decision: decision ? { ...(decision as unknown as DecisionRow), decidedAt: toDate(decision.decidedAt)! } : undefined,
    };
  }

  async insertDecision(tx: Tx, d: NewDecision): Promise<void> {
    await tx.query(
      `INSERT INTO decisions (id, case_id, action, ground, legal_ground, policy, explanation, decided_by, decided_at,
                              automated_detection, automated_decision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [d.id, d.caseId, d.action, d.ground, d.legalGround, d.policy, d.explanation, d.decidedBy, d.decidedAt, d.automatedDetection, d.automatedDecision],
    );
  }

  /** Removal decided: the case waits for the platform's acknowledgement. */
  async markRemoving(tx: Tx, caseId: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE cases SET state = 'removing', decided_at = $2, claimed_by = NULL, lease_expires_at = NULL, updated_at = now() WHERE id = $1`,
      [caseId, at],
    );
  }

  /** No violation closes the case; deciding after the deadline is a breach. */
  async closeNoViolation(tx: Tx, caseId: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE cases SET state = 'no_violation', decided_at = $2, closed_at = $2, claimed_by = NULL, lease_expires_at = NULL,
              breached_at = COALESCE(breached_at, CASE WHEN $2 > due_at THEN due_at END), updated_at = now()
        WHERE id = $1`,
      [caseId, at],
    );
  }

  /** The breach is dated at the deadline itself; escalating also ends any lease on the case. */
  async markBreached(tx: Tx, caseId: string, escalate: boolean): Promise<void> {
    await tx.query(
      `UPDATE cases SET breached_at = due_at, updated_at = now()
              ${escalate ? `, tier = 'senior', claimed_by = NULL, lease_expires_at = NULL` : ''}
        WHERE id = $1`,
      [caseId],
    );
  }

  async escalate(tx: Tx, caseId: string): Promise<void> {
    await tx.query(`UPDATE cases SET tier = 'senior', claimed_by = NULL, lease_expires_at = NULL, updated_at = now() WHERE id = $1`, [caseId]);
  }
}
