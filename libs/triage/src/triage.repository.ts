import { Injectable } from '@nestjs/common';
import { CaseState, Tx, rows, execute, runtimeKeys } from '@docket/database';
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
  reports: TriageReport[];
}

/** Locked cases, and the deadline policy current as they were locked (timers use its warning fraction). */
export interface LockedCases {
  cases: TriageCase[];
  currentPolicyId: number;
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
  /** The warning due for a new deadline; null keeps the case's pending one. */
  warnAt: Date | null;
}

/** Removed posts named on a case whose text repeats theirs: enough to judge, bounded for a text removed thousands of times. */
export const REMOVED_MATCHES_SHOWN = 20;

/** Removed (or removing) posts with `fingerprint`, one row per post (its first decided case), lowest post ids first. */
const REMOVED_MATCHES = (fingerprint: string, except: string) => `
  SELECT DISTINCT ON (c.post_id) c.post_id, c.category
    FROM cases c
   WHERE c.state IN ('removing', 'removed') AND (c.signals->>'fingerprint') = ${fingerprint} AND ${except}
   ORDER BY c.post_id, c.decided_at
   LIMIT ${REMOVED_MATCHES_SHOWN}`;

/**
 * Gives each post of `rows` (a FROM item named i, with post_id and fingerprint) its fingerprint, writing only what
 * changes. `postIds`, the same posts' ids as an array parameter, reaches them through posts_pkey (runtimeKeys).
 */
const STAMP_FINGERPRINTS = (rows: string, postIds: string) => `
  UPDATE posts p SET fingerprint = i.fingerprint FROM ${rows}
   WHERE p.id = i.post_id AND p.id = ANY(${runtimeKeys(postIds, 'text')}) AND p.fingerprint IS DISTINCT FROM i.fingerprint`;

const CASE_COLUMNS = `c.id, c.post_id AS "postId", c.state, c.source, c.category, c.due_at AS "dueAt", c.priority,
       c.first_reported_at AS "firstReportedAt", c.queued_at AS "queuedAt", c.signals, c.timers_due_at AS "timersDueAt"`;

/** A case's reports as JSON (timestamps as ISO strings), for the case row itself. */
const CASE_REPORTS = `COALESCE((SELECT json_agg(json_build_object('id', r.id, 'reporterKind', r.reporter_kind, 'category', r.category,
         'specification', r.specification, 'receivedAt', r.received_at, 'dueAt', r.due_at, 'policyId', r.policy_id))
       FROM reports r WHERE r.case_id = c.id), '[]'::json)`;

type LockedRow = Omit<TriageCase, 'reports'> & { reports: (Omit<TriageReport, 'receivedAt' | 'dueAt'> & { receivedAt: string; dueAt: string })[]; currentPolicyId: number };

/**
 * The statements of triage, by name (test/plans.e2e-spec.ts EXPLAINs these very texts). Cases and posts are reached
 * by primary key through runtimeKeys, reports through reports_case_idx from each case, removed matches through
 * cases_removed_fingerprint_idx from each fingerprint (LATERAL): none of it depends on statistics (decision 0028).
 */
export const TRIAGE_SQL = {
  postTexts: `SELECT c.id AS "caseId", p.id AS "postId", p.text FROM cases c JOIN posts p ON p.id = c.post_id
                WHERE c.id = ANY(${runtimeKeys('$1', 'uuid')})`,
  lockCases: `SELECT ${CASE_COLUMNS}, ${CASE_REPORTS} AS reports, (SELECT max(id) FROM deadline_policies) AS "currentPolicyId"
         FROM cases c WHERE c.id = ANY(${runtimeKeys('$1', 'uuid')}) ORDER BY c.id FOR UPDATE OF c`,
  removedWithFingerprint: `SELECT f.fingerprint, m.post_id AS "postId", m.category
         FROM unnest($1::text[]) AS f(fingerprint)
         CROSS JOIN LATERAL (${REMOVED_MATCHES('f.fingerprint', 'NOT (c.post_id = ANY($2::text[]))')}) m`,
  setFingerprintsAndFindRemoved: `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(post_id, fingerprint)),
            stamped AS (${STAMP_FINGERPRINTS('input i', '$1')})
       SELECT i.post_id AS "forPostId", m.post_id AS "postId", m.category
         FROM input i CROSS JOIN LATERAL (${REMOVED_MATCHES('i.fingerprint', 'c.post_id <> i.post_id')}) m`,
  setFingerprints: STAMP_FINGERPRINTS('unnest($1::text[], $2::text[]) AS i(post_id, fingerprint)', '$1'),
  writeTriage: `WITH tightened AS (
         UPDATE reports SET due_at = t.due_at FROM unnest($8::uuid[], $9::timestamptz[]) AS t(id, due_at)
          WHERE reports.id = t.id AND reports.id = ANY(${runtimeKeys('$8', 'uuid')}) AND t.due_at < reports.due_at
       )
       UPDATE cases SET state = u.state, due_at = u.due_at, priority = u.priority, signals = u.signals, queued_at = u.queued_at,
              timers_due_at = u.timers_due_at, warn_at = COALESCE(u.warn_at, cases.warn_at), updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::jsonb[], $6::timestamptz[], $7::timestamptz[], $10::timestamptz[])
              AS u(id, state, due_at, priority, signals, queued_at, timers_due_at, warn_at)
        WHERE cases.id = u.id AND cases.id = ANY(${runtimeKeys('$1', 'uuid')})`,
};

