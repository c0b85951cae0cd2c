import { Client, Pool } from 'pg';
import Redis from 'ioredis';
import { migrate, withClient } from '@docket/database';

/**
 * The bench's own database and Redis key space: never `docket` or a test
 * database, so a bench run cannot touch anyone's data, and any leftovers are
 * easy to find (docket_bench, keys under {bench}). BENCH_DATABASE and
 * BENCH_QUEUE_PREFIX name others, so two runs can share a machine.
 */
export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? 'docket_bench';
export const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const QUEUE_PREFIX = process.env.BENCH_QUEUE_PREFIX ?? '{bench}';

export function benchDatabaseUrl(): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

const withAdmin = <T>(work: (c: Client) => Promise<T>) => withClient(ADMIN_DATABASE_URL, work);

/** A fresh docket_bench with every migration applied, through docket's own migrate(). */
export async function recreateBenchDatabase(): Promise<string[]> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`));
  return migrate(benchDatabaseUrl());
}

/** Drops the bench database (the default at the end of a run: 1 M cases are several GB of pages). */
export async function dropBenchDatabase(): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`));
}

/**
 * Empties everything a workload wrote, keeping principals and the deadline
 * policy. audit_events refuses TRUNCATE by trigger (it is append-only in
 * docket); the bench database is scratch, so the bench disables triggers for
 * this one statement with session_replication_role, a superuser setting.
 */
export async function truncateWork(pool: Pool, raw = true): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await truncateOnce(pool, raw);
    } catch (err) {
      // A docket transaction still running can deadlock with TRUNCATE's locks; it is over a moment later.
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
    }
  }
}

async function truncateOnce(pool: Pool, raw: boolean): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`TRUNCATE bulk_decision_cases, bulk_decisions, second_reviews, case_notes, appeals, scan_posts, scans, decisions, reports, exposures, case_skips, cases, posts, outbox, audit_events, audit_pending`);
    if (raw) await client.query(`DROP SCHEMA IF EXISTS raw CASCADE`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  // No ANALYZE here: TRUNCATE leaves the tables as a fresh deployment has them (never analysed, so the planner
  // assumes 10 pages), while ANALYZE would record them as empty. PostgreSQL then caches sequential-scan plans for
  // the foreign-key checks, and they stay while the phase grows the tables. The data sets analyse what they load.
}

/** Deletes every key of the bench's queue prefix (BullMQ queues, rate-limit budgets). */
export async function cleanRedis(redisUrl = REDIS_URL): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

export function benchPool(max = 10, applicationName = 'docket-bench'): Pool {
  const pool = new Pool({ connectionString: benchDatabaseUrl(), max, application_name: applicationName });
  pool.on('error', () => undefined);
  return pool;
}
