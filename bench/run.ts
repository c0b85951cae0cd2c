// `npm run bench [-- --quick] [--procs N] [--only P1,P4] [--sizes 100000,1000000]`
// Measures P1–P9 of the performance spec (docs/performance.md), each beside its raw limit in the
// same run, prints the table and writes bench/results/<timestamp>.json.
import { join } from 'node:path';
import { Pool } from 'pg';
import { BenchOptions, parseOptions, wants } from './options';
import { BENCH_DATABASE, REDIS_URL, benchPool, cleanRedis, recreateBenchDatabase, truncateWork } from './bench-db';
import { DocketCluster, docketEnv, freePort, newAdminKey } from './docket';
import { DocketProcess, LOG_DIR, ProcessGroup, workersListening } from './docket-process';
import { FakePlatform } from './platform';
import { exitOnFailure, stopEverything } from './teardown';
import { LoadResult, cannon, jsonHeaders } from './load';
import { serverCpu, serverCpuSince } from './server-cpu';
import { BenchPrincipals, createBenchPrincipals } from './principals';
import { generate, idsOf } from './dataset';
import { describeMachine } from './machine';
import { secondsSince, waitFor } from './stats';
import { Row, fmt, ms, notAvailable, table, writeResults } from './report';
import { prepareRawNotices, prepareRawSameRows, rawBatchInserts, rawSameRowsBatch, rawSameRowsSingle, rawSingleInserts } from './raw/insert';
import { explainClaim, rawClaimLoop } from './raw/claim-loop';
import { CASES_EXPORT_SQL, RESPONSE_TIMES_SQL, rawCopyExport, timeQuery } from './raw/audit-sql';
import { batchNotices, singleNotices } from './workloads/intake';
import { explainLatestCases, forgetStatistics, loadClosedPosts, statisticsState } from './stale-statistics';
import { intakeToClaimable } from './workloads/claimable';
import { claimAndDecide } from './workloads/claim-decide';
import { drainQueue } from './workloads/triage';
import { exportCases, responseTimes } from './workloads/audit';
import { databaseNow, decideRemovals, leaseCases, outboxEmpty, pauseQueue, pipelineFigures } from './workloads/removal';
import { CHROMIUM, apiRounds, consoleBundle, consoleRounds } from './workloads/console';
import { simulatorRow } from './workloads/staffing';
import { claimAndOverturn, fileAppeals, removedCases } from './workloads/appeals';
import { createPrincipal } from './principals';
import { existsSync } from 'node:fs';

const CLIENTS = 64;
const POOL = 10;
const BATCH = 500;
const BATCH_CONNECTIONS = 8;

const t0 = Date.now();
/** CPU ms the given docket processes used so far; differences give CPU per request or job. */
const cpuOf = (procs: DocketProcess[]) => procs.reduce((sum, p) => sum + p.cpuMs(), 0);
/** Queries to PostgreSQL and commands to Redis the given processes have sent so far (see DocketProcess.messagesTo). */
const messagesOf = (procs: DocketProcess[]) => ({
  pg: procs.reduce((sum, p) => sum + p.messagesTo(5432), 0),
  redis: procs.reduce((sum, p) => sum + p.messagesTo(6379), 0),
});
/** What a phase spent, from a reading before it: CPU ms and round trips of the given docket processes, CPU ms of PostgreSQL, of Redis and of this process. */
interface Spent { cpu: number; pg: number; redis: number; postgresCpu: number; redisCpu: number; bench: number }
function spentSince(procs: DocketProcess[], before: Reading): Spent {
  const after = reading(procs);
  return {
    cpu: after.cpu - before.cpu, pg: after.pg - before.pg, redis: after.redis - before.redis,
    postgresCpu: serverCpuSince('postgres', before.postgresCpu), redisCpu: serverCpuSince('redis-server', before.redisCpu), bench: benchCpuMs() - before.bench,
  };
}
const NOTHING_SPENT: Spent = { cpu: 0, pg: 0, redis: 0, postgresCpu: 0, redisCpu: 0, bench: 0 };
const addSpent = (a: Spent, b: Spent): Spent => ({
  cpu: a.cpu + b.cpu, pg: a.pg + b.pg, redis: a.redis + b.redis, postgresCpu: a.postgresCpu + b.postgresCpu, redisCpu: a.redisCpu + b.redisCpu, bench: a.bench + b.bench,
});
/** Per unit of work: with no processes given it is a raw loop's cost (its client is this process). */
function perUnit(spent: Spent, units: number) {
  const r = (x: number) => Math.round((x / units) * 100) / 100;
  return {
    cpuMs: r(spent.cpu), pgRoundTrips: r(spent.pg), redisRoundTrips: r(spent.redis),
    postgresCpuMs: r(spent.postgresCpu), redisCpuMs: r(spent.redisCpu), loadGeneratorCpuMs: r(spent.bench),
  };
}
const costPer = (procs: DocketProcess[], before: Reading, units: number) => perUnit(spentSince(procs, before), units);
type Reading = ReturnType<typeof reading>;
const reading = (procs: DocketProcess[]) => ({
  cpu: cpuOf(procs), ...messagesOf(procs), postgresCpu: serverCpu('postgres'), redisCpu: serverCpu('redis-server'), bench: benchCpuMs(),
});

/**
 * Docket and its raw limit measured in alternating rounds (docket, raw, docket, raw, …). This machine's speed
 * drifts within a run (identical raw phases minutes apart differ by a third), so a ratio of two phases seconds
 * apart cancels the drift where one long phase of each does not. The row shows the round whose ratio is the
 * median: its two figures, and their ratio.
 */
async function inRounds<D, R>(
  rounds: number,
  sides: { docket: (round: number) => Promise<D>; raw: (round: number) => Promise<R>; ratio: (docket: D, raw: R) => number },
): Promise<{ rounds: { docket: D; raw: R; ratio: number }[]; median: { docket: D; raw: R; ratio: number } }> {
  const done: { docket: D; raw: R; ratio: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const docket = await sides.docket(round);
    const raw = await sides.raw(round);
    done.push({ docket, raw, ratio: sides.ratio(docket, raw) });
  }
  const byRatio = [...done].sort((a, b) => a.ratio - b.ratio);
  return { rounds: done, median: byRatio[Math.floor((byRatio.length - 1) / 2)] };
}
/** CPU ms of this process: the load generator's (autocannon's, or the raw loops' pg client's) share of the machine. */
const benchCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const progress = (msg: string) => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

interface Context {
  opts: BenchOptions;
  pool: Pool;
  cluster: DocketCluster;
  group: ProcessGroup;
  env: Record<string, string>;
  principals: BenchPrincipals;
  platform: FakePlatform;
  rows: Row[];
  details: Record<string, unknown>;
  explains: Record<string, string>;
}

const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const ratioMet = (ratio: number, bar: number): 'yes' | 'no' => (ratio >= bar ? 'yes' : 'no');

/**
 * P1: single notices over HTTP vs a raw loop writing the same rows, one notice per transaction (the bar), and the
 * single-row INSERT of the old bar for reference; the worker is stopped so intake alone is measured.
 */
