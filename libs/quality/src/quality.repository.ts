import { Injectable } from '@nestjs/common';
import { AUDIT_PENDING_INSERT } from '@docket/audit';
import { SecondReviewAction, SecondReviewResolution, SecondReviewState, Tx, one, rows } from '@docket/database';
import { violentCaseSql } from '@docket/wellness';

/** A second review as stored (decision 0037). `firstAction` is never shown to the second reviewer. */
export interface SecondReviewRow {
  id: string;
  decisionId: string;
  caseId: string;
  firstDecidedBy: string | null;
  firstAction: SecondReviewAction;
  category: string;
  automated: boolean;
  state: SecondReviewState;
  createdAt: Date;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  secondAction: SecondReviewAction | null;
  reason: string | null;
  agreed: boolean | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  resolution: SecondReviewResolution | null;
  resolutionReason: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
}

/** A second review with the names of the principals it refers to. */
export interface Named {
  firstDecidedByName: string | null;
  reviewedByName: string | null;
  resolvedByName: string | null;
}

/** Agreement of second reviews closed in a period, per group (a category, or a first decider). */
export interface AgreementRow {
  key: string | null;
  name?: string | null;
  reviewed: number;
  agreed: number;
  disagreed: number;
  agreementRate: number | null;
  resolved: number;
  firstUpheld: number;
  secondUpheld: number;
}

export interface Period {
  from: Date | null;
  to: Date | null;
}

const COLUMNS = `s.id, s.decision_id AS "decisionId", s.case_id AS "caseId", s.first_decided_by AS "firstDecidedBy", s.first_action AS "firstAction",
  s.category, s.automated, s.state, s.created_at AS "createdAt", s.claimed_by AS "claimedBy", s.lease_expires_at AS "leaseExpiresAt",
  s.second_action AS "secondAction", s.reason, s.agreed, s.reviewed_by AS "reviewedBy", s.reviewed_at AS "reviewedAt",
  s.resolution, s.resolution_reason AS "resolutionReason", s.resolved_by AS "resolvedBy", s.resolved_at AS "resolvedAt"`;

const FIGURES = `count(*)::int AS reviewed, count(*) FILTER (WHERE s.agreed)::int AS agreed, count(*) FILTER (WHERE NOT s.agreed)::int AS disagreed,
  round(avg(s.agreed::int), 4)::float8 AS "agreementRate", count(s.resolution)::int AS resolved,
  count(*) FILTER (WHERE s.resolution = 'first_upheld')::int AS "firstUpheld", count(*) FILTER (WHERE s.resolution = 'second_upheld')::int AS "secondUpheld"`;
/**
 * Leases to $2 until $3 the first second review, in `order`, that `eligible` allows ($5: one category, or any), not
 * leased by anyone, with the holder's exposure (they see the post) and a `second_review.claimed` event ($1 now, $4 the
 * role; `data` joins the event's case and lease); `select` reads the `claimed` row.
 */
const claimSql = (eligible: string, order: string, data: string, select: string) => `WITH claimed AS (
     UPDATE second_reviews s SET claimed_by = $2, lease_expires_at = $3, updated_at = now()
      WHERE s.id = (SELECT s.id FROM second_reviews s
                     WHERE ${eligible} AND (s.lease_expires_at IS NULL OR s.lease_expires_at <= $1) AND ($5::text IS NULL OR s.category = $5::text)
                     ORDER BY ${order}, s.id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED)
     RETURNING s.*
   ), opened AS (
     INSERT INTO exposures (principal_id, opened_at, case_id, violent)
     SELECT $2::uuid, $1::timestamptz, c.id, ${violentCaseSql('c')} FROM claimed s JOIN cases c ON c.id = s.case_id
     ON CONFLICT DO NOTHING
   ), audited AS (
     ${AUDIT_PENDING_INSERT}
     SELECT $1::timestamptz, $2::uuid, $4::text, 'second_review.claimed', 'second_review', s.id::text,
            jsonb_build_object('caseId', s.case_id, 'leaseExpiresAt', s.lease_expires_at) || ${data}
       FROM claimed s
   )
   ${select}`;

/** A disagreement the senior tier has not resolved yet. */
const UNRESOLVED = `s.state = 'disagreed' AND s.resolved_at IS NULL`;

