/**
 * Staffing (issue 19): the staffing report over recorded history, and the live capacity alarm through the real worker
 * and alert webhook. Time is a TestClock the test moves; the reconciler and the alarm's loop are off
 * (RECONCILE_INTERVAL_MS=0, CAPACITY_INTERVAL_MS=0), so nothing fires behind the test's back, and the alarm's passes
 * are run by hand (CapacityAlarm.projectOnce), as its loop runs them.
 */
import { parse } from 'csv-parse/sync';
import { AppConfig } from '@docket/config';
import { MetricsService, ProcessMetrics } from '@docket/metrics';
import { CapacityAlarm, SimCase, staffingRows } from '@docket/staffing';
import { verifySignature } from '@docket/webhooks';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { Receiver } from './support/receiver';
import { fileQueued } from './support/review';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const NO_VIOLATION = { action: 'no_violation', explanation: 'Heated, but no call to violence.' };
const at = (base: string, ms: number) => new Date(Date.parse(base) + ms);
const seconds = (iso: string | Date) => new Date(iso).getTime() / 1000;

/** Claims the most urgent case at `claimAt` and decides it (no violation) at `decideAt`; returns the case id. */
async function claimAndDecide(docket: Docket, key: string, claimAt: Date, decideAt: Date): Promise<string> {
  docket.clock.set(claimAt);
  const claim = await docket.http().post('/v1/queue/claim').set(bearer(key)).send({});
  expect(claim.status).toBe(200);
  docket.clock.set(decideAt);
  const decided = await docket.http().post(`/v1/cases/${claim.body.id}/decision`).set(bearer(key)).send(NO_VIOLATION);
  expect(decided.status).toBe(200);
  return claim.body.id;
}