async function p1(ctx: Context, label = 'P1', procs = 1): Promise<number> {
  const { opts, pool, cluster } = ctx;
  const key = ctx.principals.reporters.hosting_provider.apiKey;
  await truncateWork(pool);
  progress(`${label}: docket, ${CLIENTS} connections, ${opts.durationS} s (+${opts.warmupS} s warm-up)`);
  const warm = await singleNotices(cluster.urls, key, CLIENTS, opts.warmupS);
  const before = reading(cluster.apis);
  // The worker is stopped: its outbox waits, and only the API's audit chaining belongs to the phase.
  const docket = settledLoad(await singleNotices(cluster.urls, key, CLIENTS, opts.durationS), await settled(pool, false));
  const apiPerRequest = costPer(cluster.apis, before, docket.ok);
  // Nothing lost, nothing stored twice: every 202 is a stored report, one per post. autocannon stops with one
  // request per connection in flight (warm-up and measured run), which the server still stores: at most 2 × CLIENTS more than the 202s counted.
  const counts = (await pool.query<{ n: number; posts: number }>(`SELECT count(*)::int AS n, count(DISTINCT post_id)::int AS posts FROM reports`)).rows[0];
  const stored = counts.n;
  const accepted = warm.ok + docket.ok;
  const accounted = stored >= accepted && stored - accepted <= 2 * CLIENTS && counts.posts === stored;
  // The worker is stopped, so the outbox still holds every triage job: one per intake transaction.
  const transactions = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'triage'`)).rows[0].n;
  const rawPool = benchPool(POOL * procs, 'docket-bench-raw');
  progress(`${label}: raw loop of docket's rows, a transaction per notice, pool ${POOL * procs}, ${CLIENTS} in flight`);
  await prepareRawSameRows(rawPool);
  await rawSameRowsSingle(rawPool, CLIENTS, opts.warmupS);
  const sameRowsBefore = reading([]);
  const raw = await rawSameRowsSingle(rawPool, CLIENTS, opts.durationS);
  const rawPerNotice = costPer([], sameRowsBefore, raw.ops);
  progress(`${label}: raw single-row INSERT (the old bar, for reference)`);
  await prepareRawNotices(rawPool);
  await rawSingleInserts(rawPool, CLIENTS, opts.warmupS);
  const rawBefore = reading([]);
  const singleRow = await rawSingleInserts(rawPool, CLIENTS, opts.durationS);
  const rawPerInsert = costPer([], rawBefore, singleRow.ops);
  await rawPool.end();
  const ratio = docket.perSecond / raw.perSecond;
  const oldRatio = docket.perSecond / singleRow.perSecond;
  ctx.details[label] = { procs, docket, apiPerRequest, raw, rawPerNotice, singleRow, rawPerInsert, oldRatio, storedReports: stored, distinctPosts: counts.posts, acceptedIncludingWarmup: accepted, everyReceiptStoredOnce: accounted,
    intakeTransactions: transactions, noticesPerIntakeTransaction: transactions ? stored / transactions : null };
  ctx.rows.push({
    id: label, workload: `POST /v1/reports, ${CLIENTS} clients${procs > 1 ? `, ${procs} APIs` : ''}`,
    docket: `${fmt(docket.perSecond)} req/s${docket.non2xx || docket.errors ? ` (${docket.non2xx + docket.errors} failed)` : ''}${accounted ? '' : ` (${stored} stored vs ${accepted} accepted)`}`,
    raw: `${fmt(raw.perSecond)} notices/s of the same rows (p99 ${ms(raw.p99Ms)}); single-row INSERT ${fmt(singleRow.perSecond)}/s (old bar: ${fmt(oldRatio, 2)}×)`,
    ratio, bar: '≥ 1.0× the same rows', met: ratioMet(ratio, 1.0),
    p50: ms(docket.p50Ms), p99: ms(docket.p99Ms),
  });
  return docket.perSecond;
}

/** Posts, each with its closed case, in P1s's table. */
const STALE_POSTS = 1_000_000;

/**
 * P1s (issue 20, point 8): P1's single-notice intake over 1 000 000 posts and their closed cases loaded in bulk and
 * never analysed, as after a restore with autovacuum off (where docket once fell from 2 300 to 370–490 notices/s:
 * the latest-case lookup scanned every post), beside P1 on empty tables in the same run, then once more after
 * `VACUUM (ANALYZE)`, and last on empty tables again (P1's docket side, measured here with the processes as warm as
 * for the others; P1's own figure, measured first of all, is kept beside it in the JSON). The worker is stopped, as in
 * P1. Statistics are forgotten again afterwards, so the phases that follow start as on a fresh deployment.
 */
