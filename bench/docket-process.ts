import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { sleep, waitFor } from './stats';
import { QUEUE_PREFIX, REDIS_URL } from './bench-db';
import { processCpu } from './server-cpu';

/** Where child processes' output goes: not the terminal (the table must stay readable), but kept for a failed run. */
export const LOG_DIR = join(tmpdir(), 'docket-bench');
const DIST = join(__dirname, '..');

export type Role = 'api' | 'worker' | 'noop-worker' | 'http-floor';

const ENTRY: Record<Role, string> = {
  api: join(DIST, 'apps/api/src/main.js'),
  worker: join(DIST, 'apps/worker/src/main.js'),
  'noop-worker': join(DIST, 'bench/raw/noop-worker.js'),
  'http-floor': join(DIST, 'bench/raw/http-floor.js'),
};

/** One child process: the built API or worker, exactly as `npm run start:api` / `start:worker` would run it. */
export class DocketProcess {
  private exited = false;

  private constructor(
    readonly role: Role,
    readonly name: string,
    readonly child: ChildProcess,
    readonly port?: number,
    private readonly profile?: string,
  ) {
    child.once('exit', () => (this.exited = true));
  }

  static spawn(role: Role, name: string, env: Record<string, string>, port?: number): DocketProcess {
    mkdirSync(LOG_DIR, { recursive: true });
    const log = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
    // BENCH_PROF=<role> profiles those children; stop() has them write LOG_DIR/prof/<name>.cpuprofile first.
    const profile = process.env.BENCH_PROF === role ? join(LOG_DIR, 'prof', `${name}.cpuprofile`) : undefined;
    if (profile) mkdirSync(join(LOG_DIR, 'prof'), { recursive: true });
    const prof = profile ? ['--require', join(DIST, 'bench/cpu-profile-preload.js')] : [];
    const child = spawn(process.execPath, [...prof, ENTRY[role]], {
      env: { ...process.env, ...env, ...(port ? { PORT: String(port) } : {}), ...(profile ? { BENCH_PROF_FILE: profile } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    return new DocketProcess(role, name, child, port, profile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The API answers /health with 200 (database and Redis up). */
  async ready(timeoutMs = 60_000): Promise<void> {
    await waitFor(`${this.name} to answer /health`, async () => {
      if (this.exited) throw new Error(`${this.name} exited during start; see ${join(LOG_DIR, `${this.name}.log`)}`);
      const res = await fetch(`${this.url}/health`);
      return res.status === 200 ? true : undefined;
    }, timeoutMs, 100).catch((err) => {
      throw this.exited ? new Error(`${this.name} exited during start; see ${join(LOG_DIR, `${this.name}.log`)}`) : err;
    });
  }

  /** SIGTERM and wait for a clean exit (docket drains jobs in hand); SIGKILL after the grace period. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    if (this.profile) await this.writeProfile(this.profile);
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private async writeProfile(file: string): Promise<void> {
    rmSync(file, { force: true });
    this.child.kill('SIGUSR2');
    await waitFor(`${this.name} to write its CPU profile`, async () => existsSync(file) || undefined, 30_000, 100);
  }

  /** Peak resident set size in MB since start or since the last resetPeakRss(). */
  peakRssMb(): number {
    return statusKb(this.pid, 'VmHWM') / 1024;
  }

  /** CPU time (user + system) the process has used so far, in ms: per-request cost that other load on the machine does not distort. */
  cpuMs(): number {
    return processCpu(this.pid).cpuMs;
  }

  /**
   * Messages this process has sent to a server so far (TCP data segments on
   * its open connections to `port`, from `ss`): one per query or command, so
   * deltas count round trips per request, deterministically, however busy the
   * machine is. Connections closed meanwhile drop out, so compare within a phase.
   */
  messagesTo(port: number): number {
    try {
      const out = execFileSync('ss', ['-tnpi', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
      let total = 0;
      let mine = false;
      for (const line of out.split('\n')) {
        if (line.includes('users:(')) mine = line.includes(`pid=${this.pid},`);
        else if (mine) total += Number(/data_segs_out:(\d+)/.exec(line)?.[1] ?? 0);
      }
      return total;
    } catch {
      return NaN;
    }
  }

  rssMb(): number {
    return statusKb(this.pid, 'VmRSS') / 1024;
  }

  /** Linux resets VmHWM to the current RSS when "5" is written to clear_refs; false where that is not allowed. */
  resetPeakRss(): boolean {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }
}

function statusKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * Waits until `count` BullMQ workers listen on `queue`: a worker process is
 * ready when its processors are, and it has no HTTP port to ask.
 */
export async function workersListening(queueName: string, count: number, timeoutMs = 60_000): Promise<void> {
  const queue = new Queue(queueName, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  try {
    await waitFor(`${count} worker(s) on queue ${queueName}`, async () => ((await queue.getWorkersCount()) >= count ? true : undefined), timeoutMs, 100);
  } finally {
    await queue.close();
  }
}

/** Every process the bench started, so an error or Ctrl-C still stops them all. */
export class ProcessGroup {
  private readonly procs = new Set<DocketProcess>();

  add(p: DocketProcess): DocketProcess {
    this.procs.add(p);
    p.child.once('exit', () => this.procs.delete(p));
    return p;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.procs].map((p) => p.stop()));
    // Give the OS a moment to release ports before the next start.
    await sleep(50);
  }

  killAllNow(): void {
    for (const p of this.procs) if (p.alive) p.child.kill('SIGKILL');
  }
}
