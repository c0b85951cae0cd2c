import { Injectable } from '@nestjs/common';
import { ScanStatus, Tx, execute, one, rows } from '@docket/database';
import type { PostSnapshot } from '@docket/reports';
import type { CaseSignals } from './case-signals';

export interface ScanRow {
  id: string;
  requestedBy: string | null;
  requesterRole: string;
  status: ScanStatus;
  postCount: number;
  scannedCount: number;
  flaggedCount: number;
  error: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface ScanPostResult {
  position: number;
  flagged: boolean;
  caseId: string | null;
  caseOpened: boolean | null;
  signals: CaseSignals | null;
}

export interface FlaggedScanPost {
  postId: string;
  caseId: string;
  caseOpened: boolean;
  signals: CaseSignals;
}

const SCAN_COLUMNS = `id, requested_by AS "requestedBy", requester_role AS "requesterRole", status, post_count AS "postCount",
  scanned_count AS "scannedCount", flagged_count AS "flaggedCount", error, requested_at AS "requestedAt",
  started_at AS "startedAt", finished_at AS "finishedAt"`;

/** The SQL of own-initiative scans: the stored request, its posts, and each post's result. */
@Injectable()
export class ScansRepository {
  /** The request and its posts (distinct ids, in request order), in the caller's transaction. */
  async insert(tx: Tx, scan: { id: string; requestedBy: string | null; requesterRole: string; requestedAt: Date }, posts: PostSnapshot[]): Promise<void> {
    await execute(
      tx,
      `INSERT INTO scans (id, requested_by, requester_role, status, post_count, requested_at) VALUES ($1, $2, $3, 'queued', $4, $5)`,
      [scan.id, scan.requestedBy, scan.requesterRole, posts.length, scan.requestedAt],
    );
    await execute(
      tx,
      `INSERT INTO scan_posts (scan_id, position, post_id, post)
       SELECT $1, t.position - 1, t.post->>'id', t.post FROM unnest($2::jsonb[]) WITH ORDINALITY AS t(post, position)`,
      [scan.id, posts.map((p) => JSON.stringify(p))],
    );
  }

  find(tx: Tx, id: string): Promise<ScanRow | undefined> {
    return one<ScanRow>(tx, `SELECT ${SCAN_COLUMNS} FROM scans WHERE id = $1`, [id]);
  }

  /** The scan row, locked: the batches of one scan commit one at a time, however many runs of its job there are. */
  lock(tx: Tx, id: string): Promise<ScanRow | undefined> {
    return one<ScanRow>(tx, `SELECT ${SCAN_COLUMNS} FROM scans WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** A queued scan is running from its first run on. */
  async markRunning(tx: Tx, id: string, at: Date): Promise<void> {
    await execute(tx, `UPDATE scans SET status = 'running', started_at = $2 WHERE id = $1 AND status = 'queued'`, [id, at]);
  }

  /** The next posts not scanned yet, in request order. */
  unscanned(tx: Tx, id: string, limit: number): Promise<{ position: number; post: PostSnapshot }[]> {
    return rows(tx, `SELECT position, post FROM scan_posts WHERE scan_id = $1 AND scanned_at IS NULL ORDER BY position LIMIT $2`, [id, limit]);
  }

  /** Of `positions`, those still not scanned (under the scan's lock: another run may have done them meanwhile). */
  async stillUnscanned(tx: Tx, id: string, positions: number[]): Promise<Set<number>> {
    const found = await rows<{ position: number }>(
      tx,
      `SELECT position FROM scan_posts WHERE scan_id = $1 AND position = ANY($2::int[]) AND scanned_at IS NULL`,
      [id, positions],
    );
    return new Set(found.map((r) => r.position));
  }

  /** Each post's result, written once; the post as sent is dropped with it. The scan's counts follow. */
  async writeResults(tx: Tx, id: string, results: ScanPostResult[], at: Date): Promise<void> {
    if (results.length === 0) return;
    await execute(
      tx,
      `WITH written AS (
         UPDATE scan_posts p SET post = NULL, scanned_at = $7, flagged = r.flagged, case_id = r.case_id, case_opened = r.case_opened, signals = r.signals
           FROM unnest($2::int[], $3::boolean[], $4::uuid[], $5::boolean[], $6::jsonb[]) AS r(position, flagged, case_id, case_opened, signals)
          WHERE p.scan_id = $1 AND p.position = r.position AND p.scanned_at IS NULL
         RETURNING p.flagged
       )
       UPDATE scans SET scanned_count = scanned_count + (SELECT count(*) FROM written),
                        flagged_count = flagged_count + (SELECT count(*) FROM written WHERE flagged)
        WHERE id = $1`,
      [
        id, results.map((r) => r.position), results.map((r) => r.flagged), results.map((r) => r.caseId), results.map((r) => r.caseOpened),
        results.map((r) => (r.signals ? JSON.stringify(r.signals) : null)), at,
      ],
    );
  }

  /** Done once every post has its result; returns whether the scan is done now. */
  async finishIfComplete(tx: Tx, id: string, at: Date): Promise<boolean> {
    const done = await rows(
      tx,
      `UPDATE scans SET status = 'done', finished_at = $2
        WHERE id = $1 AND status IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM scan_posts WHERE scan_id = $1 AND scanned_at IS NULL)
       RETURNING id`,
      [id, at],
    );
    return done.length > 0;
  }

  /** A scan whose job failed for good; the posts already scanned keep their results. */
  async markFailed(tx: Tx, id: string, at: Date, error: string): Promise<void> {
    await execute(tx, `UPDATE scans SET status = 'failed', finished_at = $2, error = $3 WHERE id = $1 AND status IN ('queued', 'running')`, [id, at, error]);
  }

  /** The flagged posts' results, in request order. */
  flagged(tx: Tx, id: string): Promise<FlaggedScanPost[]> {
    return rows(
      tx,
      `SELECT post_id AS "postId", case_id AS "caseId", case_opened AS "caseOpened", signals
         FROM scan_posts WHERE scan_id = $1 AND flagged ORDER BY position`,
      [id],
    );
  }
}
