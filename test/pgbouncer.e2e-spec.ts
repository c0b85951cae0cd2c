/**
 * docket through PgBouncer in transaction mode (issue 20, point 7), as docs/operations.md tells a user to run it:
 * Debian's PgBouncer (1.18 on Debian 12, which does not track prepared statements) with 4 server connections in
 * front of a new database; the BUILT API migrates it directly (MIGRATIONS_DATABASE_URL), then the API and the
 * worker run through the pooler (DATABASE_URL) with DATABASE_PREPARED_STATEMENTS=unnamed. Notices go from intake to
 * the platform's confirmed removal with no 5xx anywhere. With named statements the same run fails almost everywhere
 * (`prepared statement "docket_…" does not exist`), because the pooler hands each transaction any server connection.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, one, setPreparedStatements } from '@docket/database';
import { verifySignature } from '@docket/webhooks';
import { MIGRATIONS } from '../migrations';
import { ADMIN_DATABASE_URL, RUN_PREFIX, databaseUrl, dropDatabase } from './support/databases';
import { notice } from './support/notices';
import { ThrowawayPgBouncer } from './support/pgbouncer';
import { ApiProcess, DocketProcess, HttpResult, call, ensureBuilt, killAll, untilExit } from './support/processes';
import { Receiver } from './support/receiver';
import { ThrowawayRedis } from './support/redis-server';
import { waitFor } from './support/wait-for';

const ADMIN_KEY = `pgbouncer-admin-${randomBytes(16).toString('hex')}`;
const PLATFORM_SECRET = `platform-${randomBytes(12).toString('hex')}`;
const PREFIX = '{docket}';
const POOL_SIZE = 4;
const NOTICES = 50;
const MODERATORS = 5;
const REMOVE = { action: 'remove', ground: 'illegal_content', legalGround: 'StGB §111 (public incitement to crime)', explanation: 'Calls for the killing of a named person.' };

/** Runs `total` calls through `concurrency` parallel clients. */
async function load(total: number, concurrency: number, one: (i: number) => Promise<HttpResult>): Promise<HttpResult[]> {
  const results: HttpResult[] = new Array(total);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      results[i] = await one(i);
    }
  }));
  return results;
}

const statuses = (results: HttpResult[]) =>
  results.reduce<Record<string, number>>((acc, r) => {
    const key = r.error ? `error:${r.error}` : String(r.status);
    acc[key] = (acc[key] ?? 0) + 1;
    return acc;
  }, {});

describe('DATABASE_PREPARED_STATEMENTS, on PostgreSQL directly', () => {
  it.each([
    ['named', ['docket_']],
    ['unnamed', []],
  ] as const)('%s: the connection holds %j prepared statements after a statement', async (mode, expected) => {
    const ds = new DataSource(dataSourceOptions({ url: ADMIN_DATABASE_URL, poolSize: 1, applicationName: 'pgbouncer-e2e' }));
    await ds.initialize();
    try {
      setPreparedStatements(ds, mode);
      const prepared = await ds.transaction(async (tx) => {
        expect(await one(tx, 'SELECT $1::int AS n', [7])).toEqual({ n: 7 });
        // TypeORM's own query() sends this unnamed, on the same connection (the transaction's).
        return (await tx.query('SELECT name FROM pg_prepared_statements')) as { name: string }[];
      });
      expect(prepared.map((p) => p.name.replace(/[0-9a-f]{24}$/, ''))).toEqual(expected);
    } finally {
      await ds.destroy();
    }
  });
});

