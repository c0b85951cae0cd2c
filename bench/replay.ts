// `npm run replay -- --scenario <file> --moderators K [--compression C] [--out DIR] [--keep]`
//
// Replays a scenario (docs/staffing.md) through a real docket started as the bench starts it (its own database
// docket_replay, Redis prefix {replay}, a local fake platform): files the scenario's notices through the API on the
// scenario's clock sped up C times, has K moderators (and the scenario's seniors) claim and decide through the API
// with the scenario's handling times, then prints what docket did beside what the simulator predicted and a FIFO
// baseline, and writes a chart of the backlog. A breach is a result, not an error: it exits 0 whatever the figures.
import './replay-env';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DeadlinePolicy } from '@docket/deadlines';
import { Scenario, ScenarioError, ScenarioNotice, SimResult, parseScenario, percentileCont, scenarioNotices, simulate } from '@docket/staffing';
import { BENCH_DATABASE, benchPool, cleanRedis, recreateBenchDatabase } from './bench-db';
import { DocketCluster, docketEnv, newAdminKey } from './docket';
import { LOG_DIR, ProcessGroup } from './docket-process';
import { FakePlatform } from './platform';
import { exitOnFailure, stopEverything } from './teardown';
import { createPrincipal } from './principals';
import { sleep } from './stats';
import { ChartSeries, chartSvg } from './replay-chart';
import { compressedPolicy, predictedCases } from './replay-model';

const USAGE = 'usage: npm run replay -- --scenario <file> --moderators K [--compression C] [--out DIR] [--keep]';
/** How often an idle moderator asks for a case again, and how often the backlog is sampled (real ms). */
const POLL_MS = 50;
const SAMPLE_MS = 1000;

interface Options {
  scenario: string;
  moderators: number;
  compression?: number;
  out: string;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const opts: Partial<Options> = { out: join(__dirname, '..', '..', 'bench', 'results'), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--scenario': opts.scenario = value(); break;
      case '--moderators': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 200) throw new Error(`--moderators: expected a whole number from 1 to 200, got ${v}`);
        opts.moderators = n;
        break;
      }
      case '--compression': {
        const v = value();
        const c = Number(v);
        if (!Number.isFinite(c) || c < 1 || c > 10_000) throw new Error(`--compression: expected scenario seconds per real second, from 1 to 10000, got ${v}`);
        opts.compression = c;
        break;
      }
      case '--out': opts.out = resolve(value()); break;
      case '--keep': opts.keep = true; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (!opts.scenario) throw new Error(`--scenario is required\n${USAGE}`);
  if (!opts.moderators) throw new Error(`--moderators is required\n${USAGE}`);
  return opts as Options;
}

