import { Injectable } from '@nestjs/common';
import { AUDIT_PENDING_INSERT } from '@docket/audit';
import { CaseState, DecisionAction, Tier, Tx, one, rows, execute } from '@docket/database';
import { JobSpec, outboxInsertSql, outboxParams } from '@docket/queue';
import { callbackPlanSql } from '@docket/reports';
import { violentCaseSql } from '@docket/wellness';

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
  category: string | null;
  ground: string | null;
  legalGround: string | null;
  policy: string | null;
  explanation: string;
  decidedBy: string | null;
  decidedAt: Date;
  automatedDetection: boolean;
  automatedDecision: boolean;
  /** A no_violation the moderator marked manifestly unfounded (DSA Art. 23): counts against the notifier. */
  manifestlyUnfounded: boolean;
}

export interface NewDecision extends Omit<DecisionRow, 'automatedDetection' | 'manifestlyUnfounded'> {
  caseId: string;
  manifestlyUnfounded?: boolean;
  /** Sampled for a second review (decision 0037): the review's id; ignored for an escalation, which is not final. */
  secondReviewId?: string | null;
}

/** An internal note on a case (decision 0035): staff only, never shown to reporters. */
export interface CaseNoteRow {
  id: string;
  text: string;
  authorId: string;
  /** The author's name now (a principal's name can change; the id is what the note records). */
  authorName: string | null;
  authorRole: string;
  createdAt: Date;
}

export interface CaseWithDetails {
  c: CaseRow;
  post: PostRow;
  reports: CaseReportRow[];
  decision: DecisionRow | undefined;
  notes: CaseNoteRow[];
}

/** One claim, release or skip of a case, from the audit trail. */
export interface ClaimEventRow {
  action: 'case.claimed' | 'case.released' | 'case.skipped';
  at: Date;
  principalId: string | null;
  principalName: string | null;
  role: string;
  data: Record<string, unknown>;
}

/** The audit event a one-statement use case writes about its case (the statement supplies the case id). */
export interface CaseEvent {
  actorId: string;
  actorRole: string;
  action: string;
  at: Date;
  data: Record<string, unknown>;
}

/** Who may decide: the holder of a live lease, and for the senior tier a senior. */
export interface DecisionGuard {
  holder: string;
  now: Date;
  seniorAllowed: boolean;
}

export interface TierCounts {
  tier: Tier;
  queued: number;
  inReview: number;
  oldestQueuedAt: Date | null;
  pastDeadline: number;
  dueWithinHour: number;
}

export interface RemovedMatch {
  caseId: string;
  postId: string;
  url: string | null;
  decidedAt: Date | null;
  removedAt: Date | null;
}

