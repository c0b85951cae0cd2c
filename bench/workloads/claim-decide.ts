import { LoadResult, cannon, jsonHeaders } from '../load';

export interface ClaimDecideResult extends LoadResult {
  /** Claims answered 200 and decisions answered 200, counted separately. */
  claims: number;
  decisions: number;
  /** Claims that returned a case another claim had already returned: must be 0. */
  doubleClaims: number;
  /** Claims answered 204: the queue ran dry (the data set was too small for the run). */
  empty: number;
  decisionsPerSecond: number;
  claimedIds: string[];
}

/**
 * P4: each of `connections` clients claims the most urgent case and decides
 * it, over and over. The decision is `no_violation`: it is the complete
 * moderator use case (lease check, decision row, state change, audit event,
 * reporter callbacks planned) without starting the removal pipeline, which P8
 * measures on its own. Keys rotate over the moderators; a decision is always
 * sent with the key that claimed the case (per-connection context).
 */
export async function claimAndDecide(urls: string[], moderatorKeys: string[], connections: number, seconds: number): Promise<ClaimDecideResult> {
  let next = 0;
  const seen = new Set<string>();
  let doubleClaims = 0;
  let claims = 0;
  let decisions = 0;
  let empty = 0;
  const decision = JSON.stringify({ action: 'no_violation', explanation: 'Satire; no call to action. (bench)' });
  const result = await cannon({
    url: urls,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/queue/claim',
        setupRequest: (req, ctx) => {
          ctx.key = moderatorKeys[next++ % moderatorKeys.length];
          return { ...req, headers: jsonHeaders(ctx.key), body: '{}' };
        },
        onResponse: (status, body, ctx) => {
          if (status === 204) empty += 1;
          if (status !== 200) return;
          const id: string = JSON.parse(body).id;
          if (seen.has(id)) doubleClaims += 1;
          seen.add(id);
          claims += 1;
          ctx.caseId = id;
        },
      },
      {
        method: 'POST',
        // No case claimed: skip the decision and start over with a claim.
        setupRequest: (req, ctx) => (ctx.caseId ? { ...req, path: `/v1/cases/${ctx.caseId}/decision`, headers: jsonHeaders(ctx.key), body: decision } : null),
        onResponse: (status) => {
          if (status === 200) decisions += 1;
        },
      },
    ],
  });
  return { ...result, claims, decisions, doubleClaims, empty, decisionsPerSecond: decisions / result.seconds, claimedIds: [...seen] };
}
