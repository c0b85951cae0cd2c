import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import request from 'supertest';
import { AuditSequencer } from '@docket/audit';
import { Clock } from '@docket/common';
import { AppConfig, loadEnvironment } from '@docket/config';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApp, fastifyAdapter } from '../../apps/api/src/app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createSuiteDatabase, databaseUrl, dropDatabase } from './databases';

export const TEST_ADMIN_KEY = `test-admin-${randomBytes(24).toString('hex')}`;

/** A clock tests can move; by default it follows real time. */
export class TestClock extends Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;
  override now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }
  real(): void {
    this.fixed = null;
    this.offsetMs = 0;
  }
}

export interface DocketOptions {
  env?: Record<string, string>;
  /** Run the worker (relay, processors) in this process too. */
  worker?: boolean;
  /** Over `env`, for the worker only (e.g. its own METRICS_PORT; it has none by default). */
  workerEnv?: Record<string, string>;
}

export interface Docket {
  app: NestFastifyApplication;
  http: () => request.Agent;
  db: Pool;
  clock: TestClock;
  config: AppConfig;
  adminKey: string;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** A provider of the running worker (e.g. its Reconciler, to run a pass now). */
  fromWorker<T>(type: abstract new (...args: never[]) => T): T;
  /** Chains every audit event recorded so far, as the audit routes do before they read. */
  sealAudit(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API (and optionally the worker) against a fresh database copied from
 * the migrated template and a Redis queue prefix of its own.
 */
export async function startDocket(options: DocketOptions = {}): Promise<Docket> {
  const database = await createSuiteDatabase();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(database),
    QUEUE_PREFIX: `{t${randomBytes(5).toString('hex')}}`,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MIGRATIONS_RUN: 'false',
    OUTBOX_POLL_MS: '10',
    // Several suites (and an API beside a worker) run at once: no fixed metrics port. A suite that scrapes sets its own.
    METRICS_PORT: '0',
    // The capacity projection's loop would alert on whatever backlog a long suite leaves; its suite drives it by hand.
    CAPACITY_INTERVAL_MS: '0',
    ...options.env,
  };
  const config = loadEnvironment(env);
  // The worker in this process has a metrics listener of its own: off unless `workerEnv` gives it a port.
  const workerConfig = loadEnvironment({ ...env, METRICS_PORT: '0', ...options.workerEnv });
  const clock = new TestClock();

  const apiModule = await Test.createTestingModule({ imports: [ApiModule] })
    .overrideProvider(AppConfig).useValue(config)
    .overrideProvider(Clock).useValue(clock)
    .compile();
  const app = apiModule.createNestApplication<NestFastifyApplication>(fastifyAdapter(config.TRUST_PROXY), { bufferLogs: true });
  await configureApiApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  let worker: Awaited<ReturnType<ReturnType<typeof Test.createTestingModule>['compile']>> | undefined;
  const startWorker = async () => {
    if (worker) return;
    worker = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(AppConfig).useValue(workerConfig)
      .overrideProvider(Clock).useValue(clock)
      .compile();
    worker.enableShutdownHooks();
    await worker.init();
  };
  const stopWorker = async () => {
    await worker?.close();
    worker = undefined;
  };
  if (options.worker) await startWorker();

  const db = new Pool({ connectionString: config.DATABASE_URL, max: 3 });
  return {
    app,
    http: () => request.agent(app.getHttpServer()),
    db,
    clock,
    config,
    adminKey: TEST_ADMIN_KEY,
    startWorker,
    stopWorker,
    fromWorker(type) {
      if (!worker) throw new Error('the worker is not running');
      return worker.get(type, { strict: false });
    },
    sealAudit: () => app.get(AuditSequencer).sealAll(),
    async close() {
      await stopWorker();
      await app.close();
      await db.end();
      await dropDatabase(database);
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Creates a principal through the API and returns what the admin got back (including its key). */
export async function createPrincipal(
  docket: Docket,
  body: { name?: string; role: string; kind?: string; callbackUrl?: string },
): Promise<{ id: string; apiKey: string; callbackSecret: string; role: string; kind: string | null }> {
  const res = await docket.http().post('/v1/admin/principals').set(bearer(docket.adminKey)).send({ name: `${body.role} ${body.kind ?? ''}`.trim(), ...body });
  if (res.status !== 201) throw new Error(`creating principal failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