/** A second review for a moderator: oldest queued first, never of their own decision. */
const CLAIM_SQL = claimSql(`s.state = 'queued' AND s.first_decided_by IS DISTINCT FROM $2`, 's.created_at', `'{}'::jsonb`, `SELECT ${COLUMNS} FROM claimed s`);
/** A disagreement for a senior who took neither decision, oldest second review first; both names and the first explanation. */
const CLAIM_DISAGREEMENT_SQL = claimSql(
  `${UNRESOLVED} AND s.first_decided_by IS DISTINCT FROM $2 AND s.reviewed_by IS DISTINCT FROM $2`, 's.reviewed_at', `jsonb_build_object('tier', 'senior')`,
  `SELECT ${COLUMNS}, f.name AS "firstDecidedByName", r.name AS "reviewedByName", NULL::text AS "resolvedByName", d.explanation AS "firstExplanation"
     FROM claimed s LEFT JOIN principals f ON f.id = s.first_decided_by LEFT JOIN principals r ON r.id = s.reviewed_by
     JOIN decisions d ON d.id = s.decision_id`,
);
/** Closed second reviews, on the time of the second review: [from, to). */
const CLOSED_IN = `s.state <> 'queued' AND ($1::timestamptz IS NULL OR s.reviewed_at >= $1) AND ($2::timestamptz IS NULL OR s.reviewed_at < $2)`;

/** The SQL of quality sampling: the second-review queue (its own small table, never the case claim's) and its figures. */
@Injectable()
export class QualityRepository {
  find(tx: Tx, id: string): Promise<SecondReviewRow | undefined> {
    return one(tx, `SELECT ${COLUMNS} FROM second_reviews s WHERE s.id = $1`, [id]);
  }

  /**
   * Leases the oldest queued second review nobody holds, passing over those of the claimant's own decisions, with its
   * exposure (the reviewer sees the post) and its event.
   */
  claim(tx: Tx, q: { now: Date; holder: string; leaseUntil: Date; actorRole: string; category: string | null }): Promise<SecondReviewRow | undefined> {
    return one(tx,
      CLAIM_SQL,
      [q.now, q.holder, q.leaseUntil, q.actorRole, q.category]);
  }

  /**
   * Closes the second review the holder has a live lease on: agreed when the second action is the first one, else
   * disagreed (the senior tier's list); one event, `second_review.agreed` or `second_review.disagreed`. Undefined when
   * the guard does not hold.
   */
  decide(tx: Tx, d: { id: string; holder: string; now: Date; action: SecondReviewAction; reason: string; actorRole: string }): Promise<SecondReviewRow | undefined> {
    return one(tx,
      `WITH target AS (
         SELECT s.* FROM second_reviews s
          WHERE s.id = $1 AND s.state = 'queued' AND s.claimed_by = $2 AND s.lease_expires_at > $3 FOR UPDATE
       ), closed AS (
         UPDATE second_reviews s
            SET state = CASE WHEN t.first_action = $4::text THEN 'agreed' ELSE 'disagreed' END, agreed = (t.first_action = $4::text),
                second_action = $4::text, reason = $5::text, reviewed_by = $2::uuid, reviewed_at = $3::timestamptz,
                claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
           FROM target t WHERE s.id = t.id RETURNING s.*
       ), audited AS (
         ${AUDIT_PENDING_INSERT}
         SELECT $3::timestamptz, $2::uuid, $6::text, 'second_review.' || s.state, 'second_review', s.id::text,
                jsonb_build_object('caseId', s.case_id, 'decisionId', s.decision_id, 'firstAction', s.first_action, 'secondAction', s.second_action,
                                   'agreed', s.agreed, 'category', s.category)
           FROM closed s
       )
       SELECT ${COLUMNS} FROM closed s`,
      [d.id, d.holder, d.now, d.action, d.reason, d.actorRole]);
  }

  /**
   * Leases the oldest unresolved disagreement for a senior who took neither of its two decisions, with the exposure
   * and the event (`second_review.claimed`, tier senior) — the senior tier's queue, apart from the case claim's.
   */
  claimDisagreement(tx: Tx, q: { now: Date; holder: string; leaseUntil: Date; actorRole: string; category: string | null }): Promise<(SecondReviewRow & Named & { firstExplanation: string }) | undefined> {
    return one(tx,
      CLAIM_DISAGREEMENT_SQL,
      [q.now, q.holder, q.leaseUntil, q.actorRole, q.category]);
  }

  /**
   * The senior's verdict on the disagreement they hold a live lease on: which decision was right, and why; one
   * `second_review.resolved` event. Undefined when the guard does not hold.
   */
  resolve(tx: Tx, r: { id: string; holder: string; now: Date; resolution: SecondReviewResolution; reason: string; actorRole: string }): Promise<SecondReviewRow | undefined> {
    return one(tx,
      `WITH resolved AS (
         UPDATE second_reviews s
            SET resolution = $4::text, resolution_reason = $5::text, resolved_by = $2::uuid, resolved_at = $3::timestamptz,
                claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
          WHERE s.id = $1 AND ${UNRESOLVED} AND s.claimed_by = $2 AND s.lease_expires_at > $3
         RETURNING s.*
       ), audited AS (
         ${AUDIT_PENDING_INSERT}
         SELECT $3::timestamptz, $2::uuid, $6::text, 'second_review.resolved', 'second_review', s.id::text,
                jsonb_build_object('caseId', s.case_id, 'decisionId', s.decision_id, 'firstAction', s.first_action,
                                   'secondAction', s.second_action, 'resolution', s.resolution, 'category', s.category)
           FROM resolved s
       )
       SELECT ${COLUMNS} FROM resolved s`,
      [r.id, r.holder, r.now, r.resolution, r.reason, r.actorRole]);
  }