describe('the staffing report', () => {
  const T0 = '2026-03-02T09:00:00.000Z';
  const CASES = 36;
  const HANDLING_S = 300;
  let docket: Docket;
  let keys: { provider: string; moderator: string; auditor: string; senior: string; reporter: string };
  const filed: { receivedAt: string; dueAt: string }[] = [];

  beforeAll(async () => {
    docket = await startDocket({ worker: true, env: { RECONCILE_INTERVAL_MS: '0', CAPACITY_INTERVAL_MS: '0', LEASE_SECONDS: '3600' } });
    const [provider, moderator, auditor, senior, user] = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'moderator' }),
      createPrincipal(docket, { role: 'auditor' }),
      createPrincipal(docket, { role: 'senior' }),
      createPrincipal(docket, { role: 'reporter', kind: 'user' }),
    ]);
    keys = { provider: provider.apiKey, moderator: moderator.apiKey, auditor: auditor.apiKey, senior: senior.apiKey, reporter: user.apiKey };
    // The recorded history: a hosting provider's notice a minute (1-hour deadlines), each decided by a moderator who
    // took 300 s over it (claim to decision), one after another.
    for (let i = 0; i < CASES; i++) {
      docket.clock.set(at(T0, i * MINUTE));
      // Triage stamps queued_at from the same clock: the case is claimable from the minute it was filed.
      filed.push(await fileQueued(docket, keys.provider, keys.senior));
    }
    const start = at(T0, CASES * MINUTE).getTime();
    for (let i = 0; i < CASES; i++) {
      await claimAndDecide(docket, keys.moderator, new Date(start + i * HANDLING_S * 1000), new Date(start + (i + 1) * HANDLING_S * 1000));
    }
    docket.clock.set(at(T0, 6 * 3600_000));
  });
  afterAll(() => docket.close());

  const staffing = (query: Record<string, string>, key = keys.auditor) => docket.http().get('/v1/audit/staffing').query(query).set(bearer(key));

  it('replays the recorded arrivals and handling times: one moderator keeps 14 of 36 deadlines, two keep them all', async () => {
    const res = await staffing({ from: T0, to: at(T0, 3600_000).toISOString(), target: '0.99' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: T0, to: at(T0, 3600_000).toISOString(), target: 0.99, cases: CASES, decisions: CASES, seniors: 0, moderatorsNeeded: 2 });
    expect(res.body.rows.map((r: { moderators: number }) => r.moderators)).toEqual([1, 2, 3, 4]);
    const [one, two] = res.body.rows;
    // Worked by hand: alone, case i (filed at 60 i) is decided at 300 (i + 1): cases 0–13 by their deadline (60 i + 3600);
    // case 14 is still in hand at its deadline, goes to the senior tier (no senior worked this period), and so does every later one.
    expect(one).toMatchObject({ withinDeadline: Math.round((14 / 36) * 10_000) / 10_000, undecided: 22, worstSeconds: null, p50Seconds: null, peakBacklog: 29, meetsTarget: false });
    expect(one.fifo).toEqual({ withinDeadline: one.withinDeadline, p50Seconds: null, p90Seconds: null, worstSeconds: null, peakBacklog: 29, undecided: 22 });
    // Two: cases 2j and 2j+1 are both decided 180 j + 300 s after they were filed; the last (j = 17) after 3 360 s.
    // Sorted, the 36 times are 300, 300, 480, 480, …: the median lies between 1 740 (j = 8) and 1 920 (j = 9), p90 between 3 000 and 3 180.
    expect(two).toMatchObject({ withinDeadline: 1, undecided: 0, p50Seconds: 1830, p90Seconds: 3090, worstSeconds: 3360, meetsTarget: true });

    // The same numbers as the simulator run directly on the history as the test made it.
    const cases: SimCase[] = filed.map((f) => ({ arrival: seconds(f.receivedAt), ready: seconds(f.receivedAt), due: seconds(f.dueAt), handling: HANDLING_S, reportCount: 1, category: 'STATEMENT_CATEGORY_VIOLENCE', escalate: false }));
    const direct = await staffingRows(cases, { seniors: 0, handling: { fallbackSeconds: 120 }, seed: 1, leaseSeconds: 3600 }, 0.99);
    expect(res.body.rows).toEqual(direct.rows);
    expect(res.body.withUnlimitedModerators).toBe(direct.withUnlimitedModerators);

    await docket.sealAudit();
    const exported = await docket.db.query(`SELECT actor_role, data FROM audit_events WHERE action = 'audit.exported' AND subject_id = 'staffing' ORDER BY id DESC LIMIT 1`);
    expect(exported.rows[0]).toEqual({ actor_role: 'auditor', data: { from: T0, to: at(T0, 3600_000).toISOString(), target: 0.99, format: 'json' } });
  });

  it('answers CSV: a header row, then one row per number of moderators', async () => {
    const res = await staffing({ from: T0, to: at(T0, 3600_000).toISOString(), format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="docket-staffing-.+\.csv"$/);
    const records = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.moderators)).toEqual(['1', '2', '3', '4']);
    expect(records[0]).toMatchObject({ meetsTarget: 'false', withinDeadline: '0.3889', worstSeconds: '', undecided: '22', fifoPeakBacklog: '29' });
    expect(records[1]).toMatchObject({ meetsTarget: 'true', withinDeadline: '1', p50Seconds: '1830', worstSeconds: '3360' });
    // Accept: text/csv asks for the same.
    const byAccept = await docket.http().get('/v1/audit/staffing').query({ from: T0, to: at(T0, 3600_000).toISOString() }).set(bearer(keys.auditor)).set('Accept', 'text/csv');
    expect(byAccept.text).toBe(res.text);
  });

  it('says plainly when there is too little history (422), and when there is none (400)', async () => {
    const few = await staffing({ from: T0, to: at(T0, 20 * MINUTE).toISOString() });
    expect(few.status).toBe(422);
    expect(few.body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message: expect.stringContaining('at least 30 decisions') });
    expect(few.body.message).toContain('this period has 20');
    const none = await staffing({ from: '2030-01-01', to: '2030-02-01' });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ path: 'from', message: expect.stringContaining('no case was first reported in [from, to)') }]);
  });

  it.each([
    [{ target: '0' }, 'target'], [{ target: '1.5' }, 'target'], [{ target: '-0.5' }, 'target'], [{ target: 'most' }, 'target'], [{ target: '' }, 'target'],
    [{ from: 'yesterday' }, 'from'], [{ to: '2026-13-01' }, 'to'], [{ from: '2026-03-02', to: '2026-03-01' }, 'to'], [{ format: 'xlsx' }, 'format'],
    [{ groupBy: 'day' }, 'groupBy'],
  ])('refuses %j with 400 naming %s', async (query, field) => {
    const res = await staffing(query as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
  });

  it('is for auditors, seniors and admins', async () => {
    const query = { from: T0, to: at(T0, 3600_000).toISOString() };
    expect((await staffing(query, keys.senior)).status).toBe(200);
    expect((await staffing(query, docket.adminKey)).status).toBe(200);
    expect((await staffing(query, keys.moderator)).status).toBe(403);
    expect((await staffing(query, keys.reporter)).status).toBe(403);
    expect((await docket.http().get('/v1/audit/staffing').query(query)).status).toBe(401);
  });
});

