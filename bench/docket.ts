import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { DocketProcess, ProcessGroup, workersListening } from './docket-process';
import { QUEUE_PREFIX, REDIS_URL, benchDatabaseUrl } from './bench-db';

/** Environment of every docket process the bench starts. */
export function docketEnv(extra: { adminKey: string; platformUrl: string; platformSecret: string }): Record<string, string> {
  return {
    DATABASE_URL: benchDatabaseUrl(),
    REDIS_URL,
    QUEUE_PREFIX,
    ADMIN_API_KEY: extra.adminKey,
    PLATFORM_WEBHOOK_URL: extra.platformUrl,
    PLATFORM_WEBHOOK_SECRET: extra.platformSecret,
    // Request logs at info would measure pino, not docket; warnings and errors still reach the log files.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The rate limit is a per-key budget against abuse; the bench is one key sending on purpose.
    RATE_LIMIT_POINTS: '1000000000',
    // A bench moderator decides hundreds of cases a minute, as no person does: the break prompt would stop P9.
    WELLNESS_BREAK_VIOLENT_CASES: '10000',
    WELLNESS_BREAK_MINUTES: '1440',
    // The bench applies migrations itself, once, before starting anything.
    MIGRATIONS_RUN: 'false',
    // N APIs and N workers on one host: a fixed metrics port would collide, and the bench scrapes none.
    METRICS_PORT: '0',
    // P11 measures a bulk decision's work; its grace period (default 120 s) is a hold by policy, set to its minimum.
    BULK_GRACE_SECONDS: '1',
  };
}

export function newAdminKey(): string {
  return `bench-admin-${randomBytes(24).toString('hex')}`;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The docket processes of one configuration: N APIs on their own ports and N
 * workers, all against the bench database and the {bench} Redis prefix.
 */
export class DocketCluster {
  apis: DocketProcess[] = [];
  workers: DocketProcess[] = [];
  private generation = 0;

  constructor(
    private readonly env: Record<string, string>,
    private readonly group: ProcessGroup,
  ) {}

  get urls(): string[] {
    return this.apis.map((a) => a.url);
  }

  get url(): string {
    return this.apis[0].url;
  }

  async startApis(n: number, env: Record<string, string> = {}): Promise<void> {
    this.generation += 1;
    const started: DocketProcess[] = [];
    for (let i = 0; i < n; i++) {
      const port = await freePort();
      started.push(this.group.add(DocketProcess.spawn('api', `api-${this.generation}-${i + 1}`, { ...this.env, ...env }, port)));
    }
    await Promise.all(started.map((p) => p.ready()));
    this.apis.push(...started);
  }

  async startWorkers(n: number, env: Record<string, string> = {}): Promise<void> {
    this.generation += 1;
    for (let i = 0; i < n; i++) {
      this.workers.push(this.group.add(DocketProcess.spawn('worker', `worker-${this.generation}-${i + 1}`, { ...this.env, ...env })));
    }
    // Every worker process runs a triage processor: that queue's worker count tells when all are up.
    await workersListening('triage', this.workers.length);
  }

  async stopApis(): Promise<void> {
    await Promise.all(this.apis.map((p) => p.stop()));
    this.apis = [];
  }

  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.map((p) => p.stop()));
    this.workers = [];
  }

  async stop(): Promise<void> {
    await Promise.all([this.stopApis(), this.stopWorkers()]);
  }
}
