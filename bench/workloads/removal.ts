import { Pool } from 'pg';
import { Queue } from 'bullmq';
import { QUEUE_PREFIX, REDIS_URL } from '../bench-db';
import { LoadResult, cannon, jsonHeaders } from '../load';
import { sleep } from '../stats';

const REMOVE = JSON.stringify({
  action: 'remove', ground: 'illegal_content', legalGround: 'StGB §111 (public incitement to crime)', explanation: 'Calls for violence. (bench)',
});

export interface HeldCase {
  caseId: string;
  key: string;
}

/**
 * Leases `count` queued cases to the moderators directly in the database, as
 * if each had claimed them: P8 measures what follows a decision, and P4
 * already measures claims.
 */
export async function leaseCases(pool: Pool, moderators: { id: string; apiKey: string }[], count: number): Promise<HeldCase[]> {
  const { rows } = await pool.query<{ id: string; claimedBy: string }>(
    `WITH picked AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases WHERE state = 'queued' AND claimed_by IS NULL LIMIT $2)
     UPDATE cases c SET claimed_by = ($1::uuid[])[1 + (p.n % cardinality($1::uuid[]))], lease_expires_at = now() + interval '1 hour',
            first_claimed_at = now(), updated_at = now()
       FROM picked p WHERE c.id = p.id
     RETURNING c.id, c.claimed_by AS "claimedBy"`,
    [moderators.map((m) => m.id), count],
  );
  const keyOf = new Map(moderators.map((m) => [m.id, m.apiKey]));
  return rows.map((r) => ({ caseId: r.id, key: keyOf.get(r.claimedBy)! }));
}

/** `remove` decisions on held cases, `connections` at a time, each case exactly once. */
export function decideRemovals(urls: string[], held: HeldCase[], connections: number): Promise<LoadResult> {
  let next = 0;
  return cannon({
    url: urls,
    connections,
    amount: held.length,
    requests: [{
      method: 'POST',
      setupRequest: (req) => {
        const h = held[next++ % held.length];
        return { ...req, path: `/v1/cases/${h.caseId}/decision`, headers: jsonHeaders(h.key), body: REMOVE };
      },
    }],
  });
}

export interface PipelineFigures {
  decided: number;
  removed: number;
  /** Removals per second from the first to the last removal of the phase (database stamps). */
  removalsPerSecond: number;
  /** decision → acknowledged and recorded: removed_at − decided_at, both stamped by docket. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Waits until every case decided since `since` is removed (or `timeoutS` passes), then reads the phase's figures. */
export async function pipelineFigures(pool: Pool, since: Date, expected: number, timeoutS: number): Promise<PipelineFigures> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE decided_at >= $1 AND state = 'removed'`, [since]);
    if (rows[0].n >= expected || Date.now() > deadline) break;
    await sleep(100);
  }
  const { rows } = await pool.query(
    `SELECT count(*)::int AS decided, count(removed_at)::int AS removed,
            extract(epoch FROM max(removed_at) - min(removed_at)) AS span,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM removed_at - decided_at) * 1000) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM removed_at - decided_at) * 1000) AS p99,
            max(extract(epoch FROM removed_at - decided_at) * 1000) AS max
       FROM cases WHERE decided_at >= $1 AND state IN ('removing', 'removed', 'removal_failed')`,
    [since],
  );
  const r = rows[0];
  const span = Number(r.span);
  return {
    decided: r.decided, removed: r.removed, removalsPerSecond: span > 0 ? r.removed / span : NaN,
    p50Ms: Number(r.p50), p99Ms: Number(r.p99), maxMs: Number(r.max),
  };
}

export async function databaseNow(pool: Pool): Promise<Date> {
  const { rows } = await pool.query<{ now: Date }>(`SELECT clock_timestamp() AS now`);
  return rows[0].now;
}

/** Pauses (or resumes) one of docket's BullMQ queues for every worker: jobs wait in Redis meanwhile. */
export async function pauseQueue(name: string, paused: boolean): Promise<void> {
  const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  try {
    await (paused ? queue.pause() : queue.resume());
  } finally {
    await queue.close();
  }
}

/** Waits until the outbox relay has moved every row to BullMQ. */
export async function outboxEmpty(pool: Pool, timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`);
    if (rows[0].n === 0) return;
    await sleep(50);
  }
  throw new Error(`outbox not empty after ${timeoutS} s`);
}