export interface Lease {
  caseId: string;
  postId: string;
  tier: Tier;
  dueAt: Date;
  leaseExpiresAt: Date;
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
const claimableAs = (a: string) => `${a}.state = 'queued' AND ${a}.tier = $1 AND (${a}.lease_expires_at IS NULL OR ${a}.lease_expires_at <= $2)`;
const CLAIMABLE = claimableAs('c');
/** deadlines.md's order; `cases_claim_order` serves it. */
const claimOrderAs = (a: string) => `${a}.tier, ${a}.due_at, ${a}.report_count DESC, ${a}.first_reported_at, ${a}.id`;
const CLAIM_ORDER = claimOrderAs('c');

const DECISION_COLUMNS = `id, action, category, ground, legal_ground AS "legalGround", policy, explanation, decided_by AS "decidedBy",
       decided_at AS "decidedAt", automated_detection AS "automatedDetection", automated_decision AS "automatedDecision",
       manifestly_unfounded AS "manifestlyUnfounded"`;

/**
 * A case (`c`, from the cases table or a CTE that changed it) with everything its detail shows: post, reports
 * and latest decision (`decisionSource`) as JSON, in the same statement.
 */
const detailColumns = (decisionSource: string) => `${CASE_COLUMNS},
       (SELECT row_to_json(p) FROM (SELECT id, url, author_id AS "authorId", text, language, media_urls AS "mediaUrls", posted_at AS "postedAt"
                                      FROM posts WHERE id = c.post_id) p) AS d_post,
       COALESCE((SELECT json_agg(r ORDER BY r."receivedAt", r.id)
                   FROM (SELECT id, category, reporter_kind AS "reporterKind", description, received_at AS "receivedAt"
                           FROM reports WHERE case_id = c.id) r), '[]'::json) AS d_reports,
       (SELECT row_to_json(d) FROM (${decisionSource}) d) AS d_decision,
       COALESCE((SELECT json_agg(n ORDER BY n."createdAt", n.id)
                   FROM (SELECT cn.id, cn.text, cn.author_id AS "authorId", a.name AS "authorName", cn.author_role AS "authorRole", cn.created_at AS "createdAt"
                           FROM case_notes cn LEFT JOIN principals a ON a.id = cn.author_id WHERE cn.case_id = c.id) n), '[]'::json) AS d_notes`;
const LATEST_DECISION = `SELECT ${DECISION_COLUMNS} FROM decisions WHERE case_id = c.id ORDER BY decided_at DESC, id DESC LIMIT 1`;

/** What the case changes to, per decision. Deciding no violation after the deadline is a breach, dated at the deadline. */
const DECISION_CHANGE: Record<DecisionAction, string> = {
  remove: `state = 'removing', decided_at = $3, claimed_by = NULL, lease_expires_at = NULL`,
  no_violation: `state = 'no_violation', decided_at = $3, closed_at = $3, claimed_by = NULL, lease_expires_at = NULL,
                 breached_at = COALESCE(c.breached_at, CASE WHEN $3 > c.due_at THEN c.due_at END)`,
  escalate: `tier = 'senior', claimed_by = NULL, lease_expires_at = NULL`,
};

type JsonRow = Record<string, unknown>;
type DetailRow = CaseRow & { d_post: JsonRow; d_reports: JsonRow[]; d_decision: JsonRow | null; d_notes: JsonRow[] };
const toDate = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);

function toCaseWithDetails(row: DetailRow): CaseWithDetails {
  const { d_post: post, d_reports: reports, d_decision: decision, d_notes: notes, ...c } = row;
  // JSON carries timestamps as ISO strings; the views expect Dates, as the driver gives for columns.
  return {
    c,
    post: { ...(post as unknown as PostRow), postedAt: toDate(post.postedAt) },
    reports: reports.map((r) => ({ ...(r as unknown as CaseReportRow), receivedAt: toDate(r.receivedAt)! })),
    decision: decision ? { ...(decision as unknown as DecisionRow), decidedAt: toDate(decision.decidedAt)! } : undefined,
    notes: notes.map((n) => ({ ...(n as unknown as CaseNoteRow), createdAt: toDate(n.createdAt)! })),
  };
}

const DETAIL_SQL = `SELECT ${detailColumns(LATEST_DECISION)} FROM cases c WHERE c.id = $1`;

/** Claimable by this holder (alias `a`): not a case they skipped lately; with `nonViolentOnly`, not a violent one. */
const claimableBy = (nonViolentOnly: boolean, a = 'c') => `${claimableAs(a)}
                         AND NOT EXISTS (SELECT 1 FROM case_skips k WHERE k.case_id = ${a}.id AND k.principal_id = $3 AND k.until > $2)
                         ${nonViolentOnly ? `AND NOT ${violentCaseSql(a)}` : ''}`;

/**
 * Routing (decision 0035): the holder's languages and skills, read in the statement, so an admin's change applies to
 * the next claim. The preferred probe runs only when the holder has some (a one-time filter) and when the earliest
 * case claimable by them is not due before $10 (now + ROUTING_BREACH_MARGIN_SECONDS): deadline first, always. It looks
 * at the ROUTING_WINDOW most urgent claimable cases in claim order; the post's language is looked up per case through
 * posts_pkey. Without a preferred case among them the claim is the earliest, as without routing.
 */
