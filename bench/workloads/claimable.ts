import { Client } from 'pg';
import { HttpClient } from '../http';
import { PostIds, notice } from '../notices';
import { benchDatabaseUrl } from '../bench-db';
import { percentile, sleep } from '../stats';
import { jsonHeaders } from '../load';

export interface ClaimableResult {
  rate: number;
  sent: number;
  accepted: number;
  claimable: number;
  /** Cases never seen claimable before the wait ended. */
  missing: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Same cases, from the database's own stamps: queued_at (worker clock) − the 202 as the client saw it. */
  stampP50Ms: number;
  stampP99Ms: number;
  pollMs: number;
}

const POLL_MS = 5;

/**
 * P3: intake → claimable. Notices are sent open-loop at a fixed rate (evenly
 * spaced, not in bursts) for `seconds`. A case is claimable when its row is
 * committed with state 'queued' (triage done): exactly what the claim query
 * selects. A poller asks the database every 5 ms for the cases not yet seen
 * queued; latency = first poll that sees the case queued − the moment the
 * client received its 202. Resolution: the poll interval plus one query
 * (a few ms), always counted against docket.
 */
export async function intakeToClaimable(urls: string[], key: string, rate: number, seconds: number, waitS = 10): Promise<ClaimableResult> {
  const http = new HttpClient(64);
  const db = new Client({ connectionString: benchDatabaseUrl(), application_name: 'docket-bench-poller' });
  await db.connect();
  const ids = new PostIds();
  const acceptedAt = new Map<string, number>(); // caseId → ms of the 202
  const latencies: number[] = [];
  const stampLatencies: number[] = [];
  let sent = 0;
  let accepted = 0;
  let rejected = 0;
  let sending = true;
  let waitUntil = Infinity;

  const poller = (async () => {
    while (sending || acceptedAt.size > 0) {
      const pending = [...acceptedAt.keys()];
      if (pending.length > 0) {
        const { rows } = await db.query<{ id: string; queuedAt: Date }>(
          `SELECT id, queued_at AS "queuedAt" FROM cases WHERE id = ANY($1::uuid[]) AND state = 'queued'`, [pending],
        );
        const seen = performance.timeOrigin + performance.now();
        for (const r of rows) {
          const at = acceptedAt.get(r.id);
          if (at === undefined) continue;
          latencies.push(seen - at);
          stampLatencies.push(r.queuedAt.getTime() - at);
          acceptedAt.delete(r.id);
        }
      }
      if (!sending && Date.now() > waitUntil) break;
      await sleep(POLL_MS);
    }
  })();

  const headers = jsonHeaders(key);
  const inFlight = new Set<Promise<void>>();
  const start = Date.now();
  const total = Math.round(rate * seconds);
  // Open loop: request i leaves at start + i/rate, whatever the answers before it did.
  while (sent < total) {
    const due = Math.floor(((Date.now() - start) / 1000) * rate) + 1;
    while (sent < Math.min(due, total)) {
      const n = sent++;
      const url = urls[n % urls.length];
      const p = http.send(`${url}/v1/reports`, 'POST', headers, JSON.stringify(notice(ids.next(), n))).then(
        (res) => {
          if (res.status === 202) {
            accepted += 1;
            acceptedAt.set(JSON.parse(res.body).caseId, performance.timeOrigin + performance.now());
          } else rejected += 1;
        },
        () => void (rejected += 1),
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  sending = false;
  waitUntil = Date.now() + waitS * 1000;
  await poller;
  http.close();
  await db.end();
  return {
    rate, sent, accepted, claimable: latencies.length, missing: acceptedAt.size + rejected,
    p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: percentile(latencies, 100),
    stampP50Ms: percentile(stampLatencies, 50), stampP99Ms: percentile(stampLatencies, 99), pollMs: POLL_MS,
  };
}