const progress = (msg: string) => console.error(`[replay ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** What one queue (docket, the simulator, FIFO) did with the notices of a group, in scenario seconds. */
interface Outcome {
  cases: number;
  within: number;
  /** Receipt to closing (removal confirmed or no violation decided); Infinity for a case never closed. */
  times: number[];
}

function line(name: string, o: Outcome): string {
  const sorted = Float64Array.from(o.times).sort();
  const open = o.times.filter((t) => !Number.isFinite(t)).length;
  const fmt = (s: number | null) => (s === null ? `— (${open} never closed)` : duration(s));
  const worst = open > 0 ? null : sorted.length ? sorted[sorted.length - 1] : 0;
  return `| ${name.padEnd(9)} | ${`${o.within}/${o.cases} within deadline`.padEnd(25)} | median ${fmt(percentileCont(sorted, 0.5)).padEnd(8)} | p90 ${fmt(percentileCont(sorted, 0.9)).padEnd(8)} | worst ${fmt(worst).padEnd(8)} |`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 10) return `${minutes.toFixed(1)} min`;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  return `${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
}

function simulated(result: SimResult, due: number[], arrival: number[], indices: number[]): Outcome {
  let within = 0;
  const times = indices.map((i) => {
    const d = result.decidedAt[i];
    if (Number.isNaN(d)) return Infinity;
    if (d <= due[i]) within += 1;
    return d - arrival[i];
  });
  return { cases: indices.length, within, times };
}

async function api(url: string, key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const DECISIONS = {
  remove: { action: 'remove', ground: 'illegal_content', legalGround: 'Incitement to violence (replay)', explanation: 'Calls for violence against named people (replay).' },
  no_violation: { action: 'no_violation', explanation: 'Rude, but within the rules (replay).' },
  escalate: { action: 'escalate', explanation: 'Needs a senior look (replay).' },
};

async function main(): Promise<void> {
  let opts: Options;
  let scenario: Scenario;
  try {
    opts = parseOptions(process.argv.slice(2));
    const text = readFileSync(opts.scenario, 'utf8');
    scenario = parseScenario(text, opts.scenario);
  } catch (err) {
    console.error(err instanceof ScenarioError || err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  const C = opts.compression ?? scenario.compression;
  const seniors = scenario.seniors ?? 0;
  const run = randomBytes(4).toString('hex');
  const notices = scenarioNotices(scenario, `${scenario.name}-${run}`);
  const byPost = new Map(notices.map((n) => [n.post.id, n]));
  progress(`${scenario.name}: ${notices.length} notices over ${scenario.durationMinutes} scenario minutes at ${C}× (${(scenario.durationMinutes * 60 / C).toFixed(0)} s of inflow), ${opts.moderators} moderator(s) and ${seniors} senior(s)`);

  const group = new ProcessGroup();
  const stopNow = () => {
    group.killAllNow();
    process.exit(130);
  };
  process.once('SIGINT', stopNow);
  process.once('SIGTERM', stopNow);

  await recreateBenchDatabase();
  await cleanRedis();
  const pool = benchPool(2, 'docket-replay');
  const platform = await FakePlatform.start();
  const adminKey = newAdminKey();
  const cluster = new DocketCluster(docketEnv({ adminKey, platformUrl: platform.url, platformSecret: platform.secret }), group);
  let failure: unknown;
  try {
    await cluster.startApis(1);
    await cluster.startWorkers(1);
    const url = cluster.url;
    progress(`docket up (database ${BENCH_DATABASE}, child logs in ${LOG_DIR})`);

    // Deadlines run C times faster, like everything else.
    const policy = (await api(url, adminKey, 'GET', '/v1/admin/deadline-policy')).json as DeadlinePolicy;
    const compressed = compressedPolicy(policy, C);
    const put = await api(url, adminKey, 'PUT', '/v1/admin/deadline-policy', compressed);
    if (put.status !== 200) throw new Error(`setting the compressed deadline policy failed: ${put.status} ${JSON.stringify(put.json)}`);

    const reporters = new Map<string, string>();
    for (const kind of new Set(notices.map((n) => n.reporterKind))) {
      reporters.set(kind, (await createPrincipal(url, adminKey, { name: `replay ${kind}`, role: 'reporter', kind })).apiKey);
    }
    const people: { key: string; tier: 'standard' | 'senior' }[] = [];
    for (let i = 0; i < opts.moderators; i++) people.push({ key: (await createPrincipal(url, adminKey, { name: `volunteer ${i + 1}`, role: 'moderator' })).apiKey, tier: 'standard' });
    for (let i = 0; i < seniors; i++) people.push({ key: (await createPrincipal(url, adminKey, { name: `senior ${i + 1}`, role: 'senior' })).apiKey, tier: 'senior' });

    // The prediction, made before anything is filed: the simulator on the scenario and docket's (compressed) policy.
    const cases = predictedCases(notices, compressed, C);
    const arrival = cases.map((c) => c.arrival);
    const due = cases.map((c) => c.due);
    const base = { moderators: opts.moderators, seniors, seed: scenario.seed, trace: true };
    const edf = simulate(cases, base);
    const fifo = simulate(cases, { ...base, discipline: 'fifo' });

    // Filing on the scenario's clock: a batch in one request, the rest one by one.
    const groups: { at: number; kind: string; notices: ScenarioNotice[] }[] = [];
    for (const n of notices) {
      const last = groups[groups.length - 1];
      if (last && last.at === n.at && last.kind === n.reporterKind) last.notices.push(n);
      else groups.push({ at: n.at, kind: n.reporterKind, notices: [n] });
    }
    const toBody = (n: ScenarioNotice) => ({
      post: { id: n.post.id, url: `https://social.example/replay/${n.post.id}`, text: n.post.text, language: n.post.language },
      category: n.category, ...(n.specification.length ? { specification: n.specification } : {}), externalRef: n.post.id,
    });
    const startReal = Date.now() + 1000;
    const scenarioNow = () => ((Date.now() - startReal) / 1000) * C;
    let stopped = false;
    let busy = 0;
    let lost = 0;
    let errors = 0;
    let sent = 0;
    const escalated = new Set<string>();

    const filing = (async () => {
      await sleep(startReal - Date.now());
      for (const g of groups) {
        const wait = startReal + (g.at / C) * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        const key = reporters.get(g.kind)!;
        for (let i = 0; i < g.notices.length; i += 500) {
          const chunk = g.notices.slice(i, i + 500);
          const res = chunk.length === 1
            ? await api(url, key, 'POST', '/v1/reports', toBody(chunk[0]))
            : await api(url, key, 'POST', '/v1/reports/batch', { reports: chunk.map(toBody) });
          if (res.status !== 202) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
          sent += chunk.length;
        }
      }
    })();

    const work = async (person: { key: string; tier: 'standard' | 'senior' }) => {
      await sleep(Math.max(0, startReal - Date.now()));
      while (!stopped) {
        await step(person).catch((err) => {
          errors += 1;
          progress(`a moderator's call failed: ${(err as Error).message}`);
          return sleep(POLL_MS);
        });
      }
    };
    const step = async (person: { key: string; tier: 'standard' | 'senior' }) => {
      const claim = await api(url, person.key, 'POST', '/v1/queue/claim', { tier: person.tier });
      if (claim.status !== 200) {
        if (claim.status !== 204) errors += 1;
        await sleep(POLL_MS);
        return;
      }
      busy += 1;
      try {
        const c = claim.json;
        const plan = byPost.get(c.post.id);
        if (!plan) throw new Error(`claimed a case of a post the scenario did not file: ${c.post.id}`);
        const afterEscalation = escalated.has(c.id);
        await sleep(((afterEscalation ? plan.seniorHandlingSeconds : plan.handlingSeconds) / C) * 1000);
        // A moderator escalates when the scenario says so; on the senior tier the case is decided (removed).
        const action = person.tier === 'standard' ? plan.outcome : plan.outcome === 'escalate' ? 'remove' : plan.outcome;
        const decided = await api(url, person.key, 'POST', `/v1/cases/${c.id}/decision`, DECISIONS[action]);
        if (decided.status === 200 && action === 'escalate') escalated.add(c.id);
        // 409: the deadline passed while the case was in hand; it went to the senior tier and this work is lost.
        else if (decided.status === 409) lost += 1;
        else if (decided.status !== 200) errors += 1;
      } finally {
        busy -= 1;
      }
    };
    const workers = people.map((p) => work(p));

    // The backlog over time, and the end: everything filed, nothing left that anyone working can take or finish.
    const trace: { t: number; open: number; overdue: number }[] = [];
    const predictedEnd = Math.max(scenario.durationMinutes * 60, ...Array.from(edf.decidedAt).filter((d) => !Number.isNaN(d)));
    const giveUpAt = startReal + ((predictedEnd * 1.5) / C) * 1000 + 120_000;
    let filed = false;
    let filingFailed: unknown;
    void filing.then(() => (filed = true), (err) => (filingFailed = err ?? new Error('filing failed')));
    for (;;) {
      if (filingFailed) {
        stopped = true;
        await Promise.all(workers);
        throw filingFailed;
      }
      await sleep(SAMPLE_MS);
      const { rows: [s] } = await pool.query<{ open: number; overdue: number; waiting: number; standard: number; senior: number }>(
        `SELECT count(*) FILTER (WHERE state IN ('received', 'queued'))::int AS open,
                count(*) FILTER (WHERE state IN ('received', 'queued') AND due_at < now())::int AS overdue,
                count(*) FILTER (WHERE state IN ('received', 'removing'))::int AS waiting,
                count(*) FILTER (WHERE state = 'queued' AND tier = 'standard')::int AS standard,
                count(*) FILTER (WHERE state = 'queued' AND tier = 'senior')::int AS senior
           FROM cases`);
      trace.push({ t: scenarioNow(), open: s.open, overdue: s.overdue });
      if (filed && busy === 0 && s.waiting === 0 && s.standard === 0 && (s.senior === 0 || seniors === 0)) break;
      if (Date.now() > giveUpAt) {
        progress(`stopping: ${s.open} case(s) still open well after the simulator's predicted end`);
        break;
      }
      if (trace.length % 30 === 0) progress(`scenario minute ${Math.round(scenarioNow() / 60)}: ${sent}/${notices.length} filed, ${s.open} open, ${s.overdue} past deadline`);
    }
    stopped = true;
    await filing;
    await Promise.all(workers);

    // What docket did, from its own timestamps (real seconds × C: scenario seconds).
    const { rows } = await pool.query<{ post_id: string; first: Date; due: Date; closed: Date | null }>(
      `SELECT post_id, first_reported_at AS first, due_at AS due, closed_at AS closed FROM cases`);
    const measured = new Map(rows.map((r) => [r.post_id, r]));
    const sources = [...new Set(notices.map((n) => n.source))];
    const index = new Map(notices.map((n, i) => [n.post.id, i]));
    const docketOutcome = (ids: string[]): Outcome => {
      let within = 0;
      const times = ids.map((id) => {
        const r = measured.get(id);
        if (!r || !r.closed) return Infinity;
        if (r.closed.getTime() <= r.due.getTime()) within += 1;
        return ((r.closed.getTime() - r.first.getTime()) / 1000) * C;
      });
      return { cases: ids.length, within, times };
    };
    const report: string[] = [];
    const table = (title: string, subset: ScenarioNotice[]) => {
      const ids = subset.map((n) => n.post.id);
      const indices = ids.map((id) => index.get(id)!);
      report.push('', `${title} (${subset.length} notices)`);
      report.push(line('docket', docketOutcome(ids)), line('simulator', simulated(edf, due, arrival, indices)), line('fifo', simulated(fifo, due, arrival, indices)));
    };
    table('every notice', notices);
    for (const source of sources) table(source, notices.filter((n) => n.source === source));

    console.log(`\nreplay of ${scenario.name} (${opts.scenario}) with ${opts.moderators} moderator(s) and ${seniors} senior(s), at ${C}×`);
    console.log('times are scenario time, from receipt to the case closed (removal confirmed, or no violation decided)');
    console.log(report.join('\n'));
    console.log(`\ndocket: ${lost} decision(s) refused because the deadline passed in hand (work lost; the simulator predicted ${edf.lostClaims}), ${errors} unexpected answer(s); platform: ${platform.orders} removal order(s), ${platform.duplicates} duplicate(s), ${platform.badSignatures} bad signature(s)`);

    mkdirSync(opts.out, { recursive: true });
    const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\..+$/, '');
    const stem = join(opts.out, `replay-${basename(opts.scenario).replace(/\.json$/, '')}-k${opts.moderators}-${stamp}`);
    const end = Math.max(trace.at(-1)?.t ?? 0, predictedEnd);
    const points = (r: SimResult, key: 'open' | 'overdue') => r.trace!.t.map((t, i) => ({ t, v: r.trace![key][i] }));
    const series: ChartSeries[] = [
      { label: 'docket: open', colour: '#111', points: trace.map((p) => ({ t: p.t, v: p.open })) },
      { label: 'simulator: open', colour: '#1f6fd1', dash: '6 3', points: points(edf, 'open') },
      { label: 'fifo: open', colour: '#999', dash: '2 3', points: points(fifo, 'open') },
      { label: 'docket: past deadline', colour: '#c62828', points: trace.map((p) => ({ t: p.t, v: p.overdue })) },
      { label: 'simulator: past deadline', colour: '#ef8a62', dash: '6 3', points: points(edf, 'overdue') },
    ];
    const markers = scenario.batches.flatMap((b) => {
      const first = notices.findIndex((n) => n.source === b.name);
      return first < 0 ? [] : [{ t: b.atMinute * 60, label: `${b.name} filed` }, { t: cases[first].due, label: 'its deadline' }];
    });
    writeFileSync(`${stem}.svg`, chartSvg(
      `${scenario.name}: backlog with ${opts.moderators} moderator(s) and ${seniors} senior(s)`,
      `open cases and open cases past their deadline, docket (measured at ${C}×) beside the simulator's prediction and FIFO`,
      series, markers, end,
    ));
    writeFileSync(`${stem}.json`, `${JSON.stringify({
      scenario: opts.scenario, moderators: opts.moderators, seniors, compression: C, notices: notices.length, report, lost, errors,
      simulator: { edf: { ...edf, decidedAt: undefined, breachedInRun: undefined }, fifo: { ...fifo, decidedAt: undefined, breachedInRun: undefined } },
      docketTrace: trace,
    }, null, 2)}\n`);
    console.log(`\nchart: ${stem}.svg\nfigures: ${stem}.json`);
  } catch (err) {
    failure = err;
  } finally {
    await stopEverything({ cluster, group, platform, pool, keep: opts.keep }, progress);
  }
  exitOnFailure(failure);
}

void main();