/**
 * The preferred probe looks at this many of the most urgent claimable cases, no more: a moderator whose languages
 * match none of a large queue costs a bounded scan, then takes the earliest case as anyone would.
 */
const ROUTING_WINDOW = 200;
const ROUTING_PREFS = (column: 'languages' | 'skills') => `(SELECT ${column} FROM principals WHERE id = $3)::text[]`;
const pickSql = (nonViolentOnly: boolean) => `COALESCE(
           (SELECT c.id
              FROM (SELECT e.id, e.tier, e.due_at, e.report_count, e.first_reported_at FROM cases e
                     WHERE (SELECT cardinality(languages) + cardinality(skills) FROM principals WHERE id = $3) > 0
                       AND ${claimableBy(nonViolentOnly, 'e')}
                     ORDER BY ${claimOrderAs('e')} LIMIT ${ROUTING_WINDOW}) w
              JOIN cases c ON c.id = w.id
             WHERE (SELECT f.due_at FROM cases f WHERE ${claimableBy(nonViolentOnly, 'f')}
                     ORDER BY ${claimOrderAs('f')} LIMIT 1) > $10::timestamptz
               AND ${claimableBy(nonViolentOnly)}
               AND (cardinality(${ROUTING_PREFS('languages')}) = 0
                    OR (SELECT p.language FROM posts p WHERE p.id = c.post_id) = ANY(${ROUTING_PREFS('languages')}))
               AND (cardinality(${ROUTING_PREFS('skills')}) = 0 OR c.category = ANY(${ROUTING_PREFS('skills')}))
             ORDER BY ${claimOrderAs('w')} LIMIT 1 FOR NO KEY UPDATE OF c SKIP LOCKED),
           (SELECT c.id FROM cases c
             WHERE ${claimableBy(nonViolentOnly)}
             ORDER BY ${CLAIM_ORDER} LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED))`;

/**
 * The case to claim (see pickSql), leased to the holder; the claim records the case as opened by the holder, for
 * wellness limits.
 */
const claimSql = (nonViolentOnly: boolean) => `WITH claimed AS (
         UPDATE cases SET claimed_by = $3, lease_expires_at = $4, first_claimed_at = COALESCE(first_claimed_at, $2), updated_at = now()
          WHERE id = ${pickSql(nonViolentOnly)}
         RETURNING *
       ), audited AS (
         ${AUDIT_PENDING_INSERT} SELECT $5::timestamptz, $6::uuid, $7::text, $8::text, 'case', id::text, $9::jsonb FROM claimed
       ), opened AS (
         INSERT INTO exposures (principal_id, opened_at, case_id, violent) SELECT $3::uuid, $2::timestamptz, c.id, ${violentCaseSql('c')} FROM claimed c
         ON CONFLICT DO NOTHING
       )
       SELECT ${detailColumns(LATEST_DECISION)} FROM claimed c`;
/** The claim's two texts, by name (test/plans.e2e-spec.ts EXPLAINs these very texts). */
export const CLAIM_SQL = { any: claimSql(false), nonViolent: claimSql(true) };

