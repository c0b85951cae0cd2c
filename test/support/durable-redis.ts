import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pingRedis } from './redis-server';
import { waitFor } from './wait-for';

/**
 * A throwaway redis-server on a spare port, configured as docs/operations.md asks
 * of production (append-only file, noeviction): stopping it (even with SIGKILL)
 * and starting it again keeps the queues, as a real Redis restart does.
 * ThrowawayRedis (no persistence) is the other case: a Redis that comes back empty.
 */
export class DurableRedis {
  private process?: ChildProcess;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<DurableRedis> {
    const redis = new DurableRedis(await freePort(), mkdtempSync(join(tmpdir(), 'docket-redis-')));
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    await waitFor(`redis-server on port ${this.port}`, () => this.ping(), 10_000, 50);
  }

  /** SIGKILL: the harshest stop. What Redis wrote to its append-only file (every command, before answering) survives. */
  async stop(): Promise<void> {
    const proc = this.process;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ping(): Promise<boolean> {
    return pingRedis(this.port);
  }
}