  /** Extends the holder's live lease (on a second review, or a senior's on a disagreement); undefined when they hold none. */
  heartbeat(tx: Tx, q: { id: string; holder: string; now: Date; leaseUntil: Date }): Promise<{ leaseExpiresAt: Date } | undefined> {
    return one(tx,
      `UPDATE second_reviews SET lease_expires_at = $4, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND (state = 'queued' OR (state = 'disagreed' AND resolved_at IS NULL)) AND lease_expires_at > $3
        RETURNING lease_expires_at AS "leaseExpiresAt"`,
      [q.id, q.holder, q.now, q.leaseUntil]);
  }

  /** Gives the holder's live lease back (with its event); false when they held none. */
  async release(tx: Tx, q: { id: string; holder: string; now: Date; actorRole: string }): Promise<boolean> {
    return (await one(tx,
      `WITH released AS (
         UPDATE second_reviews SET claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
          WHERE id = $1 AND claimed_by = $2 AND (state = 'queued' OR (state = 'disagreed' AND resolved_at IS NULL)) AND lease_expires_at > $3
          RETURNING id
       ), audited AS (
         ${AUDIT_PENDING_INSERT}
         SELECT $3::timestamptz, $2::uuid, $4::text, 'second_review.released', 'second_review', r.id::text, '{}'::jsonb FROM released r
       )
       SELECT id FROM released`,
      [q.id, q.holder, q.now, q.actorRole])) !== undefined;
  }

  /** Second reviews in a state, newest review first (oldest queued first for the backlog), a page at a time. */
  list(tx: Tx, q: { state: SecondReviewState; resolved: boolean | null; limit: number; after?: { at: string; id: string } }): Promise<(SecondReviewRow & Named)[]> {
    const at = q.state === 'queued' ? 's.created_at' : 's.reviewed_at';
    const cmp = q.state === 'queued' ? '>' : '<';
    const dir = q.state === 'queued' ? 'ASC' : 'DESC';
    return rows(tx,
      `SELECT ${COLUMNS}, f.name AS "firstDecidedByName", r.name AS "reviewedByName", v.name AS "resolvedByName"
         FROM second_reviews s LEFT JOIN principals f ON f.id = s.first_decided_by LEFT JOIN principals r ON r.id = s.reviewed_by
         LEFT JOIN principals v ON v.id = s.resolved_by
        WHERE s.state = $1 AND ($3::timestamptz IS NULL OR (${at}, s.id) ${cmp} ($3::timestamptz, $4::uuid))
          AND ($5::boolean IS NULL OR (s.resolved_at IS NOT NULL) = $5::boolean)
        ORDER BY ${at} ${dir}, s.id ${dir} LIMIT $2`,
      [q.state, q.limit, q.after?.at ?? null, q.after?.id ?? null, q.resolved]);
  }

  /** Agreement per category of the closed second reviews of the period. */
  byCategory(tx: Tx, p: Period): Promise<AgreementRow[]> {
    return rows(tx,
      `SELECT s.category AS key, ${FIGURES} FROM second_reviews s WHERE ${CLOSED_IN} GROUP BY s.category ORDER BY s.category`,
      [p.from, p.to]);
  }

  /** Agreement per first decider (null: automated decisions), with the moderator's name. */
  byModerator(tx: Tx, p: Period): Promise<AgreementRow[]> {
    return rows(tx,
      `SELECT s.first_decided_by::text AS key, min(m.name) AS name, ${FIGURES}
         FROM second_reviews s LEFT JOIN principals m ON m.id = s.first_decided_by
        WHERE ${CLOSED_IN} GROUP BY s.first_decided_by ORDER BY min(m.name) NULLS LAST, s.first_decided_by`,
      [p.from, p.to]);
  }

  /** Every closed second review of the period together. */
  async total(tx: Tx, p: Period): Promise<Omit<AgreementRow, 'key'>> {
    return (await one<Omit<AgreementRow, 'key'>>(tx, `SELECT ${FIGURES} FROM second_reviews s WHERE ${CLOSED_IN}`, [p.from, p.to]))!;
  }
}
