import { Injectable } from '@nestjs/common';
import { CaseState, Tx, one, rows } from '@docket/database';
import type { CaseSignals } from './case-signals';

export interface TriageCase {
  id: string;
  postId: string;
  state: CaseState;
  source: 'notice' | 'own_initiative';
  category: string;
  dueAt: Date;
  priority: number;
  firstReportedAt: Date;
  queuedAt: Date | null;
  signals: CaseSignals | null;
  timersDueAt: Date | null;
}

export interface TriageReport {
  id: string;
  reporterKind: string;
  category: string;
  specification: string[];
  receivedAt: Date;
  dueAt: Date;
  policyId: number;
}

export interface CaseTriageUpdate {
  id: string;
  state: CaseState;
  dueAt: Date;
  priority: number;
  signals: CaseSignals;
  queuedAt: Date | null;
  timersDueAt: Date | null;
}

const CASE_COLUMNS = `c.id, c.post_id AS "postId", c.state, c.source, c.category, c.due_at AS "dueAt", c.priority,
       c.first_reported_at AS "firstReportedAt", c.queued_at AS "queuedAt", c.signals, c.timers_due_at AS "timersDueAt"`;

/** The SQL of triage: what a case needs to be classified and given its deadline, and writing the result. */
@Injectable()
export class TriageRepository {
  postText(tx: Tx, caseId: string): Promise<{ postId: string; text: string | null } | undefined> {
    return one(tx, `SELECT p.id AS "postId", p.text FROM cases c JOIN posts p ON p.id = c.post_id WHERE c.id = $1`, [caseId]);
  }

  /** Locks the case: triage of one case never runs twice at the same time. */
  lockCase(tx: Tx, caseId: string): Promise<TriageCase | undefined> {
    return one(tx, `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 FOR UPDATE`, [caseId]);
  }

  reportsOf(tx: Tx, caseId: string): Promise<TriageReport[]> {
    return rows(
      tx,
      `SELECT id, reporter_kind AS "reporterKind", category, specification, received_at AS "receivedAt", due_at AS "dueAt",
              policy_id AS "policyId"
         FROM reports WHERE case_id = $1`,
      [caseId],
    );
  }

  /** Other posts with this fingerprint whose content docket decided to remove. */
  removedWithFingerprint(tx: Tx, fingerprints: string[], exceptPostIds: string[]): Promise<{ fingerprint: string; postId: string; category: string }[]> {
    if (fingerprints.length === 0) return Promise.resolve([]);
    return rows(
      tx,
      `SELECT DISTINCT ON (p.fingerprint, p.id) p.fingerprint, p.id AS "postId", c.category
         FROM posts p JOIN cases c ON c.post_id = p.id AND c.state IN ('removing', 'removed')
        WHERE p.fingerprint = ANY($1::text[]) AND NOT (p.id = ANY($2::text[]))
        ORDER BY p.fingerprint, p.id, c.decided_at`,
      [fingerprints, exceptPostIds],
    );
  }

  /** setFingerprint and removedWithFingerprint for one post, in one round trip (the post itself is excluded, so order does not matter). */
  setFingerprintAndFindRemoved(tx: Tx, postId: string, fingerprint: string): Promise<{ fingerprint: string; postId: string; category: string }[]> {
    return rows(
      tx,
      `WITH stamped AS (UPDATE posts SET fingerprint = $2 WHERE id = $1 AND fingerprint IS DISTINCT FROM $2)
       SELECT DISTINCT ON (p.fingerprint, p.id) p.fingerprint, p.id AS "postId", c.category
         FROM posts p JOIN cases c ON c.post_id = p.id AND c.state IN ('removing', 'removed')
        WHERE p.fingerprint = $2 AND p.id <> $1
        ORDER BY p.fingerprint, p.id, c.decided_at`,
      [postId, fingerprint],
    );
  }

  async setFingerprint(tx: Tx, postId: string, fingerprint: string): Promise<void> {
    await tx.query(`UPDATE posts SET fingerprint = $2 WHERE id = $1 AND fingerprint IS DISTINCT FROM $2`, [postId, fingerprint]);
  }

  /** Deadlines only ever move earlier. */
  async tightenReportDeadlines(tx: Tx, dueAt: Map<string, Date>): Promise<void> {
    if (dueAt.size === 0) return;
    await tx.query(
      `UPDATE reports SET due_at = t.due_at FROM unnest($1::uuid[], $2::timestamptz[]) AS t(id, due_at)
        WHERE reports.id = t.id AND t.due_at < reports.due_at`,
      [[...dueAt.keys()], [...dueAt.values()]],
    );
  }

  async updateCase(tx: Tx, u: CaseTriageUpdate): Promise<void> {
    await tx.query(
      `UPDATE cases SET state = $2, due_at = $3, priority = $4, signals = $5, queued_at = $6, timers_due_at = $7, updated_at = now() WHERE id = $1`,
      [u.id, u.state, u.dueAt, u.priority, JSON.stringify(u.signals), u.queuedAt, u.timersDueAt],
    );
  }
}
