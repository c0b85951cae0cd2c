import { readFileSync, readdirSync } from 'node:fs';

/** CPU ms (user + system) used so far by each process of one server on this machine, by pid. */
export type ServerCpu = Map<number, number>;

/** A process's name (`comm`) and the CPU ms (user + system) it has used so far, from /proc/<pid>/stat. */
export function processCpu(pid: number | string): { comm: string; cpuMs: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return { comm: stat.slice(stat.indexOf('(') + 1, close), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
}

/** `comm` is the process name in /proc/<pid>/stat: `postgres` (every backend and helper), `redis-server`. */
export function serverCpu(comm: string): ServerCpu {
  const byPid: ServerCpu = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const proc = processCpu(entry);
      if (proc.comm === comm) byPid.set(Number(entry), proc.cpuMs);
    } catch {
      // The process exited between the listing and the read.
    }
  }
  return byPid;
}

/**
 * CPU ms a server used between two readings: beside a docket process's own CPU it shows where a unit of work's
 * cost lands. A process that started in between counts whole; one that exited in between is lost (pools stay
 * open through a phase). Summed per process, so a backend that exits does not take its earlier CPU with it.
 */
export function serverCpuSince(comm: string, before: ServerCpu): number {
  let total = 0;
  for (const [pid, ms] of serverCpu(comm)) total += ms - (before.get(pid) ?? 0);
  return total;
}
