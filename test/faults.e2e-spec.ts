/**
 * Fault drills (issue 7): the BUILT api and worker run as child processes against
 * a PostgreSQL and a Redis of their own (throwaway, on spare ports), which the
 * drills stop, kill and restart. The machine's shared services are never touched.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { DurableRedis } from './support/durable-redis';
import { notice } from './support/notices';
import { ThrowawayPostgres } from './support/postgres-server';
import { ApiProcess, DocketProcess, HttpResult, call, ensureBuilt, killAll, untilExit } from './support/processes';
import { Receiver } from './support/receiver';
import { waitFor } from './support/wait-for';

const ADMIN_KEY = `faults-admin-${randomBytes(16).toString('hex')}`;
const PLATFORM_SECRET = `platform-${randomBytes(12).toString('hex')}`;
const PREFIX = '{docket}';
const REMOVE = { action: 'remove', ground: 'illegal_content', legalGround: 'StGB §111 (public incitement to crime)', explanation: 'Calls for the killing of a named person.' };

interface Stack {
  pg: ThrowawayPostgres;
  redis: DurableRedis;
  db: Pool;
  platform: Receiver;
  env: Record<string, string>;
  apis: ApiProcess[];
  workers: DocketProcess[];
  queue(name: string): Queue;
  startWorker(name?: string): Promise<DocketProcess>;
}

/** FAULTS_TRACE=1 prints when each step of a drill happened (to see where a drill spends its time). */
let drillStarted = Date.now();
const trace = (step: string) => process.env.FAULTS_TRACE && process.stderr.write(`[faults +${Date.now() - drillStarted} ms] ${step}\n`);

/** Cleanups of the running drill, run after it whatever its outcome (last registered first). */
let cleanups: Array<() => Promise<unknown>> = [];
/** Every process a drill started, for the failure message. */
let started: DocketProcess[] = [];

async function startStack(options: { apis?: number; workers?: number; env?: Record<string, string> } = {}): Promise<Stack> {
  const [pg, redis, platform] = await Promise.all([ThrowawayPostgres.start(), DurableRedis.start(), Receiver.start()]);
  trace('postgres and redis up');
  cleanups.push(() => pg.destroy(), () => redis.destroy(), () => platform.close());
  const env: Record<string, string> = {
    DATABASE_URL: pg.url(),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: PREFIX,
    ADMIN_API_KEY: ADMIN_KEY,
    PLATFORM_WEBHOOK_URL: platform.url,
    PLATFORM_WEBHOOK_SECRET: PLATFORM_SECRET,
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '10',
    ...options.env,
  };
  const queues = new Map<string, Queue>();
  const db = pg.pool();
  cleanups.push(async () => {
    await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
    await db.end().catch(() => undefined);
  });
  const stack: Stack = {
    pg, redis, db, platform, env, apis: [], workers: [],
    queue(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: PREFIX });
        q.on('error', () => undefined);
        queues.set(name, q);
      }
      return q;
    },
    async startWorker(name = `worker-${stack.workers.length + 1}`) {
      const worker = DocketProcess.start('worker', env, name);
      started.push(worker);
      stack.workers.push(worker);
      const expected = stack.workers.filter((w) => w.running).length;
      // A worker is up once its BullMQ workers are registered in Redis (as many as worker processes run).
      await untilExit(worker, waitFor(`${name} to take triage jobs`, async () => (await stack.queue('triage').getWorkersCount()) >= expected, 30_000, 100));
      return worker;
    },
  };
  // Every API at once: with a fresh server they race to create the database and migrate it.
  stack.apis = await Promise.all(Array.from({ length: options.apis ?? 1 }, (_, i) => ApiProcess.start(env, `api-${i + 1}`)));
  started.push(...stack.apis.map((a) => a.proc));
  await Promise.all(stack.apis.map((a) => a.ready()));
  trace('apis ready');
  await Promise.all(Array.from({ length: options.workers ?? 1 }, () => stack.startWorker()));
  trace('workers ready');
  return stack;
}

