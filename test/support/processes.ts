import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from './redis-server';
import { waitFor } from './wait-for';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '../..');
const ENTRY = { api: 'dist/apps/api/src/main.js', worker: 'dist/apps/worker/src/main.js' } as const;
export type AppName = keyof typeof ENTRY;

/** Newest modification time under the given paths (files and directories, recursively). */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    latest = Math.max(latest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  paths.forEach((p) => visit(join(ROOT, p)));
  return latest;
}

/**
 * Builds the API and the worker (`nest build`) unless both entry points are newer
 * than every source file: the drills run the built programs, as production does.
 * `nest build api` compiles every file of tsconfig.build.json (the worker's too);
 * the worker is built on its own only if that ever stops being true.
 */
export async function ensureBuilt(): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  const sources = newest(['apps', 'libs', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json']);
  const fresh = (app: AppName) => existsSync(join(ROOT, ENTRY[app])) && statSync(join(ROOT, ENTRY[app])).mtimeMs >= sources;
  if (fresh('api') && fresh('worker')) return { built: false, ms: 0 };
  const nest = join(ROOT, 'node_modules/.bin/nest');
  for (const app of ['api', 'worker'] as const) {
    if (fresh(app)) continue;
    try {
      await run(nest, ['build', app], { cwd: ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`nest build ${app} failed: ${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
    }
    if (!fresh(app)) throw new Error(`nest build ${app} did not produce a fresh ${ENTRY[app]}`);
  }
  return { built: true, ms: Date.now() - started };
}

const live = new Set<DocketProcess>();

/** The built API or worker as a child process, its output kept line by line. */
export class DocketProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  exit?: { code: number | null; signal: NodeJS.Signals | null; at: number };
  private readonly child: ChildProcess;

  private constructor(
    readonly name: string,
    readonly app: AppName,
    readonly env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [join(ROOT, ENTRY[app])], {
      cwd: ROOT,
      // Only what the drill sets: nothing of the test runner's environment leaks in. Several processes run at once,
      // so none has a metrics listener (default port 9464) unless the drill gives it a METRICS_PORT of its own.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (this.lines.length < 50_000) this.lines.push(line);
      });
    }
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal, at: Date.now() };
        live.delete(this);
        resolve(this.exit);
      }),
    );
    live.add(this);
  }

  static start(app: AppName, env: Record<string, string>, name: string = app): DocketProcess {
    return new DocketProcess(name, app, env);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  signal(signal: NodeJS.Signals): number {
    this.child.kill(signal);
    return Date.now();
  }

  /** SIGKILL and wait for the exit: for drills, and for cleanup after a failed test. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Log lines as parsed JSON where they are JSON (pino), raw text otherwise. */
  records(): Record<string, unknown>[] {
    return this.lines.map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return { msg: line };
      }
    });
  }

  tail(n = 40): string {
    return `--- ${this.name} (pid ${this.child.pid}${this.exit ? `, exited ${this.exit.code ?? this.exit.signal}` : ''}) ---\n${this.lines.slice(-n).join('\n')}`;
  }
}

/** Kills every process still running (a failed drill leaves none behind). */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill()));
}

/** Output of every process still known, for a failure message. */
export function liveTails(): string {
  return [...live].map((p) => p.tail()).join('\n');
}

/** `waiting`, unless the process exits first: then an error with its output, at once. */
export async function untilExit<T>(proc: DocketProcess, waiting: Promise<T>): Promise<T> {
  const exited = proc.exited.then((exit) => {
    throw new Error(`${proc.name} exited (${exit.code ?? exit.signal}) while we waited for it:\n${proc.tail()}`);
  });
  exited.catch(() => undefined);
  return Promise.race([waiting, exited]);
}

export interface HttpResult {
  status: number;
  body: any;
  headers: Headers | null;
  /** When the call was made (epoch ms) and how long it took. */
  startedAt: number;
  ms: number;
  /** Set when no HTTP answer came: connection refused or reset, or no answer within the timeout (a hang). */
  error?: string;
}

/** One HTTP call with a bound: a request that hangs comes back as an error naming the timeout, never as a stuck test. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const started = Date.now();
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body, headers: res.headers, startedAt: started, ms: Date.now() - started };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { status: 0, body: null, headers: null, startedAt: started, ms: Date.now() - started, error: e.name === 'TimeoutError' ? 'timeout' : e.cause?.code ?? e.message };
  }
}

/** An API process on a spare port, and its base URL once /health answers. */
export class ApiProcess {
  private constructor(
    readonly proc: DocketProcess,
    readonly port: number,
  ) {}

  static async start(env: Record<string, string>, name = 'api'): Promise<ApiProcess> {
    const port = await freePort();
    return new ApiProcess(DocketProcess.start('api', { ...env, PORT: String(port) }, name), port);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Waits until the API serves and both dependencies answer. */
  async ready(timeoutMs = 30_000): Promise<void> {
    await untilExit(this.proc, waitFor(`${this.proc.name} to answer /health with 200`, async () =>
      (await call(this.base, 'GET', '/health', { timeoutMs: 2000 })).status === 200, timeoutMs, 100));
  }
}