async function p1s(ctx: Context, p1Rate: number): Promise<void> {
  const { opts, pool, cluster } = ctx;
  const key = ctx.principals.reporters.hosting_provider.apiKey;
  const intake = async (what: string) => {
    // Twice P1's warm-up: the first notices after the load also read its indexes into shared buffers.
    progress(`P1s: docket, ${CLIENTS} connections, ${opts.durationS} s (+${2 * opts.warmupS} s warm-up), ${what}`);
    await singleNotices(cluster.urls, key, CLIENTS, 2 * opts.warmupS);
    return settledLoad(await singleNotices(cluster.urls, key, CLIENTS, opts.durationS), await settled(pool, false));
  };
  await truncateWork(pool);
  if ((await statisticsState(pool)).columnStatistics > 0) await forgetStatistics(pool);
  // Not measured: the API warmed (JIT, pools) on empty tables first, so the first load measured is not its first.
  progress(`P1s: warming the API up on empty tables, ${3 * opts.warmupS} s`);
  await singleNotices(cluster.urls, key, CLIENTS, 3 * opts.warmupS);
  await settled(pool, false);
  await truncateWork(pool);
  progress(`P1s: loading ${fmt(STALE_POSTS)} posts with their closed cases, not analysed`);
  const loaded = await loadClosedPosts(pool, STALE_POSTS);
  // The load's pages written out now, as a restore leaves them, not by a checkpoint during the measured load.
  await pool.query('CHECKPOINT');
  const statistics = await statisticsState(pool);
  progress(`P1s: loaded in ${fmt(loaded.seconds, 1)} s; column statistics: ${statistics.columnStatistics}, reltuples ${JSON.stringify(statistics.reltuples)}`);
  // A group commit's worth of posts, some in the loaded set and some new.
  const sample = Array.from({ length: 20 }, (_, i) => (i % 2 ? `stale-${1 + ((i * 48_611) % STALE_POSTS)}` : `new-${i}`));
  const stale = await intake(`${sizeLabel(STALE_POSTS)} posts never analysed`);
  ctx.explains[`intake latest cases @${sizeLabel(STALE_POSTS)} posts, never analysed`] = await explainLatestCases(pool, sample);
  progress('P1s: VACUUM (ANALYZE) posts, cases, reports');
  await pool.query('VACUUM (ANALYZE) posts, cases, reports');
  await pool.query('CHECKPOINT');
  const analysed = await intake(`${sizeLabel(STALE_POSTS)} posts after VACUUM (ANALYZE)`);
  ctx.explains[`intake latest cases @${sizeLabel(STALE_POSTS)} posts, analysed`] = await explainLatestCases(pool, sample);
  await forgetStatistics(pool);
  await truncateWork(pool);
  const empty = await intake('empty tables, as P1');
  await truncateWork(pool);
  const reference = empty.perSecond;
  const ratio = stale.perSecond / reference;
  ctx.details.P1s = { posts: STALE_POSTS, load: loaded, statistics, stale, analysed, empty, analysedRatio: analysed.perSecond / reference,
    p1PerSecond: Number.isFinite(p1Rate) ? p1Rate : null };
  ctx.rows.push({
    id: 'P1s', workload: `POST /v1/reports, ${CLIENTS} clients, over ${sizeLabel(STALE_POSTS)} posts never analysed`,
    docket: `${fmt(stale.perSecond)} req/s${stale.non2xx || stale.errors ? ` (${stale.non2xx + stale.errors} failed)` : ''}; after VACUUM (ANALYZE) ${fmt(analysed.perSecond)} req/s (${fmt(analysed.perSecond / reference, 2)}×)`,
    raw: `P1's intake on empty tables, measured after: ${fmt(reference)} req/s${Number.isFinite(p1Rate) ? ` (P1's row, measured first: ${fmt(p1Rate)})` : ''}`,
    ratio, bar: '≥ 0.8× P1 (no cliff)', met: ratioMet(ratio, 0.8), p50: ms(stale.p50Ms), p99: ms(stale.p99Ms),
  });
}

async function p2(ctx: Context): Promise<void> {
  const { opts, pool, cluster } = ctx;
  const key = ctx.principals.reporters.hosting_provider.apiKey;
  await truncateWork(pool);
  progress(`P2: docket batches of ${BATCH}, ${BATCH_CONNECTIONS} connections, ${Math.max(opts.durationS, 5)} s`);
  // A batch takes seconds on a loaded machine: run long enough for several per connection.
  const seconds = Math.max(opts.durationS, 5);
  await batchNotices(cluster.urls, key, BATCH_CONNECTIONS, BATCH, opts.warmupS);
  const before = reading(cluster.apis);
  const docket = settledLoad(await batchNotices(cluster.urls, key, BATCH_CONNECTIONS, BATCH, seconds), await settled(pool, false));
  const apiPerNotice = costPer(cluster.apis, before, docket.ok * BATCH);
  const rawPool = benchPool(POOL, 'docket-bench-raw');
  progress(`P2: raw loop of docket's rows, ${BATCH} notices a transaction, ${BATCH_CONNECTIONS} in flight`);
  await prepareRawSameRows(rawPool);
  await rawSameRowsBatch(rawPool, BATCH_CONNECTIONS, BATCH, opts.warmupS);
  const sameRowsBefore = reading([]);
  const raw = await rawSameRowsBatch(rawPool, BATCH_CONNECTIONS, BATCH, opts.durationS);
  const rawPerNotice = costPer([], sameRowsBefore, raw.ops);
  progress(`P2: raw multi-row INSERT of ${BATCH} (the old bar, for reference)`);
  await prepareRawNotices(rawPool);
  await rawBatchInserts(rawPool, BATCH_CONNECTIONS, BATCH, opts.warmupS);
  const rawBefore = reading([]);
  const oneRow = await rawBatchInserts(rawPool, BATCH_CONNECTIONS, BATCH, opts.durationS);
  const rawPerRow = costPer([], rawBefore, oneRow.ops);
  await rawPool.end();
  const notices = docket.perSecond * BATCH;
  const ratio = notices / raw.perSecond;
  const oldRatio = notices / oneRow.perSecond;
  ctx.details.P2 = { docket, docketNoticesPerSecond: notices, apiPerNotice, raw, rawPerNotice, oneRow, rawPerRow, oldRatio };
  ctx.rows.push({
    id: 'P2', workload: `POST /v1/reports/batch of ${BATCH}, ${BATCH_CONNECTIONS} clients`,
    docket: `${fmt(notices)} notices/s${docket.non2xx || docket.errors ? ` (${docket.non2xx + docket.errors} failed)` : ''}`,
    raw: `${fmt(raw.perSecond)} notices/s of the same rows; one-row INSERT ${fmt(oneRow.perSecond)} rows/s (old bar: ${fmt(oldRatio, 2)}×)`,
    ratio, bar: '≥ 0.5× the same rows', met: ratioMet(ratio, 0.5), p50: ms(docket.p50Ms), p99: ms(docket.p99Ms),
  });
}

async function p3(ctx: Context, p1Rate: number): Promise<void> {
  const { opts, pool, cluster } = ctx;
  await truncateWork(pool);
  await cleanRedis();
  if (cluster.workers.length === 0) await cluster.startWorkers(1);
  const rate = Math.max(1, Math.round(p1Rate / 2));
  progress(`P3: intake → claimable at ${rate} notices/s (half of P1), ${opts.durationS} s`);
  const key = ctx.principals.reporters.hosting_provider.apiKey;
  // A worker just started is cold (JIT, connections): a warm-up at the same rate first, drained before measuring.
  await intakeToClaimable(cluster.urls, key, rate, opts.warmupS, 5);
  const r = await intakeToClaimable(cluster.urls, key, rate, opts.durationS, opts.quick ? 5 : 20);
  ctx.details.P3 = r;
  ctx.rows.push({
    id: 'P3', workload: `202 → case claimable, ${fmt(rate)} notices/s`,
    docket: `p99 ${ms(r.p99Ms)} over ${fmt(r.claimable)} cases${r.missing ? ` (${r.missing} never claimable)` : ''}`,
    raw: '—', ratio: null, bar: 'p99 ≤ 250 ms', met: r.p99Ms <= 250 && r.missing === 0 ? 'yes' : 'no', p50: ms(r.p50Ms), p99: ms(r.p99Ms),
  });
}

/**
 * Cases per triage job in P5. docket queues one triage job per intake transaction; at P1's load (64 clients, one
 * notice each) a transaction holds about this many notices (P1's `noticesPerIntakeTransaction`).
 */
const CASES_PER_JOB = 20;

/** Triage jobs as intake queues them: one per CASES_PER_JOB cases, named after the first report. */
function triageJobsOf(targets: { caseId: string; reportId: string }[]): { jobId: string; data: Record<string, unknown> }[] {
  const jobs = [];
  for (let i = 0; i < targets.length; i += CASES_PER_JOB) {
    const group = targets.slice(i, i + CASES_PER_JOB);
    jobs.push({ jobId: `triage-${group[0].reportId}`, data: { caseIds: group.map((t) => t.caseId) } });
  }
  return jobs;
}

/**
 * Waits for what docket still does after a round's last answer, and returns the seconds it took: chaining the
 * round's audit events and, where workers run, relaying its outbox. That work belongs to the round (its seconds
 * count in the round's rate) and must not run on into the raw round that follows.
 */
async function settled(pool: Pool, outbox: boolean): Promise<number> {
  const started = process.hrtime.bigint();
  const left = `SELECT (SELECT count(*) FROM audit_pending)${outbox ? ' + (SELECT count(*) FROM outbox)' : ''} AS n`;
  await waitFor('docket to chain its audit events and relay its outbox', async () => ((await pool.query<{ n: string }>(left)).rows[0].n === '0' ? true : undefined), 120_000, 10);
  return secondsSince(started);
}

/** A load's rate over its seconds and the settling after it (see settled). */
const settledLoad = (load: LoadResult, settlingSeconds: number) => ({ ...load, settlingSeconds, perSecond: load.ok / (load.seconds + settlingSeconds) });

/** Alternating rounds of P4 and P5 (see inRounds); a quick run has time for one. */
const roundsOf = (opts: BenchOptions) => (opts.quick ? 1 : 3);

/**
 * P5: cases triaged per second by docket's worker(s), from a backlog queued as intake queues it (jobs of
 * CASES_PER_JOB cases), against a no-op BullMQ processor taking one job per case: the rate at which BullMQ alone
 * moves work items. The no-op is also timed over docket's own jobs (`rawSameJobs` in the JSON).
 */
async function p5(ctx: Context, label = 'P5', procs = 1): Promise<void> {
  const { opts, pool, cluster, principals } = ctx;
  const rounds = roundsOf(opts);
  // Each round drains a third: long enough (about 3 s here) that its first and last jobs do not weigh on the rate.
  const cases = opts.quick ? 500 : 30_000;
  // Workers start fresh here: a warm-up backlog (not counted) first, as every phase has, so the JIT has compiled
  // triage (and the no-op) before the clock runs.
  const warm = cases / 5;
  // P3 leaves a triage backlog behind: stop the workers (they finish the jobs in hand) before emptying the tables.
  await cluster.stopWorkers();
  await truncateWork(pool);
  await cleanRedis();
  await cluster.startWorkers(procs);
  // Both sides stay up throughout, each idle while the other drains (docket's outbox relay polls every OUTBOX_POLL_MS).
  const noops: DocketProcess[] = [];
  for (let i = 0; i < procs; i++) noops.push(ctx.group.add(DocketProcess.spawn('noop-worker', `noop-${label}-${i + 1}`, ctx.env)));
  await workersListening('bench-noop', procs);
  progress(`${label}: ${fmt(cases)} cases waiting for triage`);
  const ds = await generate(pool, 'received', warm + cases, { reporters: ids(principals), moderatorId: principals.moderators[0].id });
  const warmTargets = await idsOf(pool, ds.prefix, 1, warm);
  const targets = await idsOf(pool, ds.prefix, warm + 1, warm + cases);
  // The no-op drains its backlog three times as fast: three jobs per case (each copy its own job id) make its rounds as long as docket's.
  const noopJobsOf = (ts: typeof targets, copies = 1) => Array.from({ length: copies }, (_, copy) =>
    ts.map((t) => ({ jobId: `noop-${copy}-${t.reportId}`, data: { caseId: t.caseId, reportId: t.reportId } }))).flat();
  progress(`${label}: warm-up of docket triage and of the no-op, ${fmt(warm)} cases each`);
  await drainQueue('triage', triageJobsOf(warmTargets), 'triage');
  await drainQueue('bench-noop', noopJobsOf(warmTargets), 'triage');
  const perRound = cases / rounds;
  const roundTargets = (round: number) => targets.slice(round * perRound, (round + 1) * perRound);
  let workerSpent = NOTHING_SPENT;
  let noopSpent = NOTHING_SPENT;
  progress(`${label}: ${rounds} round(s) of ${fmt(perRound)} cases: docket triage (${procs} worker process(es), jobs of ${CASES_PER_JOB} cases), then the no-op (one job per case)`);
  const measured = await inRounds(rounds, {
    docket: async (round) => {
      const before = reading(cluster.workers);
      const drained = await drainQueue('triage', triageJobsOf(roundTargets(round)), 'triage');
      const settling = await settled(pool, true);
      workerSpent = addSpent(workerSpent, spentSince(cluster.workers, before));
      const triaged = Math.min(perRound, drained.completed * CASES_PER_JOB);
      return { ...drained, settlingSeconds: settling, triaged, casesPerSecond: triaged / (drained.seconds + settling) };
    },
    raw: async (round) => {
      const before = reading(noops);
      const drained = await drainQueue('bench-noop', noopJobsOf(roundTargets(round), 3), 'triage');
      noopSpent = addSpent(noopSpent, spentSince(noops, before));
      return drained;
    },
    ratio: (docket, raw) => docket.casesPerSecond / raw.perSecond,
  });
  const triaged = measured.rounds.reduce((sum, r) => sum + r.docket.triaged, 0);
  const workerPerCase = perUnit(workerSpent, triaged);
  const rawPerJob = perUnit(noopSpent, measured.rounds.reduce((sum, r) => sum + r.raw.completed, 0));
  const rawSameJobs = await drainQueue('bench-noop', triageJobsOf(targets).map((j) => ({ ...j, jobId: `noop-${j.jobId}` })), 'triage');
  await Promise.all(noops.map((p) => p.stop()));
  const queued = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE state = 'queued'`)).rows[0].n;
  const twice = (await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT subject_id FROM audit_trail WHERE action = 'case.queued' GROUP BY subject_id HAVING count(*) > 1) t`,
  )).rows[0].n;
  const failed = measured.rounds.reduce((sum, r) => sum + r.docket.failed, 0);
  const { docket, raw, ratio } = measured.median;
  ctx.details[label] = {
    procs, casesPerJob: CASES_PER_JOB, rounds: measured.rounds, medianRound: measured.rounds.indexOf(measured.median) + 1,
    casesPerSecond: docket.casesPerSecond, workerPerCase, rawPerJob, rawSameJobs, warmUpCases: warm, casesQueued: queued, casesTriagedTwice: twice,
  };
  ctx.rows.push({
    id: label, workload: `triage, jobs of ${CASES_PER_JOB} cases${procs > 1 ? `, ${procs} workers` : ''}${rounds > 1 ? `, median of ${rounds} rounds` : ''}`,
    docket: `${fmt(docket.casesPerSecond)} cases/s${failed ? ` (${failed} jobs failed)` : ''}${twice ? ` (${twice} TRIAGED TWICE)` : ''}`,
    raw: `${fmt(raw.perSecond)} no-op jobs/s`, ratio, bar: '≥ 0.5×', met: ratioMet(ratio, 0.5) === 'yes' && twice === 0 && queued === warm + cases ? 'yes' : 'no',
  });
}