const decideSql = (action: DecisionAction, notify: boolean) => `WITH target AS (
         SELECT c.id, c.state, c.tier, c.source, c.signals, c.category FROM cases c
          WHERE c.id = $1 AND c.state = 'queued' AND c.claimed_by = $2 AND c.lease_expires_at > $3
            AND (c.tier <> 'senior' OR $4::boolean) AND NOT ($5::text = 'escalate' AND c.tier = 'senior')
            FOR UPDATE
       ), changed AS (
         UPDATE cases c SET ${DECISION_CHANGE[action]}, updated_at = now() FROM target WHERE c.id = target.id RETURNING c.*
       ), decided AS (
         -- Detection was automated when the case came from the platform's own-initiative scan, or when triage raised a
         -- signal (the incitement detector, a fingerprint match) that tightened its deadline or ordered the queue.
         INSERT INTO decisions (id, case_id, action, ground, legal_ground, policy, explanation, decided_by, decided_at,
                                automated_detection, automated_decision, category, manifestly_unfounded)
         SELECT $6::uuid, target.id, $5::text, $7::text, $8::text, $9::text, $10::text, $2::uuid, $3::timestamptz,
                target.source = 'own_initiative' OR coalesce(jsonb_array_length(target.signals->'flags'), 0) > 0, $11::boolean, $12::text,
                $23::boolean
           FROM target
         RETURNING ${DECISION_COLUMNS}
       ), sampled AS (
         -- Quality sampling (decision 0037): $24, when set, is the id of this final decision's second review.
         INSERT INTO second_reviews (id, decision_id, case_id, first_decided_by, first_action, category, automated, created_at)
         SELECT $24::uuid, d.id, target.id, d."decidedBy", d.action, coalesce(d.category, target.category), d."automatedDecision", d."decidedAt"
           FROM decided d, target WHERE $24::uuid IS NOT NULL AND d.action IN ('remove', 'no_violation')
       ), audited AS (
         ${AUDIT_PENDING_INSERT}
         SELECT $13::timestamptz, $14::uuid, $15::text, $16::text, 'case', target.id::text,
                $17::jsonb || jsonb_build_object('before', jsonb_build_object('state', target.state, 'tier', target.tier))
           FROM target
       ), jobs AS (
         ${outboxInsertSql(18, 'WHERE EXISTS (SELECT 1 FROM target)')}
       )${notify ? `, callbacks AS (${callbackPlanSql('SELECT id FROM target', '$25')})` : ''}
       SELECT ${detailColumns('SELECT * FROM decided')} FROM changed c`;

/**
 * Each decision statement's text, built once: a text built per call is hashed again for its prepared statement's
 * name, about 2 KB per request.
 */
const DECIDE_SQL = Object.fromEntries(
  (Object.keys(DECISION_CHANGE) as DecisionAction[]).map((action) => [action, { silent: decideSql(action, false), notifying: decideSql(action, true) }]),
) as Record<DecisionAction, { silent: string; notifying: string }>;

