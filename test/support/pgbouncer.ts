import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { freePort } from './redis-server';
import { waitFor } from './wait-for';

/** Debian's package puts it here (`apt-get install pgbouncer`; `.ci/run` does). */
export const PGBOUNCER_PATH = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';

export interface PgBouncerOptions {
  /** The PostgreSQL server behind it, and the one database it serves (under the same name). */
  upstream: { host: string; port: number; user: string };
  database: string;
  poolMode: 'session' | 'transaction';
  /** Server connections per database and user. */
  poolSize: number;
}

/**
 * A throwaway PgBouncer on a spare port of 127.0.0.1, with its own ini and userlist in a temporary directory; its
 * log (stderr) is kept line by line. Only `database` is served, so a client that asks for any other database
 * (`postgres`, to create one) is refused. PgBouncer refuses to run as root: as root it drops to `postgres` (`-u`).
 */
export class ThrowawayPgBouncer {
  readonly lines: string[] = [];
  private process?: ChildProcess;

  private constructor(
    readonly options: PgBouncerOptions,
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(options: PgBouncerOptions): Promise<ThrowawayPgBouncer> {
    if (!existsSync(PGBOUNCER_PATH)) throw new Error(`${PGBOUNCER_PATH} is missing: apt-get install pgbouncer (or set PGBOUNCER_PATH)`);
    const dir = await mkdtemp(join(tmpdir(), 'docket-pgbouncer-'));
    const bouncer = new ThrowawayPgBouncer(options, await freePort(), dir);
    await bouncer.start();
    return bouncer;
  }

  /** "PgBouncer 1.18.0" */
  static version(): string {
    return execFileSync(PGBOUNCER_PATH, ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  }

  /** The URL clients use: the pooler's port, the served database. */
  url(database = this.options.database): string {
    return `postgres://${encodeURIComponent(this.options.upstream.user)}@127.0.0.1:${this.port}/${database}`;
  }

  private async start(): Promise<void> {
    const { upstream, database, poolMode, poolSize } = this.options;
    const ini = join(this.dir, 'pgbouncer.ini');
    const userlist = join(this.dir, 'userlist.txt');
    await writeFile(ini, [
      '[databases]',
      `${database} = host=${upstream.host} port=${upstream.port} dbname=${database} user=${upstream.user}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${this.port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${userlist}`,
      `admin_users = ${upstream.user}`,
      `pool_mode = ${poolMode}`,
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      // Startup parameters PgBouncer does not track would refuse the client; node-postgres sends none of these by
      // default, but a `?options=` in a URL would otherwise stop docket at boot.
      'ignore_startup_parameters = extra_float_digits,options',
      'log_connections = 1',
      'log_disconnections = 0',
      '',
    ].join('\n'));
    // With trust, PgBouncer still accepts only the users its auth_file lists.
    await writeFile(userlist, `"${upstream.user}" ""\n`);
    // As root, PgBouncer reads these after changing to the postgres user.
    await Promise.all([chmod(this.dir, 0o755), chmod(ini, 0o644), chmod(userlist, 0o644)]);
    const asRoot = process.getuid?.() === 0;
    this.process = spawn(PGBOUNCER_PATH, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.process.stdout!, this.process.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (this.lines.length < 100_000) this.lines.push(line);
      });
    }
    const proc = this.process;
    await waitFor(`pgbouncer on port ${this.port}`, async () => {
      if (proc.exitCode !== null) throw new Error(`pgbouncer exited (${proc.exitCode}):\n${this.lines.join('\n')}`);
      return this.lines.some((l) => l.includes(`listening on 127.0.0.1:${this.port}`));
    }, 10_000, 25);
  }

  /** Rows of an admin console command (`SHOW POOLS`, `SHOW SERVERS`…). */
  async show(command: string): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: this.url('pgbouncer') });
    await client.connect();
    try {
      // No parameters: pg sends it with the simple query protocol, the only one the admin console speaks.
      return (await client.query(command)).rows;
    } finally {
      await client.end();
    }
  }

  /** Client connections PgBouncer logged in to `database` so far. */
  clientLogins(database = this.options.database): number {
    return this.lines.filter((l) => l.includes(`login attempt: db=${database} `)).length;
  }

  async destroy(): Promise<void> {
    const proc = this.process;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM'); // "fast exit": closes every client and server connection at once
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