/** The SQL of triage: what a case needs to be classified and given its deadline, and writing the result. */
@Injectable()
export class TriageRepository {
  postTexts(tx: Tx, caseIds: string[]): Promise<{ caseId: string; postId: string; text: string | null }[]> {
    return rows(tx, TRIAGE_SQL.postTexts, [caseIds]);
  }

  /**
   * Locks the cases, in id order (two batches sharing cases wait, never deadlock): triage of a case never runs twice
   * at once. With each case its reports, and the current policy's id: one round trip.
   */
  async lockCases(tx: Tx, caseIds: string[]): Promise<LockedCases> {
    const found = await rows<LockedRow>(
      tx,
      TRIAGE_SQL.lockCases,
      [caseIds],
    );
    const current = found[0]?.currentPolicyId ?? (await rows<{ id: number }>(tx, 'SELECT max(id) AS id FROM deadline_policies'))[0].id;
    return {
      cases: found.map(({ currentPolicyId: _, reports, ...c }) => ({
        ...c, reports: reports.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt), dueAt: new Date(r.dueAt) })),
      })),
      currentPolicyId: current,
    };
  }

  /**
   * Other posts with these fingerprints whose content docket decided to remove, at most REMOVED_MATCHES_SHOWN per
   * fingerprint (lowest post ids first): through the fingerprint triage put in their case's signals, in
   * cases_removed_fingerprint_idx (removed and removing cases only).
   */
  removedWithFingerprint(tx: Tx, fingerprints: string[], exceptPostIds: string[]): Promise<{ fingerprint: string; postId: string; category: string }[]> {
    if (fingerprints.length === 0) return Promise.resolve([]);
    return rows(
      tx,
      TRIAGE_SQL.removedWithFingerprint,
      [fingerprints, exceptPostIds],
    );
  }

  /**
   * Stamps each post with its fingerprint and finds, per post, the other posts with the same fingerprint whose
   * content docket decided to remove (as removedWithFingerprint): one round trip for a whole batch.
   */
  setFingerprintsAndFindRemoved(tx: Tx, posts: { postId: string; fingerprint: string }[]): Promise<{ forPostId: string; postId: string; category: string }[]> {
    if (posts.length === 0) return Promise.resolve([]);
    return rows(
      tx,
      TRIAGE_SQL.setFingerprintsAndFindRemoved,
      [posts.map((p) => p.postId), posts.map((p) => p.fingerprint)],
    );
  }

  async setFingerprints(tx: Tx, posts: { postId: string; fingerprint: string }[]): Promise<void> {
    if (posts.length === 0) return;
    await execute(tx,
      TRIAGE_SQL.setFingerprints,
      [posts.map((p) => p.postId), posts.map((p) => p.fingerprint)],
    );
  }

  /** The cases' new triage state, and their reports' tightened deadlines (which only ever move earlier), in one statement. */
  async writeTriage(tx: Tx, updates: CaseTriageUpdate[], tightened: Map<string, Date>): Promise<void> {
    if (updates.length === 0 && tightened.size === 0) return;
    await execute(tx,
      TRIAGE_SQL.writeTriage,
      [
        updates.map((u) => u.id), updates.map((u) => u.state), updates.map((u) => u.dueAt), updates.map((u) => u.priority),
        updates.map((u) => JSON.stringify(u.signals)), updates.map((u) => u.queuedAt), updates.map((u) => u.timersDueAt),
        [...tightened.keys()], [...tightened.values()], updates.map((u) => u.warnAt),
      ],
    );
  }
}
