import { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { caseExportCopy, responseTimesSql } from '@docket/exports';
import { median, secondsSince } from '../stats';

/**
 * P6 raw: the very statement GET /v1/audit/cases?format=csv runs (every case),
 * as one COPY … TO STDOUT with a header, read by a bare client: what is left of
 * the ratio is docket's own cost (HTTP, auth, streaming).
 */
const EVERYTHING = { from: null, to: null };
const CASES_EXPORT = caseExportCopy(EVERYTHING, 'csv', (v) => `'${v.replace(/'/g, "''")}'`);
export const CASES_EXPORT_SQL = CASES_EXPORT.query;

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
    const stream = client.query(copyTo(`COPY (${CASES_EXPORT.query}) TO STDOUT WITH (${CASES_EXPORT.options})`));
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

/** P7 raw: the statement behind GET /v1/audit/response-times?groupBy=category, over every notice, without HTTP. */
export const RESPONSE_TIMES_SQL = responseTimesSql('category')
  .replace('$1::timestamptz', "'-infinity'::timestamptz")
  .replace('$2::timestamptz', "'infinity'::timestamptz");

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
