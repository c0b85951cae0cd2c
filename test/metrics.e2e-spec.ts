import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Queue } from 'bullmq';
import { register } from 'prom-client';
import request from 'supertest';
import { AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { Transactions } from '@docket/database';
import { MetricsListener, MetricsRepository } from '@docket/metrics';
import { QUEUES } from '@docket/queue';
import { Docket, bearer, startDocket } from './support/docket';
import { freePort } from './support/redis-server';
import { Keys, REMOVE, fileQueued, reviewKeys } from './support/review';
import { waitFor } from './support/wait-for';

// ---------------------------------------------------------------------------
// A small parser of the Prometheus text format (0.0.4) that refuses what
// Prometheus would: a sample before its TYPE, a second HELP/TYPE, a family split
// in two, a series twice, a histogram whose buckets are not cumulative.
// ---------------------------------------------------------------------------

type Labels = Record<string, string>;
interface Sample { name: string; labels: Labels; value: number }
interface Family { name: string; type: string; help: string; samples: Sample[] }

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

function parseValue(raw: string): number {
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN' || raw === 'Nan') return NaN;
  const n = Number(raw);
  if (raw.trim() === '' || Number.isNaN(n)) throw new Error(`not a sample value: ${raw}`);
  return n;
}

function parseLabels(raw: string | undefined, line: string): Labels {
  const labels: Labels = {};
  if (!raw) return labels;
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < raw.length) {
    const m = LABEL.exec(raw);
    if (!m) throw new Error(`bad labels in: ${line}`);
    if (m[1] in labels) throw new Error(`label ${m[1]} twice in: ${line}`);
    labels[m[1]] = m[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return labels;
}

function familyOf(sampleName: string, families: Map<string, Family>): Family | undefined {
  const exact = families.get(sampleName);
  if (exact && exact.type !== 'histogram' && exact.type !== 'summary') return exact;
  const m = /^(.*)_(bucket|sum|count)$/.exec(sampleName);
  const base = m && families.get(m[1]);
  if (base && (base.type === 'histogram' || (base.type === 'summary' && m![2] !== 'bucket'))) return base;
  return undefined;
}

function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: Family | undefined;
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('exposition must end with a newline');
  for (const line of lines) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (meta) {
      const [, kind, name, rest = ''] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`bad metric name: ${line}`);
      let family = families.get(name);
      if (family && closed.has(name)) throw new Error(`family ${name} appears twice`);
      if (!family) {
        if (current && current.name !== name) closed.add(current.name);
        family = { name, type: '', help: '', samples: [] };
        families.set(name, family);
        current = family;
      }
      if (kind === 'HELP') {
        if (family.help) throw new Error(`second HELP for ${name}`);
        family.help = rest;
      } else {
        if (family.type) throw new Error(`second TYPE for ${name}`);
        if (family.samples.length) throw new Error(`TYPE after samples for ${name}`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad TYPE: ${line}`);
        family.type = rest;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const family = familyOf(m[1], families);
    if (!family || !family.type) throw new Error(`sample without a TYPE: ${line}`);
    if (family !== current) throw new Error(`family ${family.name} is split: ${line}`);
    const labels = parseLabels(m[2], line);
    const key = `${m[1]}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`series twice: ${line}`);
    seen.add(key);
    family.samples.push({ name: m[1], labels, value: parseValue(m[3]) });
  }
  for (const family of families.values()) {
    if (!family.help || !family.type) throw new Error(`${family.name} lacks HELP or TYPE`);
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

/** Per label set (without `le`): buckets ascending in le, cumulative, +Inf last and equal to _count. */
function checkHistogram(family: Family): void {
  const groups = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) ?? { buckets: [] };
    groups.set(key, g);
    if (s.name === `${family.name}_bucket`) {
      if (le === undefined) throw new Error(`${family.name}_bucket without le`);
      g.buckets.push([parseValue(le), s.value]);
    } else if (s.name === `${family.name}_sum`) g.sum = s.value;
    else if (s.name === `${family.name}_count`) g.count = s.value;
    else throw new Error(`unexpected sample ${s.name} in histogram ${family.name}`);
  }
  for (const [key, g] of groups) {
    const where = `${family.name}${key}`;
    if (g.sum === undefined || g.count === undefined) throw new Error(`${where} lacks _sum or _count`);
    const last = g.buckets[g.buckets.length - 1];
    if (!last || last[0] !== Infinity) throw new Error(`${where} lacks a last le="+Inf" bucket`);
    if (last[1] !== g.count) throw new Error(`${where}: +Inf bucket ${last[1]} differs from _count ${g.count}`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (!(g.buckets[i][0] > g.buckets[i - 1][0])) throw new Error(`${where}: le not ascending`);
      if (g.buckets[i][1] < g.buckets[i - 1][1]) throw new Error(`${where}: buckets not cumulative`);
    }
  }
}

function series(families: Map<string, Family>, name: string): Sample[] {
  const family = familyOf(name, families);
  return family ? family.samples.filter((s) => s.name === name) : [];
}

/** The value of exactly one series; undefined when there is none. */
function valueOf(families: Map<string, Family>, name: string, labels: Labels = {}): number | undefined {
  const matching = series(families, name).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v) && Object.keys(s.labels).length === Object.keys(labels).length);
  if (matching.length > 1) throw new Error(`${matching.length} series match ${name}${JSON.stringify(labels)}`);
  return matching[0]?.value;
}