/** The SQL of the review queue: claims, leases, decisions and the case as a moderator sees it. */
@Injectable()
export class ReviewRepository {
  /**
   * One statement: pick the first claimable case in claim order (or the holder's preferred one, see pickSql), skipping rows another claim has locked, lease
   * it, record the event, and return the case's detail. Two claims never get the same case. The lock is the one
   * the UPDATE needs (FOR NO KEY UPDATE), so a case is not skipped because a concurrent transaction only
   * references it (a joining report's or a decision's foreign key check holds FOR KEY SHARE until it commits).
   */
  async claim(
    tx: Tx, q: { tier: Tier; now: Date; holder: string; leaseUntil: Date; nonViolentOnly: boolean; preferUnlessDueBefore: Date }, event: CaseEvent,
  ): Promise<CaseWithDetails | undefined> {
    const row = await one<DetailRow>(
      tx,
      CLAIM_SQL[q.nonViolentOnly ? 'nonViolent' : 'any'],
      [q.tier, q.now, q.holder, q.leaseUntil, event.at, event.actorId, event.actorRole, event.action, JSON.stringify(event.data), q.preferUnlessDueBefore],
    );
    return row && toCaseWithDetails(row);
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

  /** A case with everything its detail shows, in one round trip. */
  async caseWithDetails(tx: Tx, caseId: string): Promise<CaseWithDetails | undefined> {
    const row = await one<DetailRow>(tx, DETAIL_SQL, [caseId]);
    return row && toCaseWithDetails(row);
  }

  /**
   * The decision as one statement: only if `guard` holds (the case is queued, the caller holds a live lease, a
   * senior for the senior tier, no second escalation), the decision is stored, the case changes, the event
   * (with the case's state and tier before) is recorded, `jobs` are queued, the reporters who asked are told
   * `notify` (an outcome), and the detail after is returned. Undefined when the guard does not hold; nothing is
   * written then.
   */
  async decide(
    tx: Tx, d: NewDecision, guard: DecisionGuard, event: CaseEvent, effects: { jobs: JobSpec[]; notify?: string },
  ): Promise<CaseWithDetails | undefined> {
    const row = await one<DetailRow>(
      tx,
      DECIDE_SQL[d.action][effects.notify ? 'notifying' : 'silent'],
      [
        d.caseId, guard.holder, guard.now, guard.seniorAllowed, d.action,
        d.id, d.ground, d.legalGround, d.policy, d.explanation, d.automatedDecision, d.category,
        event.at, event.actorId, event.actorRole, event.action, JSON.stringify(event.data),
        ...outboxParams(effects.jobs),
        d.manifestlyUnfounded ?? false,
        d.secondReviewId ?? null,
        ...(effects.notify ? [effects.notify] : []),
      ],
    );
    return row && toCaseWithDetails(row);
  }

  /** Releases the holder's lease and keeps the case from them until `until`; false when they held no live lease. */
  async skip(tx: Tx, q: { caseId: string; holder: string; now: Date; until: Date }): Promise<boolean> {
    if (!(await this.releaseLease(tx, q))) return false;
    await execute(
      tx,
      `WITH expired AS (DELETE FROM case_skips WHERE principal_id = $2 AND until <= $4)
       INSERT INTO case_skips (case_id, principal_id, until) VALUES ($1, $2, $3)
       ON CONFLICT (case_id, principal_id) DO UPDATE SET until = $3`,
      [q.caseId, q.holder, q.until, q.now],
    );
    return true;
  }

  /** Adds an internal note to an existing case; undefined when there is no such case. */
  addNote(tx: Tx, n: Omit<CaseNoteRow, 'createdAt' | 'authorName'> & { caseId: string; at: Date }): Promise<CaseNoteRow | undefined> {
    return one(
      tx,
      `WITH added AS (
         INSERT INTO case_notes (id, case_id, author_id, author_role, text, created_at)
         SELECT $1, c.id, $3, $4, $5, $6 FROM cases c WHERE c.id = $2
         RETURNING id, text, author_id, author_role, created_at
       )
       SELECT n.id, n.text, n.author_id AS "authorId", a.name AS "authorName", n.author_role AS "authorRole", n.created_at AS "createdAt"
         FROM added n LEFT JOIN principals a ON a.id = n.author_id`,
      [n.id, n.caseId, n.authorId, n.authorRole, n.text, n.at],
    );
  }

  /** Who claimed, released and skipped the case, and when, oldest first: sealed and pending audit events alike. */
  claimEvents(tx: Tx, caseId: string): Promise<ClaimEventRow[]> {
    return rows(
      tx,
      `SELECT a.action, a.occurred_at AS at, a.actor_id AS "principalId", p.name AS "principalName", a.actor_role AS role, a.data
         FROM audit_trail a LEFT JOIN principals p ON p.id = a.actor_id
        WHERE a.subject_type = 'case' AND a.subject_id = $1 AND a.action IN ('case.claimed', 'case.released', 'case.skipped')
        ORDER BY a.occurred_at, a.id NULLS LAST, a.pending_id
        LIMIT 1000`,
      [caseId],
    );
  }

  /** The post's other cases, newest first, each with its latest decision. */
  history(tx: Tx, caseId: string): Promise<(CaseRow & { decision: DecisionRow | null })[]> {
    return rows(
      tx,
      `SELECT ${CASE_COLUMNS}, (SELECT row_to_json(d) FROM (${LATEST_DECISION}) d) AS decision
         FROM cases c
        WHERE c.post_id = (SELECT post_id FROM cases WHERE id = $1) AND c.id <> $1
        ORDER BY c.first_reported_at DESC, c.id DESC LIMIT 50`,
      [caseId],
    );
  }

  /** The removed cases of the posts a case's text repeats (its signals' matchesRemovedPosts), latest removal first. */
  removedMatches(tx: Tx, caseId: string): Promise<RemovedMatch[]> {
    return rows(
      tx,
      `SELECT m.id AS "caseId", m.post_id AS "postId", p.url, m.decided_at AS "decidedAt", m.removed_at AS "removedAt"
         FROM cases c
         JOIN cases m ON m.post_id IN (SELECT jsonb_array_elements_text(coalesce(c.signals->'matchesRemovedPosts', '[]'::jsonb)))
                     AND m.state IN ('removing', 'removed')
         JOIN posts p ON p.id = m.post_id
        WHERE c.id = $1
        ORDER BY m.decided_at DESC, m.id LIMIT 20`,
      [caseId],
    );
  }

  /** Per tier: queued cases (claimable), in review, the oldest queued, past deadline and due within the hour. */
  tierCounts(tx: Tx, now: Date): Promise<TierCounts[]> {
    return rows(
      tx,
      `SELECT tier,
              count(*) FILTER (WHERE lease_expires_at IS NULL OR lease_expires_at <= $1)::int AS queued,
              count(*) FILTER (WHERE lease_expires_at > $1)::int AS "inReview",
              min(queued_at) AS "oldestQueuedAt",
              count(*) FILTER (WHERE due_at <= $1)::int AS "pastDeadline",
              count(*) FILTER (WHERE due_at > $1 AND due_at <= $1::timestamptz + interval '1 hour')::int AS "dueWithinHour"
         FROM cases WHERE state = 'queued' GROUP BY tier`,
      [now],
    );
  }

  async removalFailedCount(tx: Tx): Promise<number> {
    return (await one<{ n: number }>(tx, `SELECT count(*)::int AS n FROM cases WHERE state = 'removal_failed'`))!.n;
  }

  /** The live leases of a holder, found through the cases they opened in the last day. */
  leasesOf(tx: Tx, holder: string, now: Date): Promise<Lease[]> {
    return rows(
      tx,
      `SELECT DISTINCT c.id AS "caseId", c.post_id AS "postId", c.tier, c.due_at AS "dueAt", c.lease_expires_at AS "leaseExpiresAt"
         FROM exposures e JOIN cases c ON c.id = e.case_id
        WHERE e.principal_id = $1 AND e.opened_at > $2::timestamptz - interval '1 day'
          AND c.claimed_by = $1 AND c.state = 'queued' AND c.lease_expires_at > $2
        ORDER BY c.due_at`,
      [holder, now],
    );
  }

  /** The breach is dated at the deadline itself; escalating also ends any lease on the case. */
  decision(tx: Tx, decisionId: string): Promise<DecisionRow | undefined> {
    return one(tx, `SELECT ${DECISION_COLUMNS} FROM decisions WHERE id = $1`, [decisionId]);
  }

  /** The case's pending warning for this deadline, taken: the case when it was pending and the case is undecided. */
  takeWarning(tx: Tx, caseId: string, dueAt: Date): Promise<Pick<CaseRow, 'id' | 'state' | 'tier' | 'category' | 'reportCount' | 'dueAt'> | undefined> {
    return one(tx,
      `UPDATE cases SET warn_at = NULL
        WHERE id = $1 AND date_trunc('milliseconds', due_at) = $2 AND warn_at IS NOT NULL AND state IN ('received', 'queued')
        RETURNING id, state, tier, category, report_count AS "reportCount", due_at AS "dueAt"`,
      [caseId, dueAt],
    );
  }

  async markBreached(tx: Tx, caseId: string, escalate: boolean): Promise<void> {
    await execute(tx,
      `UPDATE cases SET breached_at = due_at, updated_at = now()
              ${escalate ? `, tier = 'senior', claimed_by = NULL, lease_expires_at = NULL` : ''}
        WHERE id = $1`,
      [caseId],
    );
  }

}