describe('the capacity alarm', () => {
  const T1 = '2026-03-09T10:00:00.000Z';
  const ALERT_SECRET = 'alert-secret-capacity-0123456789';
  let docket: Docket;
  let alerts: Receiver;
  let alarm: CapacityAlarm;
  let provider: string;
  let senior: string;
  let moderators: string[];

  beforeAll(async () => {
    alerts = await Receiver.start();
    docket = await startDocket({
      worker: true,
      env: { RECONCILE_INTERVAL_MS: '0', CAPACITY_INTERVAL_MS: '0', LEASE_SECONDS: '3600', ALERT_WEBHOOK_URL: alerts.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET },
    });
    const made = await Promise.all([
      createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
      createPrincipal(docket, { role: 'senior' }),
      ...Array.from({ length: 5 }, (_, i) => createPrincipal(docket, { role: 'moderator', name: `volunteer ${i + 1}` })),
    ]);
    [provider, senior] = [made[0].apiKey, made[1].apiKey];
    moderators = made.slice(2).map((p) => p.apiKey);
    alarm = docket.fromWorker(CapacityAlarm);
  });
  afterAll(async () => {
    await docket.close();
    await alerts.close();
  });

  const capacityAlerts = () => alerts.received.filter((a) => String(a.body?.type).startsWith('capacity.'));
  const gauge = async (name: string) => (await docket.fromWorker(ProcessMetrics).registry.getSingleMetric(name)!.get()).values[0]?.value;

  it('stays quiet while one moderator keeps up, raises capacity.insufficient when the inflow outgrows them, once, and capacity.recovered when it clears', async () => {
    // A quiet start: three notices, each decided by one volunteer in two minutes.
    for (let i = 0; i < 3; i++) {
      docket.clock.set(at(T1, i * 2 * MINUTE));
      await fileQueued(docket, provider, senior);
      await claimAndDecide(docket, moderators[0], at(T1, i * 2 * MINUTE), at(T1, (i * 2 + 2) * MINUTE));
    }
    docket.clock.set(at(T1, 7 * MINUTE));
    const quiet = await alarm.projectOnce();
    expect(quiet).toMatchObject({ ran: true, raised: null, projection: { moderatorsActive: 1, atRiskCount: 0, projectedBreaches: 0, backlog: 0, handlingSecondsMedian: 120 } });
    expect(await gauge('docket_capacity_insufficient')).toBe(0);

    // The inflow rises: 40 notices with 1-hour deadlines in ten minutes, 80 minutes of work for the one volunteer.
    const burst: { caseId: string; dueAt: string }[] = [];
    for (let i = 0; i < 40; i++) {
      docket.clock.set(at(T1, 7 * MINUTE + i * 15_000));
      burst.push(await fileQueued(docket, provider, senior, {}, { text: `Storm the depot at dawn, bring rifles (${i}).` }));
    }
    docket.clock.set(at(T1, 17 * MINUTE));
    const raised = await alarm.projectOnce();
    expect(raised).toMatchObject({ ran: true, raised: 'capacity.insufficient' });
    if (!raised.ran) throw new Error('no pass');
    const p = raised.projection;
    expect(p.moderatorsActive).toBe(1);
    expect(p.moderatorsNeeded).toBeGreaterThanOrEqual(2);
    expect(p.atRiskCount).toBeGreaterThan(0);
    // The recent window is [T1 + 2 min, T1 + 17 min): the burst and two of the quiet notices, 42 in 15 minutes.
    expect(p.inflowPerHour).toEqual({ recent: 168, lastWeek: 0, projected: 168 });
    const byId = new Map(burst.map((b) => [b.caseId, b.dueAt]));
    for (const r of p.atRisk) expect(byId.get(r.caseId)).toBe(r.dueAt);

    const alert = await waitFor('the capacity.insufficient alert', () => capacityAlerts()[0]);
    expect(verifySignature(ALERT_SECRET, { timestamp: alert.headers['x-docket-timestamp'] as string, signature: alert.headers['x-docket-signature'] as string }, alert.rawBody)).toEqual({ ok: true });
    expect(alert.body).toEqual({
      type: 'capacity.insufficient', at: at(T1, 17 * MINUTE).toISOString(), since: at(T1, 17 * MINUTE).toISOString(),
      moderatorsActive: 1, moderatorsNeeded: p.moderatorsNeeded, moreModeratorsNeeded: p.moderatorsNeeded! - 1, seniorsActive: 0,
      atRisk: p.atRisk, atRiskCount: p.atRiskCount, projectedBreaches: p.projectedBreaches, horizonMinutes: 240, backlog: 40,
      inflowPerHour: p.inflowPerHour, handlingSecondsMedian: 120,
    });
    expect(alert.body.atRisk[0]).toEqual({ caseId: expect.any(String), dueAt: expect.any(String) });
    expect(await gauge('docket_capacity_insufficient')).toBe(1);
    expect(await gauge('docket_capacity_moderators_needed')).toBe(p.moderatorsNeeded);
    // On /metrics, as the worker's listener serves it.
    const scraped = (await docket.fromWorker(MetricsService).scrape()).body;
    expect(scraped).toContain(`docket_capacity_moderators_needed ${p.moderatorsNeeded}`);
    expect(scraped).toContain('docket_capacity_moderators_active 1');
    expect(scraped).toMatch(/docket_capacity_inflow_per_hour\{window="recent"\} 168/);

    // While it persists: no second alert.
    docket.clock.set(at(T1, 18 * MINUTE));
    expect(await alarm.projectOnce()).toMatchObject({ ran: true, raised: null, projection: { atRiskCount: expect.any(Number) } });
    await new Promise((r) => setTimeout(r, 500));
    expect(capacityAlerts()).toHaveLength(1);

    // Four more volunteers join and work the backlog down, two minutes a case; the burst leaves the recent window.
    let t = at(T1, 18 * MINUTE).getTime();
    for (let decided = 0; decided < 40; t += 2 * MINUTE) {
      docket.clock.set(new Date(t));
      const held: { key: string; caseId: string }[] = [];
      for (const key of moderators.slice(0, 40 - decided)) {
        const claim = await docket.http().post('/v1/queue/claim').set(bearer(key)).send({});
        expect(claim.status).toBe(200);
        held.push({ key, caseId: claim.body.id });
      }
      docket.clock.set(new Date(t + 2 * MINUTE));
      for (const { key, caseId } of held) expect((await docket.http().post(`/v1/cases/${caseId}/decision`).set(bearer(key)).send(NO_VIOLATION)).status).toBe(200);
      decided += held.length;
    }
    expect((await docket.db.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'queued'`)).rows[0].n).toBe(0);
    docket.clock.set(new Date(t + 5 * MINUTE));
    const recovered = await alarm.projectOnce();
    expect(recovered).toMatchObject({ ran: true, raised: 'capacity.recovered', projection: { atRiskCount: 0, projectedBreaches: 0, moderatorsActive: 5 } });
    const clear = await waitFor('the capacity.recovered alert', () => capacityAlerts().find((a) => a.body.type === 'capacity.recovered'));
    expect(clear.body).toMatchObject({ type: 'capacity.recovered', since: at(T1, 17 * MINUTE).toISOString(), atRisk: [], atRiskCount: 0, moderatorsActive: 5 });
    expect(verifySignature(ALERT_SECRET, { timestamp: clear.headers['x-docket-timestamp'] as string, signature: clear.headers['x-docket-signature'] as string }, clear.rawBody)).toEqual({ ok: true });
    expect(await gauge('docket_capacity_insufficient')).toBe(0);

    // Clear stays quiet.
    docket.clock.set(new Date(t + 6 * MINUTE));
    expect(await alarm.projectOnce()).toMatchObject({ ran: true, raised: null });
    await new Promise((r) => setTimeout(r, 300));
    expect(capacityAlerts().map((a) => a.body.type)).toEqual(['capacity.insufficient', 'capacity.recovered']);
  });

  it('runs one pass at a time: a worker finding another in a pass, or a projection younger than the interval, does nothing', async () => {
    const client = await docket.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock($1)`, [0x73746166]);
      expect(await alarm.projectOnce()).toEqual({ ran: false, why: 'locked' });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await alarm.projectOnce()).toMatchObject({ ran: true });

    // With the loop on, a worker coming less than an interval after another's pass finds the projection fresh.
    const config = docket.fromWorker(AppConfig);
    config.CAPACITY_INTERVAL_MS = 60_000;
    try {
      expect(await alarm.projectOnce()).toEqual({ ran: false, why: 'fresh' });
      docket.clock.advance(60_000);
      expect(await alarm.projectOnce()).toMatchObject({ ran: true });
    } finally {
      config.CAPACITY_INTERVAL_MS = 0;
    }
  });
});