/** The API's metrics listener (METRICS_HOST:METRICS_PORT), not its API port. */
function listenerUrl(docket: Docket): string {
  const url = docket.app.get(MetricsListener).url;
  if (!url) throw new Error('the metrics listener is off: give the suite a METRICS_PORT');
  return url;
}

const metricsOf = (url: string) => request(url).get('/metrics');

async function scrapeUrl(url: string): Promise<Map<string, Family>> {
  const res = await metricsOf(url);
  if (res.status !== 200) throw new Error(`GET ${url}/metrics answered ${res.status}: ${res.text}`);
  return parseExposition(res.text);
}

const scrape = (docket: Docket) => scrapeUrl(listenerUrl(docket));

/** A port for each process's metrics listener: suites run beside each other, so never the fixed default. */
const metricsPort = async () => String(await freePort());

function queueOf(docket: Docket, name: string): Queue {
  return new Queue(name, { connection: { url: docket.config.REDIS_URL, maxRetriesPerRequest: 1 }, prefix: docket.config.QUEUE_PREFIX });
}

// ---------------------------------------------------------------------------

describe('GET /metrics', () => {
  let docket: Docket;
  let keys: Keys;
  let T: Date;

  beforeAll(async () => {
    // Every scrape here reads afresh (METRICS_REFRESH_MS=0): the figures are checked right after each change. One
    // reading per interval has its suite below.
    docket = await startDocket({ worker: true, env: { METRICS_PORT: await metricsPort(), METRICS_REFRESH_MS: '0' } });
    keys = await reviewKeys(docket);

    // Five cases in the review queue, through the API and the triage worker.
    const filed: string[] = [];
    for (let i = 0; i < 5; i++) filed.push((await fileQueued(docket, keys.provider, keys.moderator)).caseId);

    // One in review (leased), one decided remove (awaiting enforcement: no platform URL is set), one escalated to senior.
    const claim = async (key: string) => {
      const res = await docket.http().post('/v1/queue/claim').set(bearer(key)).send({});
      if (res.status !== 200) throw new Error(`claim: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const decide = async (key: string, id: string, body: object) => {
      const res = await docket.http().post(`/v1/cases/${id}/decision`).set(bearer(key)).send(body);
      if (res.status !== 200) throw new Error(`decision: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const inReview = await claim(keys.moderator);
    const removing = await claim(keys.moderator2);
    expect((await decide(keys.moderator2, removing, REMOVE)).state).toBe('removing');
    const escalated = await claim(keys.moderator2);
    expect((await decide(keys.moderator2, escalated, { action: 'escalate', explanation: 'Needs a senior eye.' })).tier).toBe('senior');
    const claimable = filed.filter((id) => ![inReview, removing, escalated].includes(id));
    expect(claimable).toHaveLength(2);

    // From here the clock stands still, so ages are exact: queued 10 min, 2 min and (senior) 30 s before T.
    T = new Date(Math.floor(Date.now() / 1000) * 1000);
    docket.clock.set(T);
    const queuedAgo = (id: string, seconds: number) =>
      docket.db.query(`UPDATE cases SET queued_at = $2::timestamptz - make_interval(secs => $3) WHERE id = $1`, [id, T, seconds]);
    await queuedAgo(claimable[0], 600);
    await queuedAgo(claimable[1], 120);
    await queuedAgo(escalated, 30);
    // The case in review was queued longest ago, but it is not claimable: it must not count as the oldest.
    await queuedAgo(inReview, 5000);

    // States the API cannot reach in a test: removed cases (60 s, 90 s and 4000 s to removal), a failed removal, breaches.
    const insertCase = async (state: string, secondsToRemoval: number | null, breached: boolean) => {
      const postId = `metrics-${randomUUID()}`;
      await docket.db.query(`INSERT INTO posts (id) VALUES ($1)`, [postId]);
      await docket.db.query(
        `INSERT INTO cases (id, post_id, state, category, categories, due_at, first_reported_at, removed_at, breached_at)
         VALUES (gen_random_uuid(), $1, $2, 'STATEMENT_CATEGORY_VIOLENCE', '{STATEMENT_CATEGORY_VIOLENCE}',
                 $3::timestamptz - interval '1 hour', $3::timestamptz - interval '2 hours',
                 CASE WHEN $4::float8 IS NULL THEN NULL ELSE $3::timestamptz - interval '2 hours' + make_interval(secs => $4::float8) END,
                 CASE WHEN $5 THEN $3::timestamptz - interval '1 hour' END)`,
        [postId, state, T, secondsToRemoval, breached],
      );
    };
    await insertCase('removed', 60, false);
    await insertCase('removed', 90, false);
    await insertCase('removed', 4000, true);
    await insertCase('removal_failed', null, true);

    // Two deadline warnings and one breach in the (append-only) audit log; only warnings count as warnings.
    for (const action of ['case.deadline_warning', 'case.deadline_warning', 'case.breached']) {
      // Through the log itself: events are hash-chained, so they cannot be inserted beside it.
      await docket.app.get(Transactions).run((tx) =>
        docket.app.get(AuditLog).record(tx, { actor: SYSTEM_ACTOR, action, subjectType: 'case', subjectId: claimable[0], at: new Date(T) }),
      );
    }
  });
  afterAll(() => docket.close());

  it('needs no API key, answers with prom-client\'s content type and valid exposition text', async () => {
    const res = await metricsOf(listenerUrl(docket));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(register.contentType);
    const families = parseExposition(res.text);
    expect([...families.keys()]).toEqual(expect.arrayContaining([
      'docket_queue_depth', 'docket_cases_in_review', 'docket_queue_oldest_age_seconds', 'docket_cases_awaiting_enforcement',
      'docket_cases_removal_failed', 'docket_deadline_warnings_total', 'docket_deadline_breaches_total', 'docket_time_to_removal_seconds',
      'docket_bullmq_jobs', 'docket_http_request_duration_seconds', 'docket_redis_up', 'docket_database_up', 'process_cpu_user_seconds_total',
    ]));
    expect(families.get('docket_time_to_removal_seconds')!.type).toBe('histogram');
    expect(families.get('docket_http_request_duration_seconds')!.type).toBe('histogram');
    expect(families.get('docket_deadline_warnings_total')!.type).toBe('counter');
    expect(families.get('docket_queue_depth')!.type).toBe('gauge');

    // A key, even a wrong one, changes nothing: the listener knows no keys.
    expect((await metricsOf(listenerUrl(docket)).set(bearer('not-a-key'))).status).toBe(200);
  });

  it('is not served on the API\'s port: GET /metrics there is a 404 like any unknown route', async () => {
    for (const key of [undefined, docket.adminKey]) {
      const res = key ? await docket.http().get('/metrics').set(bearer(key)) : await docket.http().get('/metrics');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
      expect(res.text).not.toContain('docket_');
    }
  });

  it('the listener serves GET /metrics only: any other path or method is a 404 without metrics', async () => {
    const url = listenerUrl(docket);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const path of ['/', '/health', '/docs-json', '/v1/reports', '/metrics/', '/metrics/x', '/metricsx']) {
      const res = await request(url).get(path);
      expect({ path, status: res.status, metrics: res.text.includes('docket_') }).toEqual({ path, status: 404, metrics: false });
    }
    for (const method of ['post', 'put', 'delete'] as const) {
      expect({ method, status: (await request(url)[method]('/metrics')).status }).toEqual({ method, status: 404 });
    }
    expect((await request(url).get('/metrics?name[]=docket_queue_depth')).status).toBe(200);
  });

  it('reports the review queue per tier, cases awaiting enforcement, failed removals, warnings and breaches', async () => {
    const m = await scrape(docket);
    expect(valueOf(m, 'docket_queue_depth', { tier: 'standard' })).toBe(2);
    expect(valueOf(m, 'docket_queue_depth', { tier: 'senior' })).toBe(1);
    expect(valueOf(m, 'docket_cases_in_review', { tier: 'standard' })).toBe(1);
    expect(valueOf(m, 'docket_cases_in_review', { tier: 'senior' })).toBe(0);
    expect(valueOf(m, 'docket_queue_oldest_age_seconds', { tier: 'standard' })).toBe(600);
    expect(valueOf(m, 'docket_queue_oldest_age_seconds', { tier: 'senior' })).toBe(30);
    expect(valueOf(m, 'docket_cases_awaiting_enforcement')).toBe(1);
    expect(valueOf(m, 'docket_cases_removal_failed')).toBe(1);
    expect(valueOf(m, 'docket_deadline_warnings_total')).toBe(2);
    expect(valueOf(m, 'docket_deadline_breaches_total')).toBe(2);
    expect(valueOf(m, 'docket_database_up')).toBe(1);

    // Computed at scrape time: the lease running out puts the case back in the queue, and it is the oldest now.
    docket.clock.advance(3600_000);
    const later = await scrape(docket);
    expect(valueOf(later, 'docket_queue_depth', { tier: 'standard' })).toBe(3);
    expect(valueOf(later, 'docket_cases_in_review', { tier: 'standard' })).toBe(0);
    expect(valueOf(later, 'docket_queue_oldest_age_seconds', { tier: 'standard' })).toBe(5000 + 3600);
    expect(valueOf(later, 'docket_queue_oldest_age_seconds', { tier: 'senior' })).toBe(30 + 3600);
    docket.clock.set(T);
  });

  it('reports time to removal as a cumulative histogram over removed cases', async () => {
    const m = await scrape(docket);
    const buckets = Object.fromEntries(series(m, 'docket_time_to_removal_seconds_bucket').map((s) => [s.labels.le, s.value]));
    expect(buckets).toEqual({
      '60': 1, '300': 2, '900': 2, '3600': 2, '7200': 3, '21600': 3, '86400': 3, '172800': 3, '604800': 3, '+Inf': 3,
    });
    expect(valueOf(m, 'docket_time_to_removal_seconds_sum')).toBe(60 + 90 + 4000);
    expect(valueOf(m, 'docket_time_to_removal_seconds_count')).toBe(3);
  });

  it('times HTTP requests by route template and status, never by raw URL', async () => {
    const caseId = (await docket.db.query(`SELECT id FROM cases WHERE state = 'removing'`)).rows[0].id as string;
    const missing = randomUUID();
    const key = (route: string, status: string) => ({ method: 'GET', route, status_code: status });
    const count = (m: Map<string, Family>, route: string, status: string) => valueOf(m, 'docket_http_request_duration_seconds_count', key(route, status)) ?? 0;
    const before = await scrape(docket);

    expect((await docket.http().get(`/v1/cases/${caseId}`).set(bearer(keys.moderator))).status).toBe(200);
    expect((await docket.http().get(`/v1/cases/${missing}`).set(bearer(keys.moderator))).status).toBe(404);
    expect((await docket.http().get(`/v1/nothing-here/${missing}`)).status).toBe(404);
    expect((await docket.http().get(`/v1/nothing-here/${missing}`)).status).toBe(404);

    // onResponse runs once the response is written: wait for it rather than race it.
    const after = await waitFor('the requests to be timed', async () => {
      const m = await scrape(docket);
      return count(m, '/v1/cases/:id', '200') > count(before, '/v1/cases/:id', '200') && count(m, 'unmatched', '404') >= count(before, 'unmatched', '404') + 2 ? m : undefined;
    });
    expect(count(after, '/v1/cases/:id', '200')).toBe(count(before, '/v1/cases/:id', '200') + 1);
    expect(count(after, '/v1/cases/:id', '404')).toBe(count(before, '/v1/cases/:id', '404') + 1);
    expect(count(after, 'unmatched', '404')).toBe(count(before, 'unmatched', '404') + 2);
    const bucket = series(after, 'docket_http_request_duration_seconds_bucket').find((s) => s.labels.route === '/v1/cases/:id' && s.labels.status_code === '200' && s.labels.le === '+Inf');
    expect(bucket?.value).toBe(count(after, '/v1/cases/:id', '200'));
    expect(valueOf(after, 'docket_http_request_duration_seconds_sum', key('/v1/cases/:id', '200'))).toBeGreaterThan(0);

    const routes = new Set(series(after, 'docket_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect(routes).toContain('/v1/queue/claim');
    // Scrapes go to the metrics listener, not through the API: they are not API requests to time.
    expect(routes).not.toContain('/metrics');
    for (const route of routes) expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|nothing-here/);
  });

  it('is not in the OpenAPI document: the API does not serve it', async () => {
    const doc = (await docket.http().get('/docs-json')).body;
    expect(doc.paths['/health']).toBeDefined();
    expect(doc.paths['/metrics']).toBeUndefined();
  });

  it('reports BullMQ jobs per queue and state, read from Redis (so what every worker did)', async () => {
    const triage = queueOf(docket, QUEUES.triage);
    const alerts = queueOf(docket, QUEUES.alerts);
    try {
      const first = await scrape(docket);
      for (const queue of Object.values(QUEUES)) {
        for (const state of ['waiting', 'active', 'failed', 'delayed']) expect(valueOf(first, 'docket_bullmq_jobs', { queue, state })).toEqual(expect.any(Number));
      }
      expect(series(first, 'docket_bullmq_jobs')).toHaveLength(Object.values(QUEUES).length * 4);
      expect(valueOf(first, 'docket_redis_up')).toBe(1);
      expect(valueOf(first, 'docket_bullmq_jobs', { queue: 'triage', state: 'failed' })).toBe(0);

      // A job no handler knows fails in the worker for good (one attempt).
      await triage.add('metrics.no-such-job', {}, { jobId: 'metrics-unknown', attempts: 1 });
      await waitFor('the job to fail', async () => valueOf(await scrape(docket), 'docket_bullmq_jobs', { queue: 'triage', state: 'failed' }) === 1);

      // With the worker stopped nothing moves: two jobs wait, one is delayed.
      await docket.stopWorker();
      const before = await scrape(docket);
      const at = (m: Map<string, Family>, state: string) => valueOf(m, 'docket_bullmq_jobs', { queue: 'alerts', state })!;
      await alerts.add('metrics.a', {}, { jobId: 'metrics-a' });
      await alerts.add('metrics.b', {}, { jobId: 'metrics-b' });
      await alerts.add('metrics.c', {}, { jobId: 'metrics-c', delay: 3600_000 });
      const after = await scrape(docket);
      expect(at(after, 'waiting')).toBe(at(before, 'waiting') + 2);
      expect(at(after, 'delayed')).toBe(at(before, 'delayed') + 1);
      expect(at(after, 'active')).toBe(0);
      expect(at(after, 'failed')).toBe(at(before, 'failed'));
      expect(valueOf(after, 'docket_bullmq_jobs', { queue: 'triage', state: 'failed' })).toBe(1);
    } finally {
      await triage.close();
      await alerts.close();
    }
  });
});

describe('GET /metrics: one reading per interval, in each process', () => {
  let docket: Docket;
  let workerUrl: string;
  let queries: jest.SpyInstance;

  beforeAll(async () => {
    const workerPort = await metricsPort();
    // METRICS_REFRESH_MS left at its default (5000); the worker in this process has a listener of its own.
    docket = await startDocket({ worker: true, env: { METRICS_PORT: await metricsPort() }, workerEnv: { METRICS_PORT: workerPort } });
    workerUrl = `http://127.0.0.1:${workerPort}`;
    // The API's repository, wrapped (it still runs its SQL): each call is one statement of a reading against PostgreSQL.
    queries = jest.spyOn(docket.app.get(MetricsRepository), 'totals');
    // The clock stands still: only the test moves it past the interval.
    docket.clock.set(new Date());
  });
  afterAll(() => docket.close());

  const readings = (m: Map<string, Family>) => valueOf(m, 'docket_metrics_readings_total');
  const depth = (m: Map<string, Family>) => valueOf(m, 'docket_queue_depth', { tier: 'standard' });
  const queueOne = async () => {
    const postId = `metrics-${randomUUID()}`;
    await docket.db.query(`INSERT INTO posts (id) VALUES ($1)`, [postId]);
    await docket.db.query(
      `INSERT INTO cases (id, post_id, state, tier, category, categories, due_at, first_reported_at, queued_at)
       VALUES (gen_random_uuid(), $1, 'queued', 'standard', 'STATEMENT_CATEGORY_VIOLENCE', '{STATEMENT_CATEGORY_VIOLENCE}', now() + interval '1 day', now(), now())`,
      [postId],
    );
  };

  it('answers concurrent and repeated scrapes within METRICS_REFRESH_MS from one database reading', async () => {
    const url = listenerUrl(docket);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => scrapeUrl(url)));
    const one = await scrapeUrl(url);
    const two = await scrapeUrl(url);
    expect(queries).toHaveBeenCalledTimes(1);
    for (const m of [...concurrent, one, two]) {
      expect(readings(m)).toBe(1);
      expect(valueOf(m, 'docket_database_up')).toBe(1);
      expect(depth(m)).toBe(0);
    }

    // A case queued now is not seen until the interval is over: the scrape did not ask PostgreSQL.
    await queueOne();
    docket.clock.advance(4999);
    const cached = await scrapeUrl(url);
    expect(depth(cached)).toBe(0);
    expect(valueOf(cached, 'docket_metrics_reading_age_seconds')).toBe(4.999);
    expect(queries).toHaveBeenCalledTimes(1);

    // The interval is over: one new reading, however many scrapes come at once, and it sees the case.
    docket.clock.advance(1);
    const fresh = await Promise.all(Array.from({ length: 4 }, () => scrapeUrl(url)));
    expect(queries).toHaveBeenCalledTimes(2);
    for (const m of fresh) {
      expect(readings(m)).toBe(2);
      expect(depth(m)).toBe(1);
      expect(valueOf(m, 'docket_metrics_reading_age_seconds')).toBe(0);
    }
  });

  it('a worker serves its own /metrics: the same figures, read by its own reading, and its own runtime', async () => {
    const m = await scrapeUrl(workerUrl);
    expect(valueOf(m, 'docket_database_up')).toBe(1);
    expect(valueOf(m, 'docket_redis_up')).toBe(1);
    expect(depth(m)).toBe(1);
    expect(series(m, 'docket_bullmq_jobs')).toHaveLength(Object.values(QUEUES).length * 4);
    expect(m.has('process_cpu_user_seconds_total')).toBe(true);
    // Its readings are its own (the API made two), and it times no HTTP requests: it serves no API.
    expect(readings(m)).toBe(1);
    expect(series(m, 'docket_http_request_duration_seconds_count')).toEqual([]);
    expect(new URL(workerUrl).port).not.toBe(new URL(listenerUrl(docket)).port);
    expect((await request(workerUrl).get('/health')).status).toBe(404);
  });
});

