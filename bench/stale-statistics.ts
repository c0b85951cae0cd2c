import { Pool } from 'pg';
import { INTAKE_SQL } from '@docket/reports';
import { secondsSince } from './stats';

/** The tables whose statistics P1s is about. */
const TABLES = ['posts', 'cases', 'reports'];

export interface StatisticsState {
  /** Rows of pg_stats about posts, cases and reports: 0 when none was ever analysed. */
  columnStatistics: number;
  /** pg_class.reltuples: -1 never counted; an index build after a load counts the rows, with no column statistics. */
  reltuples: Record<string, number>;
}

export async function statisticsState(pool: Pool): Promise<StatisticsState> {
  const stats = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = ANY($1)`, [TABLES]);
  const tuples = await pool.query<{ relname: string; reltuples: number }>(`SELECT relname, reltuples FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`, [TABLES]);
  return { columnStatistics: stats.rows[0].n, reltuples: Object.fromEntries(tuples.rows.map((r) => [r.relname, r.reltuples])) };
}

/**
 * Forgets what ANALYZE recorded about posts, cases and reports, as on a database restored and never analysed
 * (PostgreSQL 15 has no command for it; the bench connects as a superuser, as truncateWork already needs).
 */
export async function forgetStatistics(pool: Pool): Promise<void> {
  await pool.query(`DELETE FROM pg_statistic WHERE starelid = ANY($1::regclass[])`, [TABLES]);
}

/**
 * P1s's data set: `count` posts, each with its closed case (no violation, decided within the day), written by
 * INSERT … SELECT over generate_series with the secondary indexes dropped and built again afterwards, as a restore
 * or a bulk load writes them, and then NOT analysed: the planner knows the tables' pages (and, from the index
 * builds, their row counts) but nothing about their columns.
 */
export async function loadClosedPosts(pool: Pool, count: number): Promise<{ posts: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL work_mem = '64MB'`);
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    const indexes = await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE schemaname = 'public' AND tablename IN ('posts', 'cases') AND indexname NOT LIKE '%\\_pkey'`,
    );
    for (const ix of indexes.rows) await client.query(`DROP INDEX ${ix.name}`);
    await client.query(
      `INSERT INTO posts (id, url, author_id, text, language, posted_at, created_at)
       SELECT 'stale-' || i, 'https://social.example/p/stale-' || i, 'u-' || i % 50000, 'Post number ' || i || ' of the restored set.', 'en',
              at - interval '1 day', at
         FROM (SELECT i, now() - make_interval(secs => ($1::int - i) * 7.776) AS at FROM generate_series(1, $1::int) AS i) g`,
      [count],
    );
    await client.query(
      `INSERT INTO cases (id, post_id, state, category, categories, priority, due_at, report_count, signals, first_reported_at, queued_at,
                          first_claimed_at, decided_at, closed_at, timers_due_at, created_at, updated_at)
       SELECT gen_random_uuid(), 'stale-' || i, 'no_violation', 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', '{STATEMENT_CATEGORY_SCAMS_AND_FRAUD}', 3,
              at + interval '7 days', 1, '{"flags":[],"matches":[],"classifier":"lexicon","fingerprint":null,"matchesRemovedPosts":[]}'::jsonb,
              at, at + interval '1 second', at + interval '1 hour', at + interval '2 hours', at + interval '2 hours', at + interval '7 days',
              at, at + interval '2 hours'
         FROM (SELECT i, now() - make_interval(secs => ($1::int - i) * 7.776) AS at FROM generate_series(1, $1::int) AS i) g`,
      [count],
    );
    for (const ix of indexes.rows) await client.query(ix.def);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return { posts: count, seconds: secondsSince(started) };
}

/** EXPLAIN (ANALYZE, BUFFERS) of intake's latest-case lookup for `postIds` as the API runs it (read only). */
export async function explainLatestCases(pool: Pool, postIds: string[]): Promise<string> {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${INTAKE_SQL.latestCases}`, [postIds]);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