async function principal(api: ApiProcess, body: Record<string, unknown>): Promise<string> {
  const res = await call(api.base, 'POST', '/v1/admin/principals', { key: ADMIN_KEY, body: { name: `${body.role} ${randomUUID().slice(0, 8)}`, ...body } });
  if (res.status !== 201) throw new Error(`creating a principal failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.apiKey;
}

async function count(db: Pool, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query(sql, params)).rows[0].n;
}

const states = async (db: Pool): Promise<Record<string, number>> =>
  Object.fromEntries((await db.query(`SELECT state, count(*)::int AS n FROM cases GROUP BY state`)).rows.map((r) => [r.state, r.n]));

/** case.queued audit events (chained or still pending) per case: triage moved the case into the queue exactly once when every count is 1. */
async function queuedEvents(db: Pool): Promise<Map<string, number>> {
  const { rows } = await db.query(`SELECT subject_id AS id, count(*)::int AS n FROM audit_trail WHERE action = 'case.queued' GROUP BY subject_id`);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** The cases named by the triage queue's completed jobs (one job per intake transaction), in job order. */
async function triagedCases(stack: Stack): Promise<string[]> {
  const jobs = await stack.queue('triage').getJobs(['completed'], 0, -1);
  return jobs.flatMap((job) => job.data.caseIds as string[]);
}

/** The outbox is empty and these queues hold no job that could still run: nothing more will happen by itself. */
async function settled(stack: Stack, queues: string[], timeoutMs: number): Promise<void> {
  await waitFor(`the outbox and the ${queues.join(', ')} queues to drain`, async () => {
    if ((await count(stack.db, 'SELECT count(*)::int AS n FROM outbox')) > 0) return false;
    for (const name of queues) {
      const c = await stack.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  }, timeoutMs, 100);
}

/** The contract's error shape: `{statusCode, error, message}` (and `errors` for validation only). */
function isErrorShape(res: HttpResult): boolean {
  const b = res.body;
  return b !== null && typeof b === 'object' && b.statusCode === res.status && typeof b.error === 'string' && typeof b.message === 'string' && b.message.length > 0;
}

const summary = (results: HttpResult[]) =>
  results.reduce<Record<string, number>>((acc, r) => {
    const key = r.error ? `error:${r.error}` : String(r.status);
    acc[key] = (acc[key] ?? 0) + 1;
    return acc;
  }, {});

/** Runs `total` calls through `concurrency` parallel clients; `onDone` sees how many have answered. */
async function load(total: number, concurrency: number, one: (i: number) => Promise<HttpResult>, onDone?: (done: number) => void): Promise<HttpResult[]> {
  const results: HttpResult[] = new Array(total);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await one(i);
        onDone?.(++done);
      }
    }),
  );
  return results;
}

/** Sends the signal and waits (bounded) for the exit; how long it took, and how the process ended (null: still running). */
async function signalAndWait(proc: DocketProcess, signal: NodeJS.Signals, boundMs: number) {
  const sent = proc.signal(signal);
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([proc.exited, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), boundMs)))]);
  clearTimeout(timer);
  return exit && { afterMs: exit.at - sent, code: exit.code, signal: exit.signal, sent };
}

/** Adds the output of the drill's processes to a failure, so a red drill says what the programs did. */
function drill(name: string, timeoutMs: number, body: () => Promise<void>): void {
  it(name, async () => {
    drillStarted = Date.now();
    try {
      await body();
    } catch (err) {
      const tails = started.map((p) => `${p.tail(15)}\n--- ${p.name}: errors ---\n${p.lines.filter((l) => /"level":(50|60)/.test(l)).slice(0, 10).join('\n')}`).join('\n');
      if (err instanceof Error) err.message += `\n\n${tails}`;
      throw err;
    }
  }, timeoutMs);
}

describe('fault drills against the built api and worker processes', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 300_000);

  afterEach(async () => {
    await killAll();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups = [];
    started = [];
  });

  drill('Redis stopped while 1 000 reports arrive, then restarted: each is accepted or refused clearly, and every accepted one is triaged exactly once', 120_000, async () => {
    // A triage job active when Redis went away stays active until the stalled-job check takes it back: with the
    // default 30 s lock that can be 30 to 90 s after the restart, longer than the drain is given (a CI run saw it).
    const stack = await startStack({ env: { JOB_LOCK_MS: '5000' } });
    const [api] = stack.apis;
    const reporter = await principal(api, { role: 'reporter', kind: 'trusted_flagger' });

    const TOTAL = 1000;
    const outage = { stopped: 0, restarted: 0 };
    let answered = 0;
    const control = (async () => {
      await waitFor('150 reports answered before the outage', () => answered >= 150, 30_000, 5);
      await stack.redis.stop();
      outage.stopped = Date.now();
      const health = await call(api.base, 'GET', '/health');
      expect({ status: health.status, body: health.body }).toEqual({ status: 503, body: { status: 'error', checks: { database: 'up', redis: 'down' } } });
      await waitFor('800 reports answered, most of them with Redis down', () => answered >= 800, 60_000, 5);
      await stack.redis.start();
      outage.restarted = Date.now();
    })();
    const results = await load(TOTAL, 25, () => call(api.base, 'POST', '/v1/reports', { key: reporter, body: notice(), timeoutMs: 10_000 }), (n) => (answered = n));
    await control;
    // The outage really was under load: hundreds of reports were sent and answered while Redis was down.
    const duringOutage = results.filter((r) => r.startedAt >= outage.stopped && r.startedAt + r.ms <= outage.restarted);
    expect(duringOutage.length).toBeGreaterThan(300);

    // Accepted (202) or refused clearly (a 5xx in the error shape); never a hang, a reset or a bare 500.
    const unclear = results.filter((r) => r.status !== 202 && !(r.status === 503 && isErrorShape(r)));
    expect({ unclear: unclear.slice(0, 5), summary: summary(results) }).toEqual({ unclear: [], summary: expect.any(Object) });
    const accepted = results.filter((r) => r.status === 202).map((r) => r.body as { id: string; caseId: string });

    // Nothing refused was stored, nothing accepted is missing, and each report opened its own case.
    const stored = (await stack.db.query('SELECT id::text, case_id::text AS "caseId" FROM reports')).rows;
    expect(stored.map((r) => r.id).sort()).toEqual(accepted.map((r) => r.id).sort());
    expect(new Set(accepted.map((r) => r.caseId)).size).toBe(accepted.length);

    // Redis is back: every accepted case is triaged into the queue, once.
    await waitFor('every accepted case to be queued', async () => (await states(stack.db)).queued === accepted.length, 60_000, 100);
    await settled(stack, ['triage'], 30_000);
    expect(await states(stack.db)).toEqual({ queued: accepted.length });
    const events = await queuedEvents(stack.db);
    expect([...events.keys()].sort()).toEqual(accepted.map((r) => r.caseId).sort());
    expect([...events.values()].filter((n) => n !== 1)).toEqual([]);
    // Each accepted case was in exactly one triage job, and every job completed.
    expect(await stack.queue('triage').getJobCounts('failed')).toEqual({ failed: 0 });
    expect((await triagedCases(stack)).sort()).toEqual(accepted.map((r) => r.caseId).sort());
  });

  drill('the worker killed (SIGKILL) in the middle of triage and enforcement, then started again: every job completes, no case is stuck, no second logical removal', 120_000, async () => {
    // A dead worker's jobs go to another once their lock has expired and two stalled checks have run:
    // with a 5 s lock that is 5 to 15 s (with the default 30 s lock, 30 to 90 s).
    const stack = await startStack({ env: { JOB_LOCK_MS: '5000' } });
    const [api] = stack.apis;
    const [reporter, moderator, auditor] = await Promise.all([
      principal(api, { role: 'reporter', kind: 'hosting_provider' }),
      principal(api, { role: 'moderator' }),
      principal(api, { role: 'auditor' }),
    ]);
    // The platform answers slowly, so removal orders are in flight when the worker dies.
    stack.platform.delayMs = 1500;

    const DECIDED = 40;
    const first = await call(api.base, 'POST', '/v1/reports/batch', { key: reporter, body: { reports: Array.from({ length: DECIDED }, () => notice()) } });
    expect(first.status).toBe(202);
    await waitFor('the first cases to be queued', async () => (await states(stack.db)).queued === DECIDED, 30_000, 50);
    const claimed: string[] = [];
    for (let i = 0; i < DECIDED; i++) {
      const claim = await call(api.base, 'POST', '/v1/queue/claim', { key: moderator, body: {} });
      expect(claim.status).toBe(200);
      claimed.push(claim.body.id);
    }
    // The removals, then a triage backlog: both are under way when the worker is killed (the platform holds each
    // order 1.5 s; the worker triages 500 cases in well under a second, so the kill follows the last batch at once).
    const decided = await Promise.all(claimed.map((id) => call(api.base, 'POST', `/v1/cases/${id}/decision`, { key: moderator, body: REMOVE })));
    expect(decided.map((d) => d.status)).toEqual(claimed.map(() => 200));
    await waitFor('removal orders to reach the platform', () => stack.platform.received.length > 0, 30_000, 5);
    const BACKLOG = 1000;
    for (let b = 0; b < BACKLOG / 500; b++) {
      const batch = await call(api.base, 'POST', '/v1/reports/batch', { key: reporter, body: { reports: Array.from({ length: 500 }, () => notice()) } });
      expect(batch.status).toBe(202);
    }
    await stack.workers[0].kill();
    trace('worker-1 killed');

    const atKill = await states(stack.db);
    const deliveredAtKill = stack.platform.received.length;
    // The kill did land in the middle of both: triage left undone, removals sent but not confirmed.
    expect(atKill.received ?? 0).toBeGreaterThan(0);
    expect(atKill.removing ?? 0).toBeGreaterThan(0);

    await stack.startWorker('worker-2');
    trace('worker-2 up');
    await waitFor('every case to be triaged and every removal confirmed', async () => {
      const s = await states(stack.db);
      return s.removed === DECIDED && s.queued === BACKLOG;
    }, 60_000, 250);
    trace('all done');
    await settled(stack, ['triage', 'enforcement'], 30_000);

    expect(await states(stack.db)).toEqual({ queued: BACKLOG, removed: DECIDED });
    const events = await queuedEvents(stack.db);
    expect(events.size).toBe(DECIDED + BACKLOG);
    expect([...events.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await stack.queue('triage').getJobCounts('failed')).toEqual({ failed: 0 });
    const triaged = await triagedCases(stack);
    expect({ cases: triaged.length, distinct: new Set(triaged).size }).toEqual({ cases: DECIDED + BACKLOG, distinct: DECIDED + BACKLOG });
    expect(await stack.queue('enforcement').getJobCounts('completed', 'failed')).toEqual({ completed: DECIDED, failed: 0 });

    // The platform: orders cut off by the kill came again, each with its decision id as the key;
    // one logical removal per decision.
    const decisions = (await stack.db.query(`SELECT id::text FROM decisions WHERE action = 'remove'`)).rows.map((r) => r.id).sort();
    expect(decisions).toHaveLength(DECIDED);
    const orders = stack.platform.received.filter((r) => r.body?.type === 'content.remove');
    expect(orders.every((r) => r.headers['idempotency-key'] === r.body.decisionId)).toBe(true);
    expect([...new Set(orders.map((r) => r.headers['idempotency-key']))].sort()).toEqual(decisions);
    expect(orders.length).toBeGreaterThan(DECIDED); // some were delivered twice: the drill did cut deliveries off
    expect(deliveredAtKill).toBeLessThan(orders.length);
    expect(await count(stack.db, `SELECT count(*)::int AS n FROM audit_trail WHERE action = 'case.removed'`)).toBe(DECIDED);

    const verify = await call(api.base, 'GET', '/v1/audit/verify', { key: auditor });
    expect(verify.body).toEqual({ ok: true, events: expect.any(Number) });
  });

  drill('PostgreSQL restarted under load: the API answers 503 while it is gone, recovers by itself, and loses nothing it accepted', 120_000, async () => {
    const stack = await startStack();
    const [api] = stack.apis;
    const [reporter, auditor] = await Promise.all([principal(api, { role: 'reporter', kind: 'authority' }), principal(api, { role: 'auditor' })]);

    // Load: reporters filing (each with its own Idempotency-Key, so a refused notice can be sent again),
    // an auditor reading an export, and the health probe.
    type Sent = HttpResult & { route: string; key?: string; notice?: unknown };
    const results: Sent[] = [];
    let running = true;
    const loops = [
      ...Array.from({ length: 8 }, async () => {
        while (running) {
          const key = randomUUID();
          const body = notice();
          results.push({ ...(await call(api.base, 'POST', '/v1/reports', { key: reporter, body, headers: { 'Idempotency-Key': key } })), route: 'report', key, notice: body });
        }
      }),
      (async () => {
        while (running) results.push({ ...(await call(api.base, 'GET', '/v1/audit/response-times?groupBy=category', { key: auditor })), route: 'export' });
      })(),
      (async () => {
        while (running) {
          results.push({ ...(await call(api.base, 'GET', '/health')), route: 'health' });
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
    ];
    const since = (t: number, route: string) => results.filter((r) => r.route === route && r.startedAt >= t);
    try {
      await waitFor('100 reports accepted before the outage', () => since(0, 'report').filter((r) => r.status === 202).length >= 100, 30_000, 10);
      await stack.pg.stop('fast');
      const stopped = Date.now();
      // Stopped, and stays stopped while the load goes on: reports and exports are refused, the API stays up.
      await waitFor('50 reports and 5 exports answered while PostgreSQL is down', () =>
        since(stopped, 'report').length >= 50 && since(stopped, 'export').length >= 5 && since(stopped, 'health').length >= 5, 30_000, 10);
      const restarting = Date.now();
      await stack.pg.start();
      const restarted = Date.now();
      await waitFor('the API to accept reports again by itself', () => since(restarted, 'report').filter((r) => r.status === 202).length >= 50, 30_000, 10);
      await waitFor('health to be 200 again', () => since(restarted, 'health').some((r) => r.status === 200), 30_000, 10);
      running = false;
      await Promise.all(loops);

      expect(api.proc.running).toBe(true);
      // Never a hang, a dropped connection or a 500: every answer is a success or a clear 503.
      const unclear = results.filter((r) => !(r.status >= 200 && r.status < 300) && !(r.status === 503 && (r.route === 'health' || isErrorShape(r))));
      expect({ unclear: unclear.slice(0, 5).map(({ route, status, body, error, ms }) => ({ route, status, body, error, ms })), summary: summary(results) })
        .toEqual({ unclear: [], summary: expect.any(Object) });
      const refused = results.filter((r) => r.status === 503 && r.route !== 'health');
      expect(refused.every((r) => r.headers?.get('retry-after') === '5')).toBe(true);
      // While it was gone (the requests made between the stop and the start): refused, every one, promptly.
      const whileDown = results.filter((r) => r.startedAt >= stopped && r.startedAt + r.ms <= restarting);
      expect(whileDown.filter((r) => r.route !== 'health').map((r) => r.status)).toEqual(whileDown.filter((r) => r.route !== 'health').map(() => 503));
      expect(whileDown.filter((r) => r.route === 'health').map((r) => [r.status, r.body?.checks?.database])).toEqual(
        whileDown.filter((r) => r.route === 'health').map(() => [503, 'down']));
      expect(whileDown.filter((r) => r.route === 'report').length).toBeGreaterThanOrEqual(20);
      expect(whileDown.filter((r) => r.route === 'export').length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...whileDown.map((r) => r.ms))).toBeLessThan(3000);

      // Nothing accepted is lost; what was refused can be sent again with its key, and is then stored once.
      const reports = results.filter((r) => r.route === 'report');
      const accepted = reports.filter((r) => r.status === 202);
      const stored = new Set((await stack.db.query('SELECT id::text FROM reports')).rows.map((r) => r.id));
      expect(accepted.filter((r) => !stored.has(r.body.id))).toEqual([]);
      const resent = await load(refused.filter((r) => r.route === 'report').length, 8, (i) => {
        const r = refused.filter((x) => x.route === 'report')[i];
        return call(api.base, 'POST', '/v1/reports', { key: reporter, body: r.notice, headers: { 'Idempotency-Key': r.key! } });
      });
      expect(resent.filter((r) => r.status !== 202 && r.status !== 200)).toEqual([]);
      expect(stored.size + resent.filter((r) => r.status === 202).length).toBe(reports.filter((r) => r.status === 202 || r.status === 503).length);
      const total = await count(stack.db, 'SELECT count(*)::int AS n FROM reports');
      expect(total).toBe(new Set(reports.map((r) => r.key)).size);
      // And the worker came back too: every report is triaged into the queue.
      await waitFor('every case to be queued', async () => (await states(stack.db)).queued === total, 60_000, 250);
    } finally {
      running = false;
      await Promise.all(loops);
    }
  });

  drill('SIGTERM during load: requests and jobs in flight finish, and each process exits within SHUTDOWN_GRACE_MS', 120_000, async () => {
    const GRACE_MS = 8000; // room for a clean shutdown under load on 2 shared cores
    const MARGIN_MS = 2000; // process teardown after the grace period, on a loaded machine
    // Each single notice waits 200 ms for company (group commit), so every request is in flight for a while.
    const stack = await startStack({ apis: 3, env: { SHUTDOWN_GRACE_MS: String(GRACE_MS), INTAKE_GROUP_COMMIT_MS: '200' } });
    const [api, api2, api3] = stack.apis;
    const [reporter, moderator] = await Promise.all([principal(api, { role: 'reporter', kind: 'user' }), principal(api, { role: 'moderator' })]);

    // 1. The API under load.
    const results: HttpResult[] = [];
    const pending = new Set<number>();
    let running = true;
    let seq = 0;
    const loops = Array.from({ length: 20 }, async () => {
      while (running) {
        const id = seq++;
        pending.add(id);
        const r = await call(api.base, 'POST', '/v1/reports', { key: reporter, body: notice(), timeoutMs: 15_000 });
        pending.delete(id);
        results.push(r);
        // Once the server is gone, stop knocking.
        if (r.error && !api.proc.running) break;
      }
    });
    await waitFor('100 reports accepted', () => results.filter((r) => r.status === 202).length >= 100, 30_000, 10);
    const inFlight = pending.size;
    const exit = await signalAndWait(api.proc, 'SIGTERM', GRACE_MS + 10_000);
    running = false;
    await Promise.all(loops);
    expect(exit).not.toBeNull();
    expect(exit!.afterMs).toBeLessThan(GRACE_MS + MARGIN_MS);
    // Known defect: under continuous keep-alive load Nest's close does not always complete on its own, and the
    // grace timer ends the process (exit 1). What the operator relies on holds either way: every request sent
    // before the signal was answered (below) and the process is gone within the grace period (above).
    expect(exit!.code === 0 || exit!.code === 1 || exit!.signal === 'SIGTERM').toBe(true);
    const signalled = exit!.sent;
    expect(inFlight).toBeGreaterThan(0);
    // Everything sent before the signal was answered 202; after it, a refusal at most (never a 500, never a hang).
    const before = results.filter((r) => r.startedAt < signalled);
    expect(summary(before)).toEqual({ 202: before.length });
    const after = results.filter((r) => r.startedAt >= signalled);
    expect(after.filter((r) => !(r.status === 202 || (r.status === 503 && isErrorShape(r)) || (r.error && r.error !== 'timeout')))).toEqual([]);
    const stored = new Set((await stack.db.query('SELECT id::text FROM reports')).rows.map((r) => r.id));
    expect(results.filter((r) => r.status === 202 && !stored.has(r.body.id))).toEqual([]);

    trace('api-1 stopped');
    // 2. An API whose requests cannot finish (every audited write waits on a lock the test holds) still exits in time.
    const lock = await stack.db.connect();
    let stuck: Promise<HttpResult[]> | undefined;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE audit_pending IN EXCLUSIVE MODE');
      const stuckNotices = Array.from({ length: 10 }, () => notice());
      stuck = Promise.all(stuckNotices.map((body) => call(api2.base, 'POST', '/v1/reports', { key: reporter, body, timeoutMs: GRACE_MS + 10_000 })));
      await waitFor('intake to wait on the audit log lock', async () =>
        (await count(stack.db, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'docket'`)) > 0, 10_000, 20);
      const exit2 = await signalAndWait(api2.proc, 'SIGTERM', GRACE_MS + 10_000);
      expect(exit2?.afterMs).toBeLessThan(GRACE_MS + MARGIN_MS);
      await lock.query('ROLLBACK');
      // None of them was told 202, and none was stored: their transactions died with the process.
      const answers = await stuck;
      expect(answers.filter((r) => r.status === 202)).toEqual([]);
      expect(await count(stack.db, `SELECT count(*)::int AS n FROM reports WHERE post_id = ANY($1)`, [stuckNotices.map((n) => n.post.id)])).toBe(0);
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      lock.release();
      await stuck;
    }

    trace('api-2 stopped');
    // 3. The worker with removal orders in flight: they finish (the platform answers within the grace period), then it exits 0.
    stack.platform.delayMs = 1500;
    const filed = await call(api3.base, 'POST', '/v1/reports/batch', { key: reporter, body: { reports: Array.from({ length: 10 }, () => notice()) } });
    expect(filed.status).toBe(202);
    const caseIds: string[] = filed.body.items.map((r: { caseId: string }) => r.caseId);
    await waitFor('the cases to be queued', async () =>
      (await count(stack.db, `SELECT count(*)::int AS n FROM cases WHERE state = 'queued' AND id = ANY($1)`, [caseIds])) === 10, 30_000, 50);
    for (let i = 0; i < 10; i++) {
      const claim = await call(api3.base, 'POST', '/v1/queue/claim', { key: moderator, body: {} });
      expect(claim.status).toBe(200);
      expect((await call(api3.base, 'POST', `/v1/cases/${claim.body.id}/decision`, { key: moderator, body: REMOVE })).status).toBe(200);
    }
    await waitFor('removal orders in flight', () => stack.platform.received.length > 0, 30_000, 5);
    trace('removal orders in flight');
    const [worker] = stack.workers;
    const deliveredAtSignal = stack.platform.received.length;
    const exit3 = await signalAndWait(worker, 'SIGTERM', GRACE_MS + 10_000);
    expect(exit3?.afterMs).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(exit3?.code).toBe(0);
    // Each order delivered before the signal was confirmed before the worker left.
    expect(await count(stack.db, `SELECT count(*)::int AS n FROM cases WHERE state = 'removed'`)).toBeGreaterThanOrEqual(deliveredAtSignal);

    trace('worker-1 stopped');
    // The next worker does the rest, and no order is sent twice: nothing was cut off.
    await stack.startWorker('worker-2');
    await waitFor('every removal to be confirmed', async () => (await count(stack.db, `SELECT count(*)::int AS n FROM cases WHERE state = 'removed'`)) === 10, 30_000, 50);
    const orders = stack.platform.received.filter((r) => r.body?.type === 'content.remove');
    expect(orders).toHaveLength(10);
    expect(new Set(orders.map((r) => r.headers['idempotency-key'])).size).toBe(10);
  });

  drill('two API processes and two worker processes at once: no double claim, no double enforcement, and the totals add up', 120_000, async () => {
    // Both APIs start together against a fresh server: they race to create the database and to migrate it.
    const stack = await startStack({ apis: 2, workers: 2 });
    const [api1, api2] = stack.apis;
    const [providerKey, flaggerKey, auditor, ...moderators] = await Promise.all([
      principal(api1, { role: 'reporter', kind: 'hosting_provider' }),
      principal(api2, { role: 'reporter', kind: 'trusted_flagger' }),
      principal(api1, { role: 'auditor' }),
      ...Array.from({ length: 6 }, (_, i) => principal(i % 2 ? api2 : api1, { role: 'moderator' })),
    ]);

    // Every post is reported twice at the same moment, once through each API: one case per post.
    const POSTS = 150;
    const postIds = Array.from({ length: POSTS }, () => `two-procs-${randomUUID()}`);
    const filed = await load(POSTS * 2, 24, (i) => {
      const [api, key] = i % 2 ? [api2, flaggerKey] : [api1, providerKey];
      return call(api.base, 'POST', '/v1/reports', { key, body: notice({}, { id: postIds[Math.floor(i / 2)] }) });
    });
    trace('all filed');
    expect(summary(filed)).toEqual({ 202: POSTS * 2 });
    const caseOf = new Map<string, Set<string>>();
    filed.forEach((r, i) => caseOf.set(postIds[Math.floor(i / 2)], (caseOf.get(postIds[Math.floor(i / 2)]) ?? new Set()).add(r.body.caseId)));
    expect([...caseOf.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    await waitFor('every case to be queued', async () => (await states(stack.db)).queued === POSTS, 30_000, 100);
    trace('all queued');

    // Six moderators on two APIs claim and decide until the queue is empty; every third case is no violation.
    const claims: { caseId: string; moderator: number }[] = [];
    const decisions: HttpResult[] = [];
    await Promise.all(moderators.map(async (key, m) => {
      for (let turn = 0; ; turn++) {
        const api = (m + turn) % 2 ? api2 : api1;
        const claim = await call(api.base, 'POST', '/v1/queue/claim', { key, body: {} });
        if (claim.status === 204) return;
        if (claim.status !== 200) throw new Error(`claim answered ${claim.status} ${JSON.stringify(claim.body)}`);
        claims.push({ caseId: claim.body.id, moderator: m });
        const body = claims.length % 3 === 0 ? { action: 'no_violation', explanation: 'Satire, not a call to violence.' } : REMOVE;
        decisions.push(await call(((m + turn + 1) % 2 ? api2 : api1).base, 'POST', `/v1/cases/${claim.body.id}/decision`, { key, body }));
      }
    }));
    trace('all decided');
    expect(claims).toHaveLength(POSTS);
    expect(new Set(claims.map((c) => c.caseId)).size).toBe(POSTS); // no case was claimed twice
    expect(new Set(claims.map((c) => c.moderator)).size).toBeGreaterThan(1);
    expect(summary(decisions)).toEqual({ 200: POSTS });

    const removals = (await stack.db.query(`SELECT id::text FROM decisions WHERE action = 'remove'`)).rows.map((r) => r.id).sort();
    await waitFor('every removal to be confirmed', async () => ((await states(stack.db)).removed ?? 0) === removals.length, 30_000, 100);
    await settled(stack, ['triage', 'enforcement', 'notify'], 30_000);
    trace('settled');

    // Totals: every notice stored once, one case per post, one decision per case, each case closed once.
    expect(await count(stack.db, 'SELECT count(*)::int AS n FROM reports')).toBe(POSTS * 2);
    expect(await count(stack.db, 'SELECT count(*)::int AS n FROM cases WHERE report_count = 2')).toBe(POSTS);
    expect(await count(stack.db, 'SELECT count(DISTINCT case_id)::int AS n FROM decisions')).toBe(POSTS);
    expect(await count(stack.db, 'SELECT count(*)::int AS n FROM decisions')).toBe(POSTS);
    expect(await states(stack.db)).toEqual({ removed: removals.length, no_violation: POSTS - removals.length });
    expect(removals.length).toBe(POSTS - Math.floor(POSTS / 3));
    const events = (await stack.db.query(`SELECT action, count(*)::int AS n, count(DISTINCT subject_id)::int AS cases FROM audit_trail
      WHERE action IN ('case.queued', 'case.claimed', 'case.decided', 'case.removed') GROUP BY action ORDER BY action`)).rows;
    expect(events).toEqual([
      { action: 'case.claimed', n: POSTS, cases: POSTS },
      { action: 'case.decided', n: POSTS, cases: POSTS },
      { action: 'case.queued', n: POSTS, cases: POSTS },
      { action: 'case.removed', n: removals.length, cases: removals.length },
    ]);
    // The platform got exactly one order per removal decision, keyed by it: nothing enforced twice.
    const orders = stack.platform.received.filter((r) => r.body?.type === 'content.remove');
    expect(orders.map((r) => r.headers['idempotency-key']).sort()).toEqual(removals);
    // Four processes appended to one audit chain, and it verifies.
    expect((await call(api2.base, 'GET', '/v1/audit/verify', { key: auditor })).body).toEqual({ ok: true, events: expect.any(Number) });
  });
  drill('Redis loses everything (FLUSHALL) with deadline timers pending and removals in flight: every warning and breach fires within one reconcile period of its time, each removal is confirmed once, nothing stays stuck', 120_000, async () => {
    const RECONCILE_MS = 1000;
    const stack = await startStack({ env: { RECONCILE_INTERVAL_MS: String(RECONCILE_MS), STUCK_AFTER_SECONDS: '2', WEBHOOK_BACKOFF_MS: '1000', JOB_LOCK_MS: '5000' } });
    const [api] = stack.apis;
    const [reporter, moderator, auditor] = await Promise.all([
      principal(api, { role: 'reporter', kind: 'hosting_provider' }),
      principal(api, { role: 'moderator' }),
      principal(api, { role: 'auditor' }),
    ]);
    // Deadlines short enough to pass during the drill: warnings 10 s after the notice, breaches 20 s after.
    const policy = { rules: [{ when: { categories: ['STATEMENT_CATEGORY_VIOLENCE'] }, windowSeconds: 20 }], defaultWindowSeconds: 604800, warnAtFraction: 0.5 };
    expect((await call(api.base, 'PUT', '/v1/admin/deadline-policy', { key: ADMIN_KEY, body: policy })).status).toBe(200);
    // The platform is down: removal orders fail and wait in Redis for their retry.
    stack.platform.respond = () => 503;

    const CASES = 24;
    const DECIDED = 8;
    const filed = await call(api.base, 'POST', '/v1/reports/batch', { key: reporter, body: { reports: Array.from({ length: CASES }, () => notice()) } });
    expect(filed.status).toBe(202);
    await waitFor('every case to be queued', async () => (await states(stack.db)).queued === CASES, 30_000, 50);
    const decided: string[] = [];
    for (let i = 0; i < DECIDED; i++) {
      const claim = await call(api.base, 'POST', '/v1/queue/claim', { key: moderator, body: {} });
      expect((await call(api.base, 'POST', `/v1/cases/${claim.body.id}/decision`, { key: moderator, body: REMOVE })).status).toBe(200);
      decided.push(claim.body.id);
    }
    await waitFor('every removal order to fail once', () => new Set(stack.platform.received.map((r) => r.body?.caseId)).size === DECIDED, 30_000, 20);
    // Redis holds the timers and the removals' retries; then it loses them all.
    expect((await stack.queue('deadlines').getJobCounts('delayed')).delayed).toBeGreaterThan(0);
    const retries = await stack.queue('enforcement').getJobCounts('delayed', 'active', 'waiting');
    expect(retries.delayed + retries.active + retries.waiting).toBeGreaterThan(0);
    const redis = new Redis(stack.redis.url);
    try {
      await redis.flushall();
    } finally {
      redis.disconnect();
    }
    const flushedAt = Date.now();
    trace('redis flushed');
    expect(await stack.queue('deadlines').getJobCounts('delayed', 'waiting', 'active')).toEqual({ delayed: 0, waiting: 0, active: 0 });
    stack.platform.respond = () => 200;

    const cases = (await stack.db.query(
      `SELECT id::text, first_reported_at AS "firstReportedAt", due_at AS "dueAt" FROM cases`)).rows as { id: string; firstReportedAt: Date; dueAt: Date }[];
    const undecided = cases.filter((c) => !decided.includes(c.id));
    const warnAt = (c: { firstReportedAt: Date; dueAt: Date }) => c.firstReportedAt.getTime() + (c.dueAt.getTime() - c.firstReportedAt.getTime()) * policy.warnAtFraction;
    // The flush came before any warning was due: every alarm below is the reconciler's.
    expect(flushedAt).toBeLessThan(Math.min(...undecided.map(warnAt)));

    await waitFor('every removal confirmed and every undecided case breached', async () => {
      const s = await states(stack.db);
      return s.removed === DECIDED && (await count(stack.db, `SELECT count(*)::int AS n FROM cases WHERE breached_at IS NOT NULL`)) === CASES - DECIDED;
    }, 60_000, 100);
    await settled(stack, ['triage', 'enforcement', 'deadlines'], 30_000);
    trace('settled');

    // Each alarm once, and within one reconcile period of its time (plus the pass itself), never before it.
    const alarms = (await stack.db.query(
      `SELECT subject_id AS id, action, occurred_at AS at FROM audit_trail WHERE action IN ('case.deadline_warning', 'case.breached')`)).rows as { id: string; action: string; at: Date }[];
    const lateness = (action: string, due: (c: typeof cases[number]) => number) => undecided.map((c) => {
      const fired = alarms.filter((a) => a.id === c.id && a.action === action);
      return fired.length === 1 ? fired[0].at.getTime() - due(c) : `fired ${fired.length} times`;
    });
    const onTime = (l: number | string) => typeof l === 'number' && l >= 0 && l <= RECONCILE_MS + 1000;
    expect(lateness('case.deadline_warning', warnAt).filter((l) => !onTime(l))).toEqual([]);
    expect(lateness('case.breached', (c) => c.dueAt.getTime()).filter((l) => !onTime(l))).toEqual([]);
    expect(alarms.filter((a) => decided.includes(a.id))).toEqual([]);

    // Every removal re-driven by the reconciler and confirmed once, under its decision's Idempotency-Key.
    const removalsDone = (await stack.db.query(
      `SELECT subject_id AS id, count(*) FILTER (WHERE action = 'case.removed')::int AS removed,
              count(*) FILTER (WHERE action = 'case.enforcement_redriven')::int AS redriven
         FROM audit_trail WHERE action IN ('case.removed', 'case.enforcement_redriven') GROUP BY subject_id ORDER BY subject_id`)).rows;
    expect(removalsDone.map((r) => r.id)).toEqual([...decided].sort());
    expect(removalsDone.filter((r) => r.removed !== 1 || r.redriven < 1)).toEqual([]);
    const decisions = (await stack.db.query(`SELECT id::text FROM decisions WHERE action = 'remove'`)).rows.map((r) => r.id).sort();
    const accepted = stack.platform.received.filter((r) => r.body?.type === 'content.remove' && r.at >= flushedAt);
    expect([...new Set(accepted.map((r) => r.headers['idempotency-key']))].sort()).toEqual(decisions);

    // Nothing stuck: every case queued (escalated) or removed, the outbox empty.
    expect(await states(stack.db)).toEqual({ queued: CASES - DECIDED, removed: DECIDED });
    expect(await count(stack.db, `SELECT count(*)::int AS n FROM cases WHERE state = 'queued' AND tier <> 'senior'`)).toBe(0);
    expect((await call(api.base, 'GET', '/v1/audit/verify', { key: auditor })).body).toEqual({ ok: true, events: expect.any(Number) });
  });
});
