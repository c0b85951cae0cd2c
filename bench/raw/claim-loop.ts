import { Pool } from 'pg';
import { loops, percentile, secondsSince } from '../stats';

/**
 * docket's claim statement (libs/review ReviewRepository.claim) with literal
 * parameters: the bare `UPDATE … WHERE id = (SELECT … FOR NO KEY UPDATE SKIP LOCKED)`.
 */
export const CLAIM_SQL = `
  UPDATE cases SET claimed_by = $1, lease_expires_at = now() + interval '5 minutes', first_claimed_at = COALESCE(first_claimed_at, now()), updated_at = now()
   WHERE id = (SELECT c.id FROM cases c
                WHERE c.state = 'queued' AND c.tier = 'standard' AND (c.lease_expires_at IS NULL OR c.lease_expires_at <= now())
                ORDER BY c.tier, c.due_at, c.report_count DESC, c.first_reported_at, c.id
                LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED)
  RETURNING id`;

/** The bare decision: the case leaves the queue (what no_violation does to the row). */
const DECIDE_SQL = `
  UPDATE cases SET state = 'no_violation', decided_at = now(), closed_at = now(), claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
   WHERE id = $1`;

export interface RawClaimResult {
  pairs: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  doubleClaims: number;
  empty: number;
}

/**
 * P4 raw: `inFlight` loops through a 10-connection pool, each claiming with the
 * bare statement and closing the case with a bare UPDATE: the same two steps
 * (claim, decide) as docket's moderator, each its own commit, nothing else.
 */
export async function rawClaimLoop(pool: Pool, holderIds: string[], inFlight: number, seconds: number): Promise<RawClaimResult> {
  const seen = new Set<string>();
  let doubleClaims = 0;
  let empty = 0;
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  const pairs = await loops(inFlight, () => Date.now() >= end, async (loop) => {
    const t = process.hrtime.bigint();
    const { rows } = await pool.query<{ id: string }>(CLAIM_SQL, [holderIds[loop % holderIds.length]]);
    if (rows.length === 0) {
      empty += 1;
      return;
    }
    const id = rows[0].id;
    if (seen.has(id)) doubleClaims += 1;
    seen.add(id);
    await pool.query(DECIDE_SQL, [id]);
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  });
  const elapsed = secondsSince(started);
  const done = pairs - empty;
  return { pairs: done, seconds: elapsed, perSecond: done / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), doubleClaims, empty };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the claim, in a transaction rolled back so the case stays queued. */
export async function explainClaim(pool: Pool, holderId: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${CLAIM_SQL}`, [holderId]);
    await client.query('ROLLBACK');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}