const ids = (p: BenchPrincipals) => ({
  hosting_provider: p.reporters.hosting_provider.id, trusted_flagger: p.reporters.trusted_flagger.id,
  authority: p.reporters.authority.id, user: p.reporters.user.id,
});

/** P6 and P7 over an audit data set of `size` cases. */
async function audit(ctx: Context, size: number): Promise<void> {
  const { pool, cluster, principals, opts } = ctx;
  const label = sizeLabel(size);
  await truncateWork(pool);
  progress(`P6/P7 @${label}: generating ${fmt(size)} cases with their history`);
  const ds = await generate(pool, 'audit', size, { reporters: ids(principals), moderatorId: principals.moderators[0].id });
  progress(`P6/P7 @${label}: data set made in ${fmt(ds.seconds, 1)} s (${fmt(ds.reports)} reports)`);
  ctx.details[`dataset-audit-${label}`] = ds;

  if (wants(opts, 'P6')) {
    progress(`P6 @${label}: GET /v1/audit/cases?format=csv`);
    const docket = await exportCases(cluster.apis[0], principals.auditor.apiKey);
    progress(`P6 @${label}: raw COPY of the same columns`);
    const raw = await rawCopyExport(pool);
    ctx.details[`P6@${label}`] = { docket, raw, rawSql: CASES_EXPORT_SQL.replace(/\s+/g, ' ').trim() };
    if (!docket.availability.available) {
      ctx.rows.push({ ...notAvailable(`P6@${label}`, `audit cases CSV, ${fmt(size)} cases`, '≥ 0.5×; RSS < 300 MB', docket.availability.reason), raw: `${fmt(raw.rowsPerSecond)} rows/s` });
    } else {
      const ratio = docket.rowsPerSecond / raw.rowsPerSecond;
      ctx.rows.push({
        id: `P6@${label}`, workload: `audit cases CSV, ${fmt(size)} cases`,
        docket: `${fmt(docket.rowsPerSecond)} rows/s, peak RSS ${fmt(docket.peakRssMb)} MB${docket.rows !== raw.rows ? ` (${fmt(docket.rows)} rows vs ${fmt(raw.rows)})` : ''}`,
        raw: `${fmt(raw.rowsPerSecond)} rows/s`, ratio, bar: '≥ 0.5×; RSS < 300 MB',
        met: ratio >= 0.5 && docket.peakRssMb < 300 ? 'yes' : 'no',
      });
    }
  }
  if (wants(opts, 'P7')) {
    const runs = opts.quick ? 3 : 5;
    progress(`P7 @${label}: GET /v1/audit/response-times?groupBy=category ×${runs}`);
    const docket = await responseTimes(cluster.url, principals.auditor.apiKey, runs);
    const raw = await timeQuery(pool, RESPONSE_TIMES_SQL, runs);
    ctx.details[`P7@${label}`] = { docket, raw, rawSql: RESPONSE_TIMES_SQL.replace(/\s+/g, ' ').trim() };
    if (!docket.availability.available) {
      ctx.rows.push({ ...notAvailable(`P7@${label}`, `response times by category, ${fmt(size)} cases`, '≤ 2× raw time', docket.availability.reason), raw: ms(raw.medianMs) });
    } else {
      const ratio = docket.medianMs / raw.medianMs;
      ctx.rows.push({
        id: `P7@${label}`, workload: `response times by category, ${fmt(size)} cases`,
        docket: ms(docket.medianMs), raw: ms(raw.medianMs), ratio, bar: '≤ 2× raw time', met: ratio <= 2 ? 'yes' : 'no',
      });
    }
  }
}

