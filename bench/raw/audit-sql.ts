import { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { median, secondsSince } from '../stats';

/**
 * P6 raw: what GET /v1/audit/cases must produce (api.md: one row per case with
 * every timestamp, category, reporter kinds, report count, outcome, seconds to
 * removal, deadline, breached), as one COPY … TO STDOUT in CSV with a header.
 */
export const CASES_EXPORT_SQL = `
  SELECT c.id, c.post_id, c.category, c.state, c.tier, c.source, r.kinds AS reporter_kinds, c.report_count,
         c.first_reported_at, c.queued_at, c.first_claimed_at, c.decided_at, c.removed_at, c.closed_at, c.due_at,
         CASE WHEN c.state IN ('removed','no_violation') THEN c.state END AS outcome,
         extract(epoch FROM c.removed_at - c.first_reported_at) AS seconds_to_removal,
         c.breached_at IS NOT NULL AS breached
    FROM cases c
    JOIN (SELECT case_id, string_agg(DISTINCT reporter_kind, ';' ORDER BY reporter_kind) AS kinds FROM reports GROUP BY case_id) r ON r.case_id = c.id
   ORDER BY c.first_reported_at, c.id`;

export interface CopyResult {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
}

export async function rawCopyExport(pool: Pool): Promise<CopyResult> {
  const client = await pool.connect();
  try {
    const started = process.hrtime.bigint();
    const stream = client.query(copyTo(`COPY (${CASES_EXPORT_SQL}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
    let bytes = 0;
    let lines = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    }
    const seconds = secondsSince(started);
    const rows = lines - 1;
    return { rows, bytes, seconds, rowsPerSecond: rows / seconds };
  } finally {
    client.release();
  }
}

/** P7 raw: the bare percentile_cont over removed cases, grouped by category. */
export const RESPONSE_TIMES_SQL = `
  SELECT category,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM removed_at - first_reported_at)) AS p50,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM removed_at - first_reported_at)) AS p90,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM removed_at - first_reported_at)) AS p99
    FROM cases WHERE state = 'removed'
   GROUP BY category`;

export async function timeQuery(pool: Pool, sql: string, runs: number): Promise<{ medianMs: number; runsMs: number[] }> {
  await pool.query(sql); // warm: plan cached pages in, as the docket side gets a warm-up request too
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await pool.query(sql);
    runsMs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { medianMs: median(runsMs), runsMs };
}
