import { Pool } from 'pg';
import { secondsSince } from './stats';

/**
 * Data sets made in PostgreSQL itself (INSERT … SELECT over generate_series),
 * not through the API: 1 000 000 cases in well under a few minutes. The rows
 * are those the real schema and docket's code expect: a post per case, one to
 * three reports per case from reporters of every kind, deadlines from the
 * default policy's windows, and for closed cases a decision and the
 * timestamps of a real history.
 *
 * - `queue`: every case queued in the standard tier, deadlines ahead (P4, P8).
 * - `audit`: 90 days of history: about 62 % removed, 23 % no violation, 3 %
 *   removing, the rest still open (senior tier once past the deadline) — what
 *   the audit exports and response-time report read (P6, P7).
 * - `received`: cases as intake leaves them, waiting for triage (P5).
 */
export type DatasetKind = 'queue' | 'audit' | 'received';

export interface DatasetIds {
  /** Reporter principal ids by kind: reports must name real principals (foreign key). */
  reporters: { hosting_provider: string; trusted_flagger: string; authority: string; user: string };
  /** Who decided the closed cases of the audit set. */
  moderatorId: string;
}

export interface Dataset {
  kind: DatasetKind;
  cases: number;
  reports: number;
  seconds: number;
  /** Ids of the cases made, for workloads that drive them one by one (received: case and report ids). */
  prefix: string;
}

const URGENT = `('STATEMENT_CATEGORY_VIOLENCE','STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY','STATEMENT_CATEGORY_PROTECTION_OF_MINORS')`;
const SPEECH = `('STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH','STATEMENT_CATEGORY_CYBER_VIOLENCE','STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN')`;
const CATEGORIES = [
  'STATEMENT_CATEGORY_VIOLENCE', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', 'STATEMENT_CATEGORY_CYBER_VIOLENCE', 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS', 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
];
const TEXTS = [
  'They must hang. Kill them all before the inauguration.',
  'Lovely weather in the park today, the ducks are back.',
  'Bring your weapons on the 20th, we storm the building and burn it down.',
  'Our new recipe for lemon cake is up on the blog, link in bio.',
  'Cheap followers, DM me your card number for the giveaway.',
];
/**
 * A deterministic UUID from a text: md5, with the version (4) and variant (8)
 * nibbles set so it is a valid RFC 4122 UUID; docket's routes reject others (404).
 */
const uuidOf = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

const SIGNALS = `'{"flags":[],"matches":[],"classifier":"lexicon","fingerprint":null,"matchesRemovedPosts":[]}'::jsonb`;

/** Per-kind: when the first report came, and the state, tier and history of each case, from uniform randoms r1..r5. */
function caseHistory(kind: DatasetKind, count: number): string {
  switch (kind) {
    case 'queue':
      // Reported within the last 50 minutes; every window is at least an hour, so no deadline has passed.
      return `
        SELECT *, 'queued'::text AS state, 'standard'::text AS tier, fr + make_interval(secs => 0.05 + r2) AS queued_at,
               NULL::timestamptz AS first_claimed_at, NULL::timestamptz AS decided_at, NULL::timestamptz AS removed_at,
               NULL::timestamptz AS closed_at, NULL::timestamptz AS breached_at
          FROM (SELECT *, now() - make_interval(secs => r1 * 3000) AS fr FROM base) b`;
    case 'received':
      // Received over the last minute in row order, as intake receives and queues them: P5's triage jobs (in row
      // order) then hold cases received together, as after a burst of intake, and not a minute's spread each.
      return `
        SELECT *, 'received'::text AS state, 'standard'::text AS tier, NULL::timestamptz AS queued_at,
               NULL::timestamptz AS first_claimed_at, NULL::timestamptz AS decided_at, NULL::timestamptz AS removed_at,
               NULL::timestamptz AS closed_at, NULL::timestamptz AS breached_at
          FROM (SELECT *, now() - make_interval(secs => 60.0 * (${count} - i) / ${count}) AS fr FROM base) b`;
    case 'audit':
      // Time to decision: exponential with a mean of a quarter of the window, so some deadlines are missed.
      return `
        SELECT i, case_id, post_id, category, kind, window_s, r1, r2, r3, r4, r5, fr, report_count,
               CASE WHEN open THEN (CASE WHEN fr + make_interval(secs => window_s) < now() THEN 'senior' ELSE 'standard' END) ELSE 'standard' END AS tier,
               state, queued_at,
               CASE WHEN open THEN NULL ELSE GREATEST(queued_at, decided_at - make_interval(secs => r5 * 300)) END AS first_claimed_at,
               CASE WHEN open THEN NULL ELSE decided_at END AS decided_at,
               CASE WHEN state = 'removed' THEN removed_at END AS removed_at,
               CASE WHEN state = 'removed' THEN removed_at WHEN state = 'no_violation' THEN decided_at END AS closed_at,
               CASE WHEN (state = 'removed' AND removed_at > fr + make_interval(secs => window_s))
                      OR (state IN ('no_violation','removing') AND decided_at > fr + make_interval(secs => window_s))
                      OR (open AND now() > fr + make_interval(secs => window_s))
                    THEN fr + make_interval(secs => window_s) END AS breached_at
          FROM (
            SELECT *, (decided_at > now() OR r4 >= 0.88) AS open,
                   CASE WHEN decided_at > now() OR r4 >= 0.88 THEN 'queued' WHEN r4 < 0.62 THEN 'removed' WHEN r4 < 0.85 THEN 'no_violation' ELSE 'removing' END AS state
              FROM (
                SELECT *, queued_at + make_interval(secs => window_s * 0.25 * -ln(1 - r3 * 0.999)) AS decided_at,
                       queued_at + make_interval(secs => window_s * 0.25 * -ln(1 - r3 * 0.999) + 0.2 + r5 * 3) AS removed_at
                  FROM (SELECT *, fr + make_interval(secs => 0.05 + r2) AS queued_at
                          FROM (SELECT *, now() - make_interval(secs => r1 * 90 * 86400) AS fr FROM base) b0) b1) b2) b3`;
  }
}