/**
 * The HTTP floors: a bare node:http server and a bare NestJS app (docket's adapter, a global guard and validation
 * pipe, nothing else; and once more without the pipe) answering a decision-sized POST with a case detail's worth
 * of JSON, 64 connections. What one request costs such a server is the least P1's and P4's requests can cost
 * docket's API on this machine. Context for those rows, not a bar.
 */
async function httpFloors(ctx: Context): Promise<void> {
  const { opts } = ctx;
  const body = JSON.stringify({ action: 'no_violation', explanation: 'Satire; no call to action. (bench)' });
  const floors: Record<string, unknown> = {};
  for (const floor of ['node', 'nest', 'nest-unvalidated'] as const) {
    const server = ctx.group.add(DocketProcess.spawn('http-floor', `http-floor-${floor}`, { FLOOR: floor }, await freePort()));
    await server.ready();
    const load = (seconds: number) => cannon({ url: `${server.url}/floor`, method: 'POST', connections: CLIENTS, duration: seconds, headers: jsonHeaders('floor'), body });
    progress(`HTTP floor (${floor}): ${CLIENTS} connections, ${opts.durationS} s`);
    await load(opts.warmupS);
    const before = reading([server]);
    const result = await load(opts.durationS);
    const perRequest = costPer([server], before, result.ok);
    await server.stop();
    floors[floor] = { ...result, perRequest };
    progress(`HTTP floor (${floor}): ${fmt(result.perSecond)} req/s, ${perRequest.cpuMs} ms server CPU and ${perRequest.loadGeneratorCpuMs} ms load generator CPU per request`);
  }
  ctx.details.httpFloors = floors;
}

/**
 * autocannon stops with a claim in flight on every connection, whose case it never decides; a moderator would
 * decide or release it. Left leased, 64 such cases a run would pile up at the head of the claim order, and every
 * later claim, docket's and the raw loop's, would step over them. Not timed.
 */
async function releaseAbandonedLeases(pool: Pool): Promise<void> {
  await pool.query(`UPDATE cases SET claimed_by = NULL, lease_expires_at = NULL WHERE state = 'queued' AND claimed_by IS NOT NULL`);
}

