import autocannon from 'autocannon';

/** What an autocannon run says, reduced to what the table and the JSON keep. */
export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statusCodes: Record<string, number>;
}

export async function cannon(opts: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ timeout: 30, ...opts });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    // autocannon records latencies of 2xx answers only.
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCodes,
  };
}

export const jsonHeaders = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' });