/**
 * Adds `count` cases of `kind`. Ids derive from `prefix` and the row number,
 * so a later step can address the same cases without keeping a million ids.
 */
export async function generate(pool: Pool, kind: DatasetKind, count: number, ids: DatasetIds, prefix = `${kind}-${Date.now().toString(36)}`): Promise<Dataset> {
  const started = process.hrtime.bigint();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Big sorts and hashes for the index builds of this transaction.
    await client.query(`SET LOCAL work_mem = '64MB'`);
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    // All rows of one data set with their randoms, computed once so every table agrees on each case.
    await client.query(
      `CREATE TEMP TABLE base ON COMMIT DROP AS
       SELECT i, ${uuidOf(`$1 || '-case-' || i`)} AS case_id, $1 || '-post-' || i AS post_id,
              ($2::text[])[1 + (hashint4(i) & 2147483647) % cardinality($2::text[])] AS category,
              CASE WHEN r0 < 0.40 THEN 'hosting_provider' WHEN r0 < 0.60 THEN 'trusted_flagger' WHEN r0 < 0.65 THEN 'authority' ELSE 'user' END AS kind,
              r1, r2, r3, r4, r5,
              CASE WHEN r5 < 0.80 THEN 1 WHEN r5 < 0.95 THEN 2 ELSE 3 END AS report_count
         FROM (SELECT i, random() AS r0, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
                 FROM generate_series(1, $3::int) AS i) s`,
      [prefix, CATEGORIES, count],
    );
    // The default policy's windows (deadlines.md) for the first reporter's kind and the category.
    await client.query(`ALTER TABLE base ADD COLUMN window_s int`);
    await client.query(`
      UPDATE base SET window_s = CASE
        WHEN kind = 'authority' THEN 3600
        WHEN category IN ${URGENT} AND kind IN ('hosting_provider','trusted_flagger') THEN 3600
        WHEN category IN ${URGENT} THEN 86400
        WHEN category IN ${SPEECH} THEN 86400
        ELSE 604800 END`);
    await client.query(`CREATE TEMP TABLE g ON COMMIT DROP AS ${caseHistory(kind, count)}`);
    // Secondary indexes are dropped for the load and built again after it, from their own definitions (so the
    // schema stays exactly the migrations'): one sorted build is much faster than a million insertions each.
    const indexes = await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE schemaname = 'public' AND tablename IN ('posts', 'cases', 'reports', 'decisions') AND indexname NOT LIKE '%\\_pkey'`,
    );
    if (count >= 50_000) for (const ix of indexes.rows) await client.query(`DROP INDEX ${ix.name}`);

    await client.query(
      `INSERT INTO posts (id, url, author_id, text, language, media_urls, posted_at, fingerprint, created_at)
       SELECT post_id, 'https://social.example/p/' || post_id, 'u-' || (i % 50000), ($1::text[])[1 + i % cardinality($1::text[])], 'en',
              CASE WHEN i % 3 = 0 THEN ARRAY['https://media.social.example/' || post_id || '.jpg'] ELSE '{}' END,
              fr - interval '1 day', ${kind === 'received' ? 'NULL' : `md5(($1::text[])[1 + i % cardinality($1::text[])])`}, fr
         FROM g`,
      [TEXTS],
    );
    await client.query(
      `INSERT INTO cases (id, post_id, state, tier, source, category, categories, priority, due_at, report_count, signals,
                          first_reported_at, queued_at, first_claimed_at, decided_at, removed_at, closed_at, breached_at,
                          timers_due_at, created_at, updated_at)
       SELECT case_id, post_id, state, tier, 'notice', category, ARRAY[category],
              CASE WHEN window_s <= 3600 THEN 1 WHEN window_s <= 86400 THEN 2 ELSE 3 END,
              fr + make_interval(secs => window_s), report_count,
              ${kind === 'received' ? 'NULL' : SIGNALS},
              fr, queued_at, first_claimed_at, decided_at, removed_at, closed_at, breached_at,
              ${kind === 'received' ? 'NULL' : 'fr + make_interval(secs => window_s)'},
              fr, COALESCE(closed_at, decided_at, queued_at, fr)
         FROM g`,
    );
    const policy = await client.query<{ id: number }>(`SELECT max(id) AS id FROM deadline_policies`);
    const reports = await client.query(
      `INSERT INTO reports (id, case_id, post_id, reporter_id, reporter_kind, category, specification, description, evidence_urls,
                            external_ref, reported_at, received_at, due_at, request_hash, policy_id, source_format)
       SELECT ${uuidOf(`$1 || '-report-' || i || '-' || k`)}, case_id, post_id, ($2::uuid[])[rk], ($3::text[])[rk], category,
              CASE WHEN category IN ${URGENT} THEN ARRAY['KEYWORD_TERRORIST_CONTENT'] ELSE '{}' END,
              'Reported by the bench data set', ARRAY['https://evidence.example/' || i || '.png'],
              'BENCH-' || i || '-' || k, rcv - interval '1 hour', rcv, rcv + make_interval(secs => window_s),
              md5($1 || i || '-' || k), $4, 'api'
         FROM (SELECT g.*, k,
                      -- Later reports come a little later, from any kind of reporter.
                      CASE WHEN k = 1 THEN array_position($3::text[], kind) ELSE 1 + (hashint4(i * 7 + k) & 2147483647) % 4 END AS rk,
                      fr + make_interval(secs => (k - 1) * r2 * 60) AS rcv
                 FROM g, generate_series(1, report_count) AS k) t`,
      [prefix, [ids.reporters.hosting_provider, ids.reporters.trusted_flagger, ids.reporters.authority, ids.reporters.user],
        ['hosting_provider', 'trusted_flagger', 'authority', 'user'], policy.rows[0].id],
    );
    if (kind === 'audit') {
      await client.query(
        `INSERT INTO decisions (id, case_id, action, ground, legal_ground, explanation, decided_by, decided_at)
         SELECT ${uuidOf(`$1 || '-decision-' || i`)}, case_id,
                CASE WHEN state = 'no_violation' THEN 'no_violation' ELSE 'remove' END,
                CASE WHEN state = 'no_violation' THEN NULL ELSE 'illegal_content' END,
                CASE WHEN state = 'no_violation' THEN NULL ELSE 'StGB §111 (public incitement to crime)' END,
                'Decided in the bench data set', $2, decided_at
           FROM g WHERE decided_at IS NOT NULL`,
        [prefix, ids.moderatorId],
      );
    }
    if (count >= 50_000) for (const ix of indexes.rows) await client.query(ix.def);
    await client.query('COMMIT');
    // Hint bits and the visibility map set now, not during the first measured read; fresh statistics for the planner.
    // Only the tables filled: ANALYZE would record an empty decisions table as empty, and the plans PostgreSQL keeps
    // for docket's prepared statements would scan it sequentially while the phase fills it (a deployment with no
    // decisions yet has never analysed the table, and the planner assumes 10 pages).
    await client.query(`VACUUM (ANALYZE) posts, cases, reports${kind === 'audit' ? ', decisions' : ''}`);
    return { kind, cases: count, reports: reports.rowCount ?? 0, seconds: secondsSince(started), prefix };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The case and report ids of row i of a data set (same derivation as the SQL above). */
export async function idsOf(pool: Pool, prefix: string, from: number, to: number): Promise<{ caseId: string; reportId: string }[]> {
  const { rows } = await pool.query<{ caseId: string; reportId: string }>(
    `SELECT ${uuidOf(`$1 || '-case-' || i`)}::text AS "caseId", ${uuidOf(`$1 || '-report-' || i || '-1'`)}::text AS "reportId"
       FROM generate_series($2::int, $3::int) AS i`,
    [prefix, from, to],
  );
  return rows;
}
