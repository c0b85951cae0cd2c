import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { freePort } from './redis-server';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A throwaway PostgreSQL cluster (`initdb` into a temp dir, `pg_ctl` on a spare
 * port of 127.0.0.1, trust auth), so a drill can stop and start PostgreSQL
 * without touching the machine's own on 5432.
 *
 * initdb and pg_ctl refuse to run as root: as root they run as the `postgres`
 * user (runuser) in a directory that user owns; as anyone else, as that user.
 */
export class ThrowawayPostgres {
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'docket-pg-'));
    const pg = new ThrowawayPostgres(await freePort(), dir);
    try {
      if (process.getuid?.() === 0) {
        const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
        chownSync(dir, Number(uid.stdout), Number(gid.stdout));
      }
      // -N: no fsync at initdb; the cluster only lives for one drill.
      await pg.ctl(join(BIN, 'initdb'), ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '-N', '--no-instructions']);
      await pg.start();
      return pg;
    } catch (err) {
      await pg.destroy();
      throw err;
    }
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  url(database = 'docket'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server and waits (bounded) until it accepts connections. */
  async start(): Promise<void> {
    // fsync off: a stop/start or a killed server loses nothing (the WAL is in the OS cache); only a machine crash would.
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.ctl(join(BIN, 'pg_ctl'), ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
    await waitFor(`PostgreSQL on port ${this.port}`, () => this.ready(), 15_000, 50);
  }

  /** `fast` terminates sessions (57P01) and checkpoints; `immediate` is a crash, recovered from the WAL at the next start. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.ctl(join(BIN, 'pg_ctl'), ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  get running(): boolean {
    return existsSync(join(this.dataDir, 'postmaster.pid'));
  }

  /** Stops the server if it runs and removes its directory; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.running) await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A pool for the test's own queries; its idle clients dying with the server is expected, not a crash. */
  pool(database = 'docket'): Pool {
    const pool = new Pool({ connectionString: this.url(database), max: 3, connectionTimeoutMillis: 3000 });
    pool.on('error', () => undefined);
    return pool;
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  private async ready(): Promise<boolean> {
    const pool = new Pool({ connectionString: this.url('postgres'), max: 1, connectionTimeoutMillis: 1000 });
    pool.on('error', () => undefined);
    try {
      await pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await pool.end().catch(() => undefined);
    }
  }

  private async ctl(bin: string, args: string[]): Promise<void> {
    const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    try {
      // pg_ctl's postmaster keeps inherited pipes open: its output goes to server.log, not to us.
      await run(file, argv, { cwd: this.dir, timeout: 60_000 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`${bin.split('/').pop()} ${args.at(-1)} failed: ${e.stderr || e.message}\n${this.log().slice(-2000)}`);
    }
  }
}
