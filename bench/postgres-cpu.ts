import { readFileSync, readdirSync } from 'node:fs';

/** CPU ms (user + system) used so far by each PostgreSQL process on this machine, by pid. */
export type PostgresCpu = Map<number, number>;

export function postgresCpu(): PostgresCpu {
  const byPid: PostgresCpu = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
      byPid.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The process exited between the listing and the read.
    }
  }
  return byPid;
}

/**
 * CPU ms PostgreSQL (backends, WAL writer, checkpointer, autovacuum) used
 * between two readings: beside a docket process's own CPU it shows where a
 * unit of work's cost lands. A backend that started in between counts whole;
 * one that exited in between is lost (pools stay open through a phase), and
 * a backend that exits takes its earlier CPU with it, so this is per process.
 */
export function postgresCpuSince(before: PostgresCpu): number {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}