/** P4 over a queue of `size` cases: docket's claim + decide vs the bare statements, and the claim's plan before and after. */
async function p4(ctx: Context, size: number): Promise<number> {
  const { pool, cluster, principals, opts } = ctx;
  const label = sizeLabel(size);
  await truncateWork(pool);
  progress(`P4 @${label}: generating ${fmt(size)} queued cases`);
  const ds = await generate(pool, 'queue', size, { reporters: ids(principals), moderatorId: principals.moderators[0].id });
  progress(`P4 @${label}: data set made in ${fmt(ds.seconds, 1)} s`);
  ctx.details[`dataset-queue-${label}`] = ds;
  ctx.explains[`claim @${label} (before load)`] = await explainClaim(pool, principals.moderators[0].id);
  const keys = principals.moderators.map((m) => m.apiKey);
  const rawPool = benchPool(POOL, 'docket-bench-raw');
  const holders = principals.moderators.map((m) => m.id);
  const rounds = roundsOf(opts);
  const seconds = opts.durationS / rounds;
  progress(`P4 @${label}: warm-up of docket claim + decide (${CLIENTS} moderators) and of the raw loop (pool ${POOL}, ${CLIENTS} in flight)`);
  await claimAndDecide(cluster.urls, keys, CLIENTS, opts.warmupS);
  await releaseAbandonedLeases(pool);
  await rawClaimLoop(rawPool, holders, CLIENTS, opts.warmupS);
  progress(`P4 @${label}: ${rounds} round(s) of ${fmt(seconds, 1)} s: docket claim + decide, then the raw claim UPDATE … SKIP LOCKED + decide UPDATE`);
  let apiSpent = NOTHING_SPENT;
  let rawSpent = NOTHING_SPENT;
  const measured = await inRounds(rounds, {
    docket: async () => {
      const before = reading(cluster.apis);
      const result = await claimAndDecide(cluster.urls, keys, CLIENTS, seconds);
      // Without workers (a run of P4 alone) nothing relays the outbox: only the audit chain is waited for.
      const settling = await settled(pool, cluster.workers.length > 0);
      apiSpent = addSpent(apiSpent, spentSince(cluster.apis, before));
      await releaseAbandonedLeases(pool);
      return { ...result, settlingSeconds: settling, decisionsPerSecond: result.decisions / (result.seconds + settling) };
    },
    raw: async () => {
      const before = reading([]);
      const result = await rawClaimLoop(rawPool, holders, CLIENTS, seconds);
      rawSpent = addSpent(rawSpent, spentSince([], before));
      return result;
    },
    ratio: (docket, raw) => docket.decisionsPerSecond / raw.perSecond,
  });
  await rawPool.end();
  const sum = (f: (r: (typeof measured.rounds)[number]) => number) => measured.rounds.reduce((total, r) => total + f(r), 0);
  const apiPerCase = perUnit(apiSpent, sum((r) => r.docket.decisions));
  const rawPerCase = perUnit(rawSpent, sum((r) => r.raw.pairs));
  // Each round counts the cases two of its claims were given. Across rounds a case may be claimed again once its
  // abandoned lease was released; one decided twice shows here (two decision rows).
  const decidedTwice = (await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT case_id FROM decisions GROUP BY case_id HAVING count(*) > 1) t`,
  )).rows[0].n;
  ctx.explains[`claim @${label} (after load)`] = await explainClaim(pool, principals.moderators[0].id);
  const doubles = sum((r) => r.docket.doubleClaims + r.raw.doubleClaims) + decidedTwice;
  const empty = sum((r) => r.docket.empty + r.raw.empty);
  const { docket, raw, ratio } = measured.median;
  ctx.details[`P4@${label}`] = {
    rounds: measured.rounds.map(({ docket: { claimedIds, ...figures }, ...round }) => ({ ...round, docket: { ...figures, distinctCasesClaimed: new Set(claimedIds).size } })),
    medianRound: measured.rounds.indexOf(measured.median) + 1, apiPerCase, rawPerCase, decidedTwice,
  };
  ctx.rows.push({
    id: `P4@${label}`, workload: `claim + decide, ${CLIENTS} moderators, ${fmt(size)} queued${rounds > 1 ? `, median of ${rounds} rounds` : ''}`,
    docket: `${fmt(docket.decisionsPerSecond)} cases/s, ${doubles} double claims${empty ? ' (QUEUE RAN DRY)' : ''}`,
    raw: `${fmt(raw.perSecond)} cases/s`, ratio, bar: '≥ 0.5×; 0 double claims', met: ratio >= 0.5 && doubles === 0 ? 'yes' : 'no',
    p50: ms(docket.p50Ms), p99: ms(docket.p99Ms),
  });
  return docket.decisionsPerSecond;
}

/** P8: remove decisions → platform acknowledged, live (worker running) and as a drained backlog. */
async function p8(ctx: Context): Promise<number> {
  const { pool, cluster, principals, opts, platform } = ctx;
  const live = opts.quick ? 300 : 4000;
  const backlog = opts.quick ? 600 : 8000;
  await truncateWork(pool);
  platform.reset();
  if (cluster.workers.length === 0) await cluster.startWorkers(1);
  await generate(pool, 'queue', live + backlog, { reporters: ids(principals), moderatorId: principals.moderators[0].id });
  const held = await leaseCases(pool, principals.moderators, live + backlog);

  progress(`P8: ${fmt(live)} remove decisions with the worker running`);
  const liveSince = await databaseNow(pool);
  const liveLoad = await decideRemovals(cluster.urls, held.slice(0, live), CLIENTS);
  const liveFigures = await pipelineFigures(pool, liveSince, live, 60);

  progress(`P8: ${fmt(backlog)} remove decisions with the enforcement queue paused, then drained`);
  // Paused, the relay still moves the orders into BullMQ; resumed, the enforcement workers drain them at full speed.
  await pauseQueue('enforcement', true);
  const backlogSince = await databaseNow(pool);
  const backlogLoad = await decideRemovals(cluster.urls, held.slice(live), CLIENTS);
  await outboxEmpty(pool, 60);
  const before = reading(cluster.workers);
  await pauseQueue('enforcement', false);
  const drained = await pipelineFigures(pool, backlogSince, backlog, 120);
  const workerPerRemoval = costPer(cluster.workers, before, drained.removed);
  ctx.details.P8 = {
    live: { decisions: liveLoad, pipeline: liveFigures }, backlog: { decisions: backlogLoad, pipeline: drained, workerPerRemoval },
    platform: { orders: platform.orders, duplicates: platform.duplicates, badSignatures: platform.badSignatures },
  };
  const lost = live + backlog - liveFigures.removed - drained.removed;
  ctx.rows.push({
    id: 'P8', workload: 'remove → platform acknowledged',
    docket: `${fmt(drained.removalsPerSecond)} removals/s drained; live ${fmt(liveFigures.removalsPerSecond)}/s at ${fmt(liveLoad.perSecond)} decisions/s${lost ? ` (${lost} NOT REMOVED)` : ''}`,
    raw: '—', ratio: null, bar: '≥ 1 000 removals/s', met: drained.removalsPerSecond >= 1000 && lost === 0 ? 'yes' : 'no',
    p50: ms(liveFigures.p50Ms), p99: ms(liveFigures.p99Ms),
  });
  return drained.removalsPerSecond;
}

/**
 * P11: a senior's bulk removal of 1 000 queued cases sharing a fingerprint, from the preview to the platform's last
 * confirmation, against P8's drained removal rate of the same run. The removal orders are held for the grace period
 * (BULK_GRACE_SECONDS, 1 in the bench, plus the release margin); that hold is policy, not work, so the rate is taken
 * over the elapsed time less the hold, and the whole elapsed time is reported beside it.
 */
async function p11(ctx: Context, p8Rate: number): Promise<void> {
  const { pool, cluster, principals, platform, env } = ctx;
  const count = 1000;
  await truncateWork(pool);
  platform.reset();
  if (cluster.workers.length === 0) await cluster.startWorkers(1);
  const seniorKey = (await createPrincipal(cluster.url, env.ADMIN_API_KEY, { name: `bench senior ${Date.now()}`, role: 'senior' })).apiKey;
  await generate(pool, 'queue', count, { reporters: ids(principals), moderatorId: principals.moderators[0].id });
  // The same text in every post: triage would have given them one fingerprint.
  const { rows: [first] } = await pool.query<{ id: string }>(
    `WITH stamped AS (UPDATE cases SET signals = jsonb_set(signals, '{fingerprint}', '"bench-p11"') WHERE state = 'queued' RETURNING id)
     SELECT id FROM stamped LIMIT 1`);
  progress(`P11: a bulk removal of ${fmt(count)} cases by fingerprint, preview to last confirmed removal`);
  const post = async (path: string, body: object) => {
    const res = await fetch(`${cluster.url}${path}`, { method: 'POST', headers: jsonHeaders(seniorKey), body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, any>;
    if (res.status >= 300) throw new Error(`P11: ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const started = process.hrtime.bigint();
  const previewed = await post('/v1/bulk-decisions/preview', {
    selection: { fingerprintOfCase: first.id },
    decision: { action: 'remove', ground: 'illegal_content', legalGround: 'StGB §111 (public incitement to crime)', explanation: 'Calls for violence. (bench, bulk)' },
  });
  const previewSeconds = secondsSince(started);
  const applied = await post('/v1/bulk-decisions', { token: previewed.token });
  const appliedSeconds = secondsSince(started);
  const heldUntil = new Date(applied.cancellableUntil).getTime() + 2000;
  const holdSeconds = Math.max(0, (heldUntil - Date.now()) / 1000);
  await waitFor('every bulk removal confirmed', async () =>
    ((await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bulk_decision_cases b JOIN cases c ON c.id = b.case_id WHERE b.bulk_id = $1 AND c.state = 'removed'`, [applied.id],
    )).rows[0].n >= count ? true : undefined), 120_000, 20);
  const seconds = secondsSince(started);
  const worked = Math.max(seconds - holdSeconds, 1e-3);
  const rate = count / worked;
  const ratio = Number.isFinite(p8Rate) ? rate / p8Rate : null;
  ctx.details.P11 = {
    count, eligible: previewed.eligible, previewSeconds, appliedSeconds, holdSeconds, seconds, workedSeconds: worked, p8Rate,
    platform: { orders: platform.orders, duplicates: platform.duplicates, badSignatures: platform.badSignatures },
  };
  ctx.rows.push({
    id: 'P11', workload: `bulk removal of ${fmt(count)} cases by fingerprint: preview → last confirmed removal`,
    docket: `${fmt(rate)} removals/s (preview ${ms(previewSeconds * 1000)}, applied at ${ms(appliedSeconds * 1000)}; ${fmt(seconds, 2)} s in all, of which ${fmt(holdSeconds, 2)} s the grace hold)`
      + `${previewed.eligible !== count ? ` (ELIGIBLE ${previewed.eligible})` : ''}${platform.duplicates ? ` (${platform.duplicates} DUPLICATES)` : ''}`,
    raw: Number.isFinite(p8Rate) ? `P8 drained ${fmt(p8Rate)} removals/s` : 'P8 not run', ratio, bar: '≥ 0.5× P8 drained',
    met: ratio !== null && ratio >= 0.5 && previewed.eligible === count ? 'yes' : 'no', p50: '', p99: '',
  });
}

/** P9: the moderator console in Chromium against the same API calls made without a browser. */
async function p9(ctx: Context): Promise<void> {
  const { pool, cluster, principals, opts } = ctx;
  const workload = 'console: claim → case shown; Submit & next → next case shown';
  const bar = 'p95 ≤ 150 ms and ≤ 2× the API alone';
  const bundle = consoleBundle(join(__dirname, '..', 'console'));
  if (!existsSync(CHROMIUM) || !bundle) {
    ctx.rows.push(notAvailable('P9', workload, bar, !bundle ? 'console not built' : `no Chromium at ${CHROMIUM} (apt-get install chromium)`));
    return;
  }
  const rounds = opts.quick ? 30 : 200;
  await truncateWork(pool);
  if (cluster.workers.length === 0) await cluster.startWorkers(1);
  await generate(pool, 'queue', 2 * rounds + 20, { reporters: ids(principals), moderatorId: principals.moderators[0].id });
  progress(`P9: ${rounds} cases through the API alone, then ${rounds} in Chromium`);
  const api = await apiRounds(cluster.url, principals.moderators[1].apiKey, rounds);
  const browser = await consoleRounds(cluster.url, principals.moderators[0].apiKey, rounds);
  ctx.details.P9 = { api, browser, bundle };
  const ratio = Math.max(browser.claim.p95Ms / api.claim.p95Ms, browser.submitAndNext.p95Ms / api.submitAndNext.p95Ms);
  const worstP95 = Math.max(browser.claim.p95Ms, browser.submitAndNext.p95Ms);
  ctx.rows.push({
    id: 'P9', workload: `${workload}, ${rounds} cases; bundle ${fmt(bundle.gzipBytes / 1024, 1)} KB gzipped`,
    docket: `claim p95 ${ms(browser.claim.p95Ms)}, Submit & next p95 ${ms(browser.submitAndNext.p95Ms)}`,
    raw: `API claim p95 ${ms(api.claim.p95Ms)}, decision + claim p95 ${ms(api.submitAndNext.p95Ms)}`,
    ratio, bar, met: worstP95 <= 150 && ratio <= 2 ? 'yes' : 'no',
    p50: `${ms(browser.claim.p50Ms)} / ${ms(browser.submitAndNext.p50Ms)}`, p99: '',
  });
}

/**
 * P10: authors' appeals of removals filed by the platform, claimed and overturned by 64 moderators, and the restore
 * orders drained to the platform; the moderators' rate (claim + decide + restore confirmed) against P4's claim +
 * decide rate of the same run.
 */
async function p10(ctx: Context, p4Rate: number): Promise<void> {
  const { pool, cluster, principals, opts, platform, env } = ctx;
  const appeals = opts.quick ? 1000 : 5000;
  await truncateWork(pool);
  platform.reset();
  if (cluster.workers.length === 0) await cluster.startWorkers(1);
  const platformKey = (await createPrincipal(cluster.url, env.ADMIN_API_KEY, { name: `bench platform ${Date.now()}`, role: 'platform' })).apiKey;
  await generate(pool, 'queue', appeals, { reporters: ids(principals), moderatorId: principals.moderators[0].id });
  // Removed by the first moderator, who never gets an appeal of its own decision: the other 63 work them.
  const decisions = await removedCases(pool, principals.moderators[0].id, appeals);
  const keys = principals.moderators.slice(1).map((m) => m.apiKey);

  progress(`P10: the platform files ${fmt(appeals)} appeals`);
  const filing = await fileAppeals(cluster.urls, platformKey, decisions, CLIENTS);
  progress(`P10: ${keys.length} moderators claim and overturn them; the restore orders are drained`);
  const started = process.hrtime.bigint();
  // A claim and a decision per appeal; the few pairs cut short (a claim answered 204 while another connection held
  // the last ones, or the amount ending between a claim and its decision) are made up by passes over what is left.
  const work = await claimAndOverturn(cluster.urls, keys, CLIENTS, appeals);
  for (let left = appeals - work.decisions; left > 0; left = appeals - work.decisions) {
    // The amount ran out between a claim and its decision: those leases are given back, as a moderator would.
    await pool.query(`UPDATE appeals SET claimed_by = NULL, lease_expires_at = NULL WHERE state = 'queued' AND claimed_by IS NOT NULL`);
    const more = await claimAndOverturn(cluster.urls, keys, Math.min(CLIENTS, left), left);
    if (more.decisions === 0) break;
    work.decisions += more.decisions;
    work.doubleClaims += more.doubleClaims;
  }
  await waitFor('every restore order confirmed', async () =>
    ((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE state = 'restored'`)).rows[0].n >= work.decisions ? true : undefined), 120_000, 20);
  const seconds = secondsSince(started);
  const restored = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE state = 'restored'`)).rows[0].n;
  const rate = restored / seconds;
  const ratio = Number.isFinite(p4Rate) ? rate / p4Rate : null;
  ctx.details.P10 = { filing, work, seconds, restored, p4Rate, platform: { orders: platform.orders, badSignatures: platform.badSignatures } };
  ctx.rows.push({
    id: 'P10', workload: `appeals: ${fmt(appeals)} filed, claimed and overturned by ${keys.length} moderators, restore orders drained`,
    docket: `${fmt(rate)} appeals/s restored (filing ${fmt(filing.perSecond)}/s), ${work.doubleClaims} double claims${restored < appeals ? ` (${appeals - restored} NOT RESTORED)` : ''}`,
    raw: Number.isFinite(p4Rate) ? `P4 ${fmt(p4Rate)} cases/s` : 'P4 not run', ratio, bar: '≥ 0.5× P4', met: ratio !== null && ratio >= 0.5 && work.doubleClaims === 0 ? 'yes' : 'no',
    p50: ms(work.p50Ms), p99: ms(work.p99Ms),
  });
}

/** How P4, P6 and P7 change from the smallest to the largest data set (spec: claims must not slow down with queue size). */
function growthLines(ctx: Context): string[] {
  const sizes = ctx.opts.sizes;
  if (sizes.length < 2) return [];
  const [a, b] = [sizeLabel(sizes[0]), sizeLabel(sizes[sizes.length - 1])];
  const d = ctx.details as Record<string, any>;
  const lines = [`Growth ${a} → ${b} cases:`];
  const change = (what: string, x: number | undefined, y: number | undefined, unit: string, digits = 0) => {
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return;
    lines.push(`  ${what}: ${fmt(x, digits)} → ${fmt(y, digits)} ${unit} (×${fmt(y / x, 2)})`);
  };
  const exec = (plan: string | undefined) => Number(/Execution Time: ([\d.]+) ms/.exec(plan ?? '')?.[1] ?? NaN);
  const p4 = (size: string) => d[`P4@${size}`]?.rounds?.[d[`P4@${size}`].medianRound - 1];
  change('P4 docket claim + decide (median round)', p4(a)?.docket?.decisionsPerSecond, p4(b)?.docket?.decisionsPerSecond, 'cases/s');
  change('P4 raw claim + decide (median round)', p4(a)?.raw?.perSecond, p4(b)?.raw?.perSecond, 'cases/s');
  change('claim statement, fresh queue', exec(ctx.explains[`claim @${a} (before load)`]), exec(ctx.explains[`claim @${b} (before load)`]), 'ms', 3);
  change('claim statement, after the load', exec(ctx.explains[`claim @${a} (after load)`]), exec(ctx.explains[`claim @${b} (after load)`]), 'ms', 3);
  if (d[`P6@${a}`]?.docket?.availability?.available) change('P6 docket export', d[`P6@${a}`].docket.rowsPerSecond, d[`P6@${b}`]?.docket?.rowsPerSecond, 'rows/s');
  change('P6 raw COPY', d[`P6@${a}`]?.raw?.rowsPerSecond, d[`P6@${b}`]?.raw?.rowsPerSecond, 'rows/s');
  if (d[`P7@${a}`]?.docket?.availability?.available) change('P7 docket report', d[`P7@${a}`].docket.medianMs, d[`P7@${b}`]?.docket?.medianMs, 'ms');
  change('P7 raw percentile_cont', d[`P7@${a}`]?.raw?.medianMs, d[`P7@${b}`]?.raw?.medianMs, 'ms');
  return lines.length > 1 ? lines : [];
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const group = new ProcessGroup();
  const stopNow = () => {
    group.killAllNow();
    process.exit(130);
  };
  process.once('SIGINT', stopNow);
  process.once('SIGTERM', stopNow);

  progress(`options: ${JSON.stringify({ ...opts, only: opts.only && [...opts.only] })}; child logs in ${LOG_DIR}`);
  const migrations = await recreateBenchDatabase();
  await cleanRedis();
  progress(`${BENCH_DATABASE} created, ${migrations.length} migrations applied`);
  const pool = benchPool(4);
  const platform = await FakePlatform.start();
  const adminKey = newAdminKey();
  const env = docketEnv({ adminKey, platformUrl: platform.url, platformSecret: platform.secret });
  const cluster = new DocketCluster(env, group);
  const ctx: Context = {
    opts, pool, cluster, group, env, platform, rows: [], details: {}, explains: {},
    principals: undefined as unknown as BenchPrincipals,
  };
  let failure: unknown;
  try {
    await cluster.startApis(1);
    ctx.principals = await createBenchPrincipals(cluster.url, adminKey, CLIENTS);
    const machine = await describeMachine(pool, REDIS_URL);
    progress(`machine: ${machine.nproc} cores, ${machine.memTotalGb} GB, node ${machine.node}, PostgreSQL ${machine.postgres}, Redis ${machine.redis}, load ${machine.loadAvg.join(' ')}`);

    // Context only: a quick run, whose figures compare with nothing, skips them to stay under a minute.
    if (!opts.quick && (wants(opts, 'P1') || wants(opts, 'P4'))) await httpFloors(ctx);
    let p1Rate = NaN;
    if (wants(opts, 'P1') || wants(opts, 'P3')) p1Rate = await p1(ctx);
    // P1s loads 1 000 000 posts (about 20 s): a quick run, meant to finish in a minute, runs it only when named.
    if (opts.only ? wants(opts, 'P1S') : !opts.quick) await p1s(ctx, p1Rate);
    if (wants(opts, 'P2')) await p2(ctx);
    if (wants(opts, 'P3')) await p3(ctx, p1Rate);
    if (wants(opts, 'P5')) await p5(ctx);
    // P10's bar is P4's rate of the same run, on the largest queue.
    let p4Rate = NaN;
    for (const size of opts.sizes) {
      if (wants(opts, 'P6') || wants(opts, 'P7')) await audit(ctx, size);
      if (wants(opts, 'P4')) p4Rate = await p4(ctx, size);
    }
    let p8Rate = NaN;
    if (wants(opts, 'P8')) p8Rate = await p8(ctx);
    if (wants(opts, 'P11')) await p11(ctx, p8Rate);
    if (wants(opts, 'P10')) await p10(ctx, p4Rate);
    if (wants(opts, 'P9')) await p9(ctx);
    if (wants(opts, 'P12')) {
      progress('P12: the queue simulator, 100 000 cases × 50 moderators');
      const { row, details } = simulatorRow();
      ctx.rows.push(row);
      ctx.details.P12 = details;
    }

    if (opts.procs > 1 && (wants(opts, 'P1') || wants(opts, 'P5'))) {
      progress(`scale-out: ${opts.procs} API and ${opts.procs} worker processes`);
      await cluster.stop();
      await cluster.startApis(opts.procs);
      if (wants(opts, 'P1')) await p1(ctx, `P1×${opts.procs}`, opts.procs);
      if (wants(opts, 'P5')) await p5(ctx, `P5×${opts.procs}`, opts.procs);
    }

    for (const [name, plan] of Object.entries(ctx.explains)) console.log(`\nEXPLAIN (ANALYZE, BUFFERS) ${name}:\n${plan}`);
    console.log(`\n${table(ctx.rows)}\n`);
    const growth = growthLines(ctx);
    if (growth.length > 0) console.log(`${growth.join('\n')}\n`);
    const file = writeResults(join(__dirname, '..', '..', 'bench', 'results'), {
      startedAt: new Date(t0).toISOString(), seconds: (Date.now() - t0) / 1000, options: { ...opts, only: opts.only && [...opts.only] },
      machine, rows: ctx.rows, growth, details: ctx.details, explains: ctx.explains,
    });
    console.log(`results: ${file}`);
  } catch (err) {
    failure = err;
  } finally {
    await stopEverything({ cluster, group, platform, pool, keep: opts.keep }, progress);
  }
  exitOnFailure(failure);
}

void main();