describe('docket through PgBouncer in transaction mode', () => {
  const database = `${RUN_PREFIX}pgbouncer_${randomBytes(4).toString('hex')}`;
  const cleanups: Array<() => Promise<unknown>> = [];
  const processes: DocketProcess[] = [];
  let bouncer: ThrowawayPgBouncer;

  beforeAll(async () => {
    await ensureBuilt();
  }, 300_000);

  afterAll(async () => {
    await killAll();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await dropDatabase(database);
  });

  it('runs notices from intake to confirmed removal with unnamed statements: no 5xx, every removal signed and confirmed once', async () => {
    const direct = new URL(ADMIN_DATABASE_URL);
    const [redis, platform] = await Promise.all([ThrowawayRedis.start(), Receiver.start()]);
    cleanups.push(() => redis.stop(), () => platform.close());
    bouncer = await ThrowawayPgBouncer.start({
      upstream: { host: direct.hostname, port: Number(direct.port || 5432), user: decodeURIComponent(direct.username || 'postgres') },
      database,
      poolMode: 'transaction',
      poolSize: POOL_SIZE,
    });
    cleanups.push(() => bouncer.destroy());
    // Known to fail with named statements is 1.18 (Debian 12); 1.21+ could track them (max_prepared_statements).
    process.stderr.write(`[pgbouncer e2e] ${ThrowawayPgBouncer.version()}, pool_mode=transaction, default_pool_size=${POOL_SIZE}\n`);

    const env: Record<string, string> = {
      DATABASE_URL: bouncer.url(),
      DATABASE_PREPARED_STATEMENTS: 'unnamed',
      // The database does not exist yet: the API creates and migrates it at boot, directly. PgBouncer serves only
      // this one database, so migrating through it would fail at once (it has no `postgres` database to create from).
      MIGRATIONS_DATABASE_URL: databaseUrl(database),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: PREFIX,
      ADMIN_API_KEY: ADMIN_KEY,
      PLATFORM_WEBHOOK_URL: platform.url,
      PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET,
      LOG_LEVEL: 'info',
      OUTBOX_POLL_MS: '10',
      // Two processes on one host: no metrics listener, so neither takes the other's port.
      METRICS_PORT: '0',
    };
    const db = new Pool({ connectionString: databaseUrl(database), max: 2, application_name: 'pgbouncer-e2e' });
    const triage = new Queue('triage', { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: PREFIX });
    const enforcement = new Queue('enforcement', { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: PREFIX });
    cleanups.push(() => db.end(), () => triage.close(), () => enforcement.close());

    try {
      const api = await ApiProcess.start(env, 'api');
      processes.push(api.proc);
      await api.ready();
      const worker = DocketProcess.start('worker', env, 'worker');
      processes.push(worker);
      await untilExit(worker, waitFor('the worker to take triage jobs', async () => (await triage.getWorkersCount()) >= 1, 30_000, 100));

      // The migrations went directly to PostgreSQL and are all there.
      const { rows: migrations } = await db.query('SELECT count(*)::int AS n FROM migrations');
      expect(migrations[0].n).toBe(MIGRATIONS.length);

      const principal = async (body: Record<string, unknown>) => {
        const res = await call(api.base, 'POST', '/v1/admin/principals', { key: ADMIN_KEY, body: { name: `${body.role} ${randomUUID().slice(0, 8)}`, ...body } });
        expect(res.status).toBe(201);
        return res.body.apiKey as string;
      };
      const reporter = await principal({ role: 'reporter', kind: 'trusted_flagger' });
      const moderators = await Promise.all(Array.from({ length: MODERATORS }, () => principal({ role: 'moderator' })));

      // Intake: 50 notices, 10 at a time.
      const filed = await load(NOTICES, 10, () => call(api.base, 'POST', '/v1/reports', { key: reporter, body: notice() }));
      expect(statuses(filed)).toEqual({ 202: NOTICES });
      const caseIds = filed.map((r) => r.body.caseId as string);
      expect(new Set(caseIds).size).toBe(NOTICES);

      // Triage (worker) puts every case in the queue.
      await untilExit(worker, waitFor('every case to be queued', async () =>
        (await db.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'queued'`)).rows[0].n === NOTICES, 30_000, 50));

      // Five moderators claim and decide at once until nothing is left.
      const claims: HttpResult[] = [];
      const decisions: HttpResult[] = [];
      await Promise.all(moderators.map(async (key) => {
        for (;;) {
          const claim = await call(api.base, 'POST', '/v1/queue/claim', { key, body: {} });
          claims.push(claim);
          if (claim.status !== 200) return;
          decisions.push(await call(api.base, 'POST', `/v1/cases/${claim.body.id}/decision`, { key, body: REMOVE }));
        }
      }));
      expect(statuses(claims)).toEqual({ 200: NOTICES, 204: MODERATORS });
      expect(statuses(decisions)).toEqual({ 200: NOTICES });
      expect(new Set(claims.filter((c) => c.status === 200).map((c) => c.body.id))).toEqual(new Set(caseIds));

      // The worker sends each removal order; the platform's 2xx confirms it.
      await untilExit(worker, waitFor('every removal to be confirmed', async () =>
        (await db.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'removed'`)).rows[0].n === NOTICES, 30_000, 100));

      // What the platform received: one signed order per decision, each with its decision id as the key.
      const decisionIds = decisions.map((d) => d.body.decision.id as string).sort();
      const orders = platform.received.filter((r) => r.body?.type === 'content.remove');
      expect(orders.map((r) => verifySignature(PLATFORM_SECRET, { timestamp: r.headers['x-docket-timestamp'] as string, signature: r.headers['x-docket-signature'] as string }, r.rawBody)))
        .toEqual(orders.map(() => ({ ok: true })));
      expect([...new Set(orders.map((r) => r.headers['idempotency-key']))].sort()).toEqual(decisionIds);
      expect(orders.map((r) => r.body.caseId).sort()).toEqual([...caseIds].sort());

      // What the moderators and the reporter read, through the pooler.
      const cases = await load(NOTICES, 10, (i) => call(api.base, 'GET', `/v1/cases/${caseIds[i]}`, { key: moderators[0] }));
      expect(cases.map((c) => [c.status, c.body.state])).toEqual(caseIds.map(() => [200, 'removed']));
      const reports = await load(NOTICES, 10, (i) => call(api.base, 'GET', `/v1/reports/${filed[i].body.id}`, { key: reporter }));
      expect(reports.map((r) => [r.status, r.body.status])).toEqual(caseIds.map(() => [200, 'removed']));

      expect(await triage.getJobCounts('failed')).toEqual({ failed: 0 });
      expect(await enforcement.getJobCounts('completed', 'failed')).toEqual({ completed: NOTICES, failed: 0 });
      // Nothing went wrong quietly either: no error logged by either process.
      for (const proc of processes) {
        expect([proc.name, proc.lines.filter((l) => /"level":(50|60)|prepared statement/.test(l)).slice(0, 5)]).toEqual([proc.name, []]);
      }

      // It really ran through the pooler, and the pooler really shared its 4 server connections: the API and the
      // worker opened more client connections than there are server connections, and never held more than 4.
      expect(bouncer.clientLogins()).toBeGreaterThan(POOL_SIZE);
      const servers = await bouncer.show('SHOW SERVERS');
      expect(servers.filter((s) => s.database === database).length).toBeLessThanOrEqual(POOL_SIZE);
      const { rows: backends } = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name <> 'pgbouncer-e2e' AND pid <> pg_backend_pid()`, [database]);
      expect(backends[0].n).toBeLessThanOrEqual(POOL_SIZE);
    } catch (err) {
      if (err instanceof Error) {
        const tails = processes.map((p) => `${p.tail(15)}\n--- ${p.name}: errors ---\n${p.lines.filter((l) => /"level":(50|60)/.test(l)).slice(0, 10).join('\n')}`);
        err.message += `\n\n${tails.join('\n')}\n--- pgbouncer ---\n${bouncer?.lines.slice(-15).join('\n') ?? ''}`;
      }
      throw err;
    }
  }, 180_000);
});
