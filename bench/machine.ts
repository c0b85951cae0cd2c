import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { Pool } from 'pg';
import Redis from 'ioredis';

/** What the numbers were measured on: they are only comparable on the same machine. */
export interface Machine {
  nproc: number;
  cpuModel: string;
  memTotalGb: number;
  memFreeGb: number;
  loadAvg: number[];
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  redis: string;
}

export async function describeMachine(pool: Pool, redisUrl: string): Promise<Machine> {
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    /* cpus() stands in */
  }
  const pg = await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  const settings = await pool.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers','synchronous_commit','fsync','work_mem','max_connections','wal_level')`,
  );
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const info = await redis.info('server');
  redis.disconnect();
  return {
    nproc,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memTotalGb: Math.round(totalmem() / 2 ** 30),
    memFreeGb: Math.round(freemem() / 2 ** 30),
    loadAvg: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    postgres: pg.rows[0].v,
    postgresSettings: Object.fromEntries(settings.rows.map((s) => [s.name, `${s.setting}${s.unit ? ` ${s.unit}` : ''}`])),
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
  };
}