/** PING over a plain socket: nothing (no client, no timer) outlives the check. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.write('PING\r\n');
  });
}

/** A redis-server of the test's own on a spare port, so it can be frozen (SIGSTOP) or killed. */
async function startRedisServer(port: number): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor(`redis-server on port ${port}`, () => pong(port));
  return server;
}

async function kill(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGCONT');
  server.kill('SIGKILL');
  await exited;
}

describe('GET /metrics when Redis stops answering', () => {
  let redis: ChildProcess;
  let port: number;
  let docket: Docket;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedisServer(port);
    docket = await startDocket({ env: { REDIS_URL: `redis://127.0.0.1:${port}/0`, METRICS_PORT: await metricsPort(), METRICS_REFRESH_MS: '0' } });
  });
  afterAll(async () => {
    // Redis back before shutdown, as in production restarts: the app's clients close cleanly.
    if (redis.exitCode !== null || redis.signalCode !== null) redis = await startRedisServer(port);
    await docket.close();
    await kill(redis);
  });

  it('still answers within 2 s, with docket_redis_up 0 and no BullMQ series, when Redis hangs or is gone', async () => {
    const up = await scrape(docket);
    expect(valueOf(up, 'docket_redis_up')).toBe(1);
    expect(valueOf(up, 'docket_bullmq_jobs', { queue: 'triage', state: 'waiting' })).toBe(0);

    // Frozen: connected, but no answer ever comes.
    redis.kill('SIGSTOP');
    let started = Date.now();
    let res = await metricsOf(listenerUrl(docket));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(200);
    let m = parseExposition(res.text);
    expect(valueOf(m, 'docket_redis_up')).toBe(0);
    expect(series(m, 'docket_bullmq_jobs')).toEqual([]);
    expect(valueOf(m, 'docket_database_up')).toBe(1);
    expect(valueOf(m, 'docket_queue_depth', { tier: 'standard' })).toBe(0);

    // Gone: connection refused.
    await kill(redis);
    started = Date.now();
    res = await metricsOf(listenerUrl(docket));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(200);
    m = parseExposition(res.text);
    expect(valueOf(m, 'docket_redis_up')).toBe(0);
    expect(series(m, 'docket_bullmq_jobs')).toEqual([]);
    expect(valueOf(m, 'docket_time_to_removal_seconds_count')).toBe(0);
  });
});
