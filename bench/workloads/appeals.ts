import { Pool } from 'pg';
import { LoadResult, cannon, jsonHeaders } from '../load';

/**
 * P10's data: `count` cases removed by `deciderId` (one remove decision each, confirmed), as if the platform had
 * taken the posts down; their authors appeal them.
 */
export async function removedCases(pool: Pool, deciderId: string, count: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH picked AS (SELECT id FROM cases WHERE state = 'queued' ORDER BY id LIMIT $2),
          decided AS (
            INSERT INTO decisions (id, case_id, action, ground, legal_ground, explanation, decided_by, decided_at, category)
            SELECT gen_random_uuid(), p.id, 'remove', 'illegal_content', 'StGB §111', 'Calls for violence. (bench)', $1, now() - interval '1 hour', NULL
              FROM picked p RETURNING id, case_id
          ), removed AS (
            UPDATE cases c SET state = 'removed', decided_at = now() - interval '1 hour', removed_at = now() - interval '50 minutes',
                   closed_at = now() - interval '50 minutes', claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
              FROM decided d WHERE c.id = d.case_id
          )
     SELECT id FROM decided`,
    [deciderId, count],
  );
  return rows.map((r) => r.id);
}

/** The platform files one author's appeal per decision, `connections` at a time. */
export function fileAppeals(urls: string[], platformKey: string, decisionIds: string[], connections: number): Promise<LoadResult> {
  let next = 0;
  return cannon({
    url: urls,
    connections,
    amount: decisionIds.length,
    requests: [{
      method: 'POST',
      path: '/v1/appeals',
      setupRequest: (req) => ({
        ...req, headers: jsonHeaders(platformKey),
        body: JSON.stringify({ decisionId: decisionIds[next++], appellant: 'author', statement: 'It was satire. (bench)' }),
      }),
    }],
  });
}

export interface AppealWorkResult extends LoadResult {
  claims: number;
  decisions: number;
  doubleClaims: number;
  empty: number;
}

/**
 * Moderators claim the most urgent appeal and overturn it, `connections` at a time, until `appeals` decisions were
 * made: each overturn sends the platform a restore order (drained after, see P10).
 */
export async function claimAndOverturn(urls: string[], moderatorKeys: string[], connections: number, appeals: number): Promise<AppealWorkResult> {
  let next = 0;
  const seen = new Set<string>();
  let doubleClaims = 0;
  let claims = 0;
  let decisions = 0;
  let empty = 0;
  const decision = JSON.stringify({ outcome: 'overturn', reason: 'Satire of a public figure. (bench)' });
  const result = await cannon({
    url: urls,
    connections,
    // A claim and a decision per appeal; claims of a queue run dry (204) take a pair from the amount too.
    amount: 2 * appeals,
    requests: [
      {
        method: 'POST',
        path: '/v1/appeals/claim',
        setupRequest: (req, ctx) => {
          ctx.key = moderatorKeys[next++ % moderatorKeys.length];
          ctx.appealId = undefined;
          return { ...req, headers: jsonHeaders(ctx.key), body: '{}' };
        },
        onResponse: (status, body, ctx) => {
          if (status === 204) empty += 1;
          if (status !== 200) return;
          const id: string = JSON.parse(body).id;
          if (seen.has(id)) doubleClaims += 1;
          seen.add(id);
          claims += 1;
          ctx.appealId = id;
        },
      },
      {
        method: 'POST',
        setupRequest: (req, ctx) => (ctx.appealId ? { ...req, path: `/v1/appeals/${ctx.appealId}/decision`, headers: jsonHeaders(ctx.key), body: decision } : null),
        onResponse: (status) => {
          if (status === 200) decisions += 1;
        },
      },
    ],
  });
  return { ...result, claims, decisions, doubleClaims, empty };
}
